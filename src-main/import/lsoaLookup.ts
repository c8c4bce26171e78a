// The geography lookup: ONS's "LSOA to Local Authority District" lookup (LSOA11CD, LSOA11NM,
// LAD19CD, LAD19NM, or the 2021 vintage's LSOA21CD, LAD22CD, ...), imported once into the
// workspace because there is no internet to fetch it from. Context datasets whose only
// geography is an LSOA code (E01018088) get their district from it. The LSOA code column is
// found by its header (LSOA11CD) or its values; the district by an ONS code column (LAD19CD)
// or else a name column (LAD19NM), recoded like any district value. Rows of districts outside
// the six are counted and ignored. The new lookup replaces the old one in one transaction
// (schema: migration 004).
import { basename } from 'node:path';
import { DISTRICTS, UNKNOWN } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { Progress } from '../../shared/protocol.ts';
import {
  hasLookupTables,
  lookupDistrictCounts,
  lookupHasRows,
  lookupPairs,
  lookupSource,
  replaceLookup,
} from '../store/lookupWrites.ts';
import { beginImmediate, commit, rollbackIfOpen } from '../store/sqlConnection.ts';
import { defaultUserName } from './batchRecords.ts';
import { districtRecoder, isUnknownValue, LSOA_CODE } from './contextColumns.ts';
import { detached } from './detached.ts';
import { hashExtract } from './fileHash.ts';
import type { ImportTarget, SqlDatabase } from './importTarget.ts';
import { openSource, type SourceOptions } from './openSource.ts';
import type { SourceRow } from './tableSource.ts';

const ONS_CODE = /^[EWSN]\d{8}$/;
const LAD_CODE = /^[EW]0[6-9]\d{6}$/;
const LSOA_HEADER = /^LSOA\d*CD$/i;
const DISTRICT_CODE_HEADER = /^(LAD|LTLA)\d*CD$/i;
const DISTRICT_NAME_HEADER = /^(LAD|LTLA)\d*NM$/i;
/** Rows read before the columns are chosen, when no header names them. */
const SNIFF_ROWS = 200;

/** The six districts a lookup keeps (not "Outside area", not "Unknown"). */
export const AREA_DISTRICTS: ReadonlySet<string> = new Set(
  DISTRICTS.filter((d) => d !== 'Outside area' && d !== UNKNOWN),
);

export interface LsoaLookupInfo {
  fileName: string;
  importedAt: string;
  userName: string;
  lsoaColumn: string;
  districtColumn: string;
  rowsRead: number;
  /** LSOAs of the six districts held. */
  lsoas: number;
  /** Rows of districts outside Cambridgeshire and Peterborough, ignored. */
  outsideArea: number;
  /** LSOAs per district, in codebook order. */
  districts: Record<string, number>;
}

export interface LsoaLookupImport {
  lookup: LsoaLookupInfo;
  /** LSOAs of the lookup this one replaced (0 when there was none). */
  replaced: number;
}

export interface LsoaLookupOptions extends SourceOptions {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** The lookup held in the workspace, or null when none was imported. */
export function lsoaLookupInfo(db: SqlDatabase): LsoaLookupInfo | null {
  if (!hasLookupTables(db)) return null;
  const row = lookupSource(db);
  if (!row) return null;
  const counts = lookupDistrictCounts(db);
  return {
    fileName: row.file_name,
    importedAt: row.imported_at,
    userName: row.user_name,
    lsoaColumn: row.lsoa_column,
    districtColumn: row.district_column,
    rowsRead: row.rows_read,
    lsoas: counts.reduce((sum, c) => sum + c.n, 0),
    outsideArea: row.outside_area,
    districts: Object.fromEntries(counts.map((c) => [c.label, c.n])),
  };
}

export function hasLsoaLookup(db: SqlDatabase): boolean {
  return hasLookupTables(db) && lookupHasRows(db);
}

/** LSOA code to district label, or null when the workspace holds no lookup. */
export function loadLsoaLookup(db: SqlDatabase): Map<string, string> | null {
  if (!hasLookupTables(db)) return null;
  const rows = lookupPairs(db);
  return rows.length === 0 ? null : new Map(rows.map((r) => [r.code, r.label]));
}

interface ChosenColumns {
  lsoa: number;
  district: number;
  /** An ONS district code column (checked as codes) or a name column. */
  districtKind: 'code' | 'name';
}

/** The LSOA code and district columns, by header first, then by the values of the first rows. */
function chooseColumns(headers: readonly string[], sample: readonly SourceRow[], file: string): ChosenColumns {
  const allMatch = (i: number, pattern: RegExp): boolean => {
    const values = sample.map((r) => (r.cells[i] ?? '').trim()).filter((v) => v !== '');
    return values.length > 0 && values.every((v) => pattern.test(v.toUpperCase()));
  };
  const columns = headers.map((_, i) => i);
  const lsoa =
    columns.find((i) => LSOA_HEADER.test(headers[i] as string)) ?? columns.find((i) => allMatch(i, LSOA_CODE)) ?? -1;
  const listed = headers.join(', ');
  if (lsoa < 0) {
    throw new AppError(
      'INVALID_FILE',
      `${file} has no LSOA code column: expected a column such as LSOA11CD or LSOA21CD, or one holding codes such as E01018088 (its columns: ${listed}).`,
    );
  }
  const code =
    columns.find((i) => i !== lsoa && DISTRICT_CODE_HEADER.test(headers[i] as string)) ??
    columns.find((i) => i !== lsoa && allMatch(i, LAD_CODE));
  if (code !== undefined) return { lsoa, district: code, districtKind: 'code' };
  const name = columns.find((i) => i !== lsoa && DISTRICT_NAME_HEADER.test(headers[i] as string));
  if (name !== undefined) return { lsoa, district: name, districtKind: 'name' };
  throw new AppError(
    'INVALID_FILE',
    `${file} has no district column: expected an ONS district code column such as LAD19CD or LAD22CD, or a district name column such as LAD19NM, beside ${headers[lsoa]} (its columns: ${listed}).`,
  );
}

/** Reads, checks and stores the lookup, replacing the workspace's previous one. */
export async function importLsoaLookup(
  target: ImportTarget,
  path: string,
  options: LsoaLookupOptions = {},
): Promise<LsoaLookupImport> {
  const { signal, onProgress } = options;
  const file = basename(path);
  const cancelled = (): AppError =>
    new AppError('CANCELLED', `The import of ${file} was cancelled; the previous lookup is kept.`);
  if (!hasLookupTables(target.db))
    throw new AppError('INTERNAL', 'This workspace has no geography lookup tables (schema version 4 is needed).');
  const hash = await hashExtract(path, signal, cancelled);
  const source = await openSource(path, options);
  const headers = source.headers;
  const lookup = new Map<string, string>();
  let rowsRead = 0;
  let outsideArea = 0;
  let columns: ChosenColumns;
  try {
    // The first rows choose the columns (when no header names them), then every row is read.
    const batches = source.batches()[Symbol.asyncIterator]();
    const first: SourceRow[][] = [];
    let sampled = 0;
    while (sampled < SNIFF_ROWS) {
      const next = await batches.next();
      if (next.done) break;
      first.push(next.value);
      sampled += next.value.length;
    }
    columns = chooseColumns(headers, first.flat().slice(0, SNIFF_ROWS), file);
    const { lsoa, district, districtKind } = columns;
    const lsoaColumn = headers[lsoa] as string;
    const districtColumn = headers[district] as string;
    const read = (batch: readonly SourceRow[]): void => {
      for (const row of batch) {
        rowsRead++;
        const where = (column: string): string => `${file}, row ${row.line}, column ${column}`;
        const rawDistrict = (row.cells[district] ?? '').trim();
        if (rawDistrict === '') throw new AppError('INVALID_FILE', `${where(districtColumn)}: the district is empty.`);
        if (districtKind === 'code' && !ONS_CODE.test(rawDistrict.toUpperCase())) {
          throw new AppError(
            'INVALID_FILE',
            `${where(districtColumn)}: “${rawDistrict}” is not an ONS district code (such as E07000010).`,
          );
        }
        // Rows of other districts are only counted (a UK-wide file's Scottish data zones included).
        const label = districtRecoder(rawDistrict);
        if (typeof label !== 'string' || !AREA_DISTRICTS.has(label)) {
          outsideArea++;
          continue;
        }
        const rawCode = (row.cells[lsoa] ?? '').trim();
        const code = rawCode.toUpperCase();
        if (!LSOA_CODE.test(code)) {
          throw new AppError(
            'INVALID_FILE',
            rawCode === ''
              ? `${where(lsoaColumn)}: the LSOA code is empty.`
              : `${where(lsoaColumn)}: “${rawCode}” is not an LSOA code (such as E01018088).`,
          );
        }
        const previous = lookup.get(code);
        if (previous === undefined) lookup.set(detached(code), label);
        else if (previous !== label) {
          throw new AppError(
            'INVALID_FILE',
            `${where(districtColumn)}: LSOA ${code} is given the district ${label} here and ${previous} on an earlier row; a lookup gives each LSOA one district.`,
          );
        }
      }
      onProgress?.({ phase: 'Reading the lookup', done: source.bytesRead(), total: source.bytesTotal });
    };
    for (const batch of first) read(batch);
    for (let next = await batches.next(); !next.done; next = await batches.next()) {
      if (signal?.aborted) throw cancelled();
      read(next.value);
    }
  } finally {
    await source.close();
  }
  const lsoaColumn = headers[columns.lsoa] as string;
  const districtColumn = headers[columns.district] as string;
  if (rowsRead === 0) throw new AppError('INVALID_FILE', `${file} has a header row but no data rows.`);
  if (lookup.size === 0) {
    throw new AppError(
      'INVALID_FILE',
      `${file}, column ${districtColumn}: none of its ${rowsRead} rows is an LSOA of Cambridgeshire and Peterborough's six districts; the previous lookup is kept.`,
    );
  }
  if (signal?.aborted) throw cancelled();

  const db = target.db;
  const districtCodes = target.categoryCodes('district');
  beginImmediate(db);
  try {
    const districts: Array<[string, number]> = [];
    for (const [code, label] of lookup) {
      const districtCode = districtCodes.get(label);
      if (districtCode === undefined)
        throw new AppError('DAMAGED_WORKSPACE', `The workspace's codebook has no district “${label}”.`);
      districts.push([code, districtCode]);
    }
    const replaced = replaceLookup(db, districts, {
      file_name: file,
      file_hash: hash,
      lsoa_column: lsoaColumn,
      district_column: districtColumn,
      rows_read: rowsRead,
      outside_area: outsideArea,
      imported_at: new Date().toISOString(),
      user_name: target.userName?.() ?? defaultUserName(),
    });
    target.audit.append('geography.import', {
      file,
      sha256: hash,
      lsoaColumn,
      districtColumn,
      rowsRead,
      lsoas: lookup.size,
      outsideArea,
      replaced,
    });
    commit(db);
    onProgress?.({ phase: 'done', done: rowsRead, total: rowsRead });
    return { lookup: lsoaLookupInfo(db) as LsoaLookupInfo, replaced };
  } catch (error) {
    rollbackIfOpen(db);
    throw error;
  }
}

/** An LSOA name as police.uk writes it: the district, then three digits and a letter ("Fenland 012A"). */
const LSOA_NAME = /^(.+?)\s+\d{3}[A-Z]$/i;

/**
 * The district of a place value: an LSOA name ("Fenland 012A"; another district's, such as
 * "Bedford 004E", is Outside area), an LSOA code (through the lookup: a code it lacks is Outside
 * area, as the lookup holds every LSOA of the six districts), a district name or ONS code. A
 * blank is Unknown. Null when it cannot be told: an LSOA code with no lookup in the workspace,
 * or a value that names no place known.
 */
export function districtOfPlace(raw: string, lookup: ReadonlyMap<string, string> | null): string | null {
  const value = raw.trim();
  if (value === '' || isUnknownValue(value)) return UNKNOWN;
  const code = value.toUpperCase();
  if (LSOA_CODE.test(code)) return lookup === null ? null : (lookup.get(code) ?? OUTSIDE_AREA);
  const lsoaName = LSOA_NAME.exec(value);
  if (lsoaName) {
    const district = districtRecoder(lsoaName[1] as string);
    return typeof district === 'string' && AREA_DISTRICTS.has(district) ? district : OUTSIDE_AREA;
  }
  const district = districtRecoder(value);
  if (typeof district === 'string' && district !== UNKNOWN) return district;
  if (/^[EW]0[6-9]\d{6}$/.test(code)) return OUTSIDE_AREA; // another district's ONS code
  return null;
}

export const OUTSIDE_AREA = 'Outside area';
