// Imports a context dataset (any extract beyond the three cohorts) under a name, with the
// columns inferred by contextColumns.ts and edited by the analyst: categories as integer
// codes in `context_categories`, dates ISO, months `YYYY-MM`, numbers REAL, free text only
// when the analyst includes it, and a `district` derived from a place column (lsoaLookup.ts:
// an LSOA of another district is Outside area, a blank Unknown). Blanks and a literal Unknown,
// Not known or N/K are one Unknown (stored empty). A dataset grows a file at a time: a file
// added to an existing dataset is matched to its columns by name, or by position when the file
// has no header line, and is a batch of its own (migration 010) that the import history lists
// and can delete. A record holding a control byte is rejected with its row. One transaction.
import { basename } from 'node:path';
import { CONTEXT_PREFIX, DISTRICTS, UNKNOWN } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { defaultUserName } from './batchRecords.ts';
import { isUnknownValue, LSOA_CODE, type ContextColumn } from './contextColumns.ts';
import { detached } from './detached.ts';
import { sha256File } from './fileHash.ts';
import type { ImportTarget, SqlDatabase } from './importTarget.ts';
import { districtOfPlace, loadLsoaLookup } from './lsoaLookup.ts';
import { openSource, type SourceOptions } from './openSource.ts';
import { parseDate } from '../../shared/parseDate.ts';
import { controlByteReason } from './recordBatch.ts';
import type { SourceRow, TableSource } from './tableSource.ts';
import {
  addContextCategory,
  addContextRejectedRow,
  completeContextBatch,
  contextCategories,
  contextDatasetRow,
  contextRowInsert,
  contextTableHasDistrict,
  createContextDataset,
  hasContextTables as hasContextDatasetTables,
  nextContextRowId,
  openContextBatch,
  priorContextBatch,
  type ContextColumnType,
} from '../store/contextWrites.ts';
import { LineHashWriter, storedLineHashes } from '../store/lineHashes.ts';
import { beginImmediate, commit, rollbackIfOpen } from '../store/sqlConnection.ts';
import { keyedLineHashes, lineHashKey } from './lineHash.ts';
import { RowHashSet, rowHash } from './rowHash.ts';

export const CONTEXT_NAME_PATTERN = /^[a-z][a-z0-9_]{0,40}$/;
const COLUMN_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export interface ContextImportOptions extends SourceOptions {
  name: string;
  label?: string;
  path: string;
  /** The columns of a new dataset (a file added to an existing one takes the dataset's). */
  columns: readonly ContextColumn[];
  districtFrom?: string | null;
  /** Add the file to the dataset of this name when there is one (else a dataset of that name exists: refused). */
  append?: boolean;
  /** The same file already in the dataset is refused unless `import`. */
  onDuplicateFile?: 'refuse' | 'import';
  /**
   * Lines the dataset already holds (an earlier file overlapping this one): kept and counted
   * (default: these files have no record reference, and police.uk repeats distinct anti-social
   * behaviour lines exactly), or rejected.
   */
  duplicates?: 'keep' | 'reject';
  signal?: AbortSignal;
}

export interface ContextImportResult {
  datasetId: number;
  tableName: string;
  /** The import batch of this file. */
  batchId: number;
  /** True when the file was added to an existing dataset. */
  appended: boolean;
  /** Rows of this file stored. */
  rows: number;
  /** Rows of the dataset after this file. */
  datasetRows: number;
  /** Records rejected (a control byte in a field), with their rows. */
  rejected: Array<{ line: number; reason: string }>;
  /** Per column: values that did not fit its kind and were stored as empty. */
  unreadable: Record<string, number>;
  /** Rows of this file by district. */
  districts: Record<string, number>;
  /** LSOA codes that gave no district (no geography lookup), by source column. */
  unknownValues: Record<string, Array<{ value: string; count: number }>>;
  /** Lines of this file the dataset already held, in every column (kept or rejected per `duplicates`). */
  alreadyInWorkspace: number;
  /** Of those, the ones rejected (`duplicates: 'reject'`). */
  duplicatesRejected: number;
  /** Lines repeating, in every column, an earlier line of this file (always kept: distinct incidents). */
  repeatedInFile: number;
  warnings: string[];
}

/** Distinct unknown LSOA codes kept with their counts; the total is always exact. */
const MAX_UNKNOWN_CODES = 1000;
/** Rejected records kept (with their rows) in the result; all are counted and stored. */
const MAX_REJECTED_LISTED = 100;
const number = new Intl.NumberFormat('en-GB');

function unknownPlaceWarning(
  column: string,
  rows: number,
  places: ReadonlyArray<{ value: string; count: number }>,
  lookup: boolean,
): string {
  if (!lookup && places.every((p) => LSOA_CODE.test(p.value))) {
    return `${column}: ${number.format(rows)} row(s) hold LSOA codes but this workspace has no geography lookup, so their district is empty. Import the ONS LSOA to district lookup, then import this file again.`;
  }
  const shown = places
    .slice(0, 5)
    .map((c) => `${c.value} (${number.format(c.count)})`)
    .join(', ');
  return `${column}: ${number.format(rows)} row(s) name no place this workspace knows: ${shown}${places.length > 5 ? ', ...' : ''}. Their district is Unknown.`;
}

function sqlType(kind: ContextColumn['kind']): ContextColumnType {
  if (kind === 'category') return 'INTEGER';
  if (kind === 'number') return 'REAL';
  return 'TEXT';
}

export function hasContextTables(target: ImportTarget): boolean {
  return hasContextDatasetTables(target.db);
}

interface ExistingDataset {
  id: number;
  tableName: string;
  columns: ContextColumn[];
  districtFrom: string | null;
  hasDistrict: boolean;
  rows: number;
}

/** The dataset of this name, or undefined. */
export function existingContextDataset(db: SqlDatabase, name: string): ExistingDataset | undefined {
  const row = contextDatasetRow(db, name);
  if (row === undefined) return undefined;
  if (!/^ctx_[a-z][a-z0-9_]{0,40}$/.test(row.table_name))
    throw new AppError('DAMAGED_WORKSPACE', `The context dataset "${name}" has an invalid table name.`);
  const hasDistrict = contextTableHasDistrict(db, row.table_name);
  return {
    id: row.id,
    tableName: row.table_name,
    columns: JSON.parse(row.columns) as ContextColumn[],
    districtFrom: row.district_from,
    hasDistrict,
    rows: row.rows,
  };
}

/** Refuses a file whose first line reads as data, unless it was opened as having no header. */
function checkHeader(source: TableSource, file: string, appending: boolean): void {
  if (source.hasHeader === false || !source.firstLineIsData) return;
  throw new AppError(
    'INVALID_FILE',
    `${file}, line 1: this looks like data, not a header line (${source.firstLineIsData}). If the file has no header line, import it as one without (--no-header${appending ? ': its columns are then the dataset’s, by position' : ''}).`,
  );
}

/** The file's column index for each of the dataset's columns, by name. */
function columnIndexes(source: TableSource, columns: readonly ContextColumn[], file: string): Map<string, number> {
  const indexes = new Map<string, number>();
  const lower = source.headers.map((h) => h.trim().toLowerCase());
  const missing: string[] = [];
  for (const c of columns) {
    const i = lower.indexOf(c.source.trim().toLowerCase());
    if (i < 0) missing.push(c.source);
    else indexes.set(c.source, i);
  }
  if (missing.length > 0) {
    throw new AppError(
      'INVALID_FILE',
      `${file} has no column ${missing.map((m) => `“${m}”`).join(', ')} (its columns: ${source.headers.join(', ')}). A file added to a dataset needs the dataset's columns, by name or, without a header line, by position.`,
    );
  }
  return indexes;
}

export async function importContextDataset(
  target: ImportTarget,
  options: ContextImportOptions,
): Promise<ContextImportResult> {
  const { name, path, signal } = options;
  const file = basename(path);
  if (!CONTEXT_NAME_PATTERN.test(name)) {
    throw new AppError(
      'BAD_REQUEST',
      `"${name}" cannot name a dataset: use lower-case letters, digits and _, starting with a letter.`,
    );
  }
  if (!hasContextTables(target))
    throw new AppError('INTERNAL', 'This workspace has no context dataset tables (schema version 3 is needed).');
  const db = target.db;
  const existing = existingContextDataset(db, name);
  if (existing && !options.append) {
    throw new AppError(
      'FILE_EXISTS',
      `A context dataset named "${name}" already exists. Add this file to it, or choose another name.`,
    );
  }
  const cohort = `${CONTEXT_PREFIX}${name}`;
  const columns = existing ? existing.columns : [...options.columns];
  const included = columns.filter((c) => c.included);
  for (const c of included) {
    if (!COLUMN_PATTERN.test(c.name) || c.name === 'district' || c.name === 'id' || c.name === 'source_row') {
      throw new AppError('BAD_REQUEST', `"${c.name}" cannot name a column: use lower-case letters, digits and _.`);
    }
  }
  const hash = await sha256File(path, signal);
  if (existing && options.onDuplicateFile !== 'import') {
    const prior = priorContextBatch(db, cohort, hash);
    if (prior) {
      throw new AppError(
        'FILE_EXISTS',
        `${file} is already in the dataset "${name}" (batch ${prior.id}, ${prior.file_name}${prior.finished_at ? `, ${prior.finished_at.slice(0, 10)}` : ''}). Delete that batch first, or import the file again on purpose.`,
      );
    }
  }
  const sourceOptions: SourceOptions = { ...options };
  // A headerless file's columns are the dataset's, by position (the check of a header compares with them too).
  if (existing) sourceOptions.columnNames = existing.columns.map((c) => c.source);
  const source = await openSource(path, sourceOptions);
  const tableName = existing ? existing.tableName : `ctx_${name}`;
  try {
    checkHeader(source, file, existing !== undefined);
    if (source.hasHeader === false && existing && source.headers.length !== existing.columns.length) {
      throw new AppError(
        'INVALID_FILE',
        `${file}, line 1: ${source.headers.length} fields, but the dataset "${name}" has ${existing.columns.length} columns; a file without a header line is added by position, so it needs the same columns in the same order.`,
      );
    }
    const indexes = columnIndexes(source, included, file);
    const plan = included.map((c) => ({ column: c, index: indexes.get(c.source) as number }));
    const districtFrom = existing ? existing.districtFrom : (options.districtFrom ?? null);
    const deriveDistrict = existing ? existing.hasDistrict && districtFrom !== null : districtFrom !== null;
    const districtIndex = deriveDistrict
      ? (columnIndexes(source, [{ source: districtFrom } as ContextColumn], file).get(districtFrom as string) as number)
      : -1;
    const names = [...plan.map((p) => p.column.name), ...(districtIndex >= 0 ? ['district'] : [])];
    const lookup = districtIndex >= 0 ? loadLsoaLookup(db) : null;
    const unknownPlaces = new Map<string, number>();
    let unknownPlaceRows = 0;
    const startedAt = new Date().toISOString();
    const userName = target.userName?.() ?? defaultUserName();
    beginImmediate(db);
    try {
      const datasetId = existing
        ? existing.id
        : createContextDataset(db, {
            name,
            tableName,
            label: options.label ?? name,
            fileName: file,
            fileHash: hash,
            columnsJson: JSON.stringify(columns),
            createdAt: startedAt,
            districtFrom,
            tableColumns: [
              ...plan.map((p) => ({ name: p.column.name, type: sqlType(p.column.kind) })),
              ...(districtIndex >= 0 ? [{ name: 'district', type: 'INTEGER' as const }] : []),
            ],
          });
      const batchId = openContextBatch(db, {
        dataset: cohort,
        fileName: file,
        fileHash: hash,
        startedAt,
        userName,
      });
      const firstRow = nextContextRowId(db, tableName);

      const codes = new Map<string, { byLabel: Map<string, number>; next: number; position: number }>();
      for (const c of contextCategories(db, datasetId)) {
        let entry = codes.get(c.column_name);
        if (!entry) codes.set(c.column_name, (entry = { byLabel: new Map(), next: 0, position: 0 }));
        entry.byLabel.set(c.label, c.code);
        entry.next = Math.max(entry.next, c.code + 1);
        entry.position = Math.max(entry.position, c.position + 1);
      }
      const codeOf = (column: string, label: string): number => {
        let entry = codes.get(column);
        if (!entry) codes.set(column, (entry = { byLabel: new Map(), next: 0, position: 0 }));
        let code = entry.byLabel.get(label);
        if (code === undefined) {
          code = entry.next++;
          entry.byLabel.set(detached(label), code); // a cell would keep its chunk of the file alive
          addContextCategory(db, datasetId, { column_name: column, code, label, position: entry.position++ });
        }
        return code;
      };
      if (districtIndex >= 0) for (const d of DISTRICTS) codeOf('district', d);
      const insert = contextRowInsert(db, tableName, names);
      const unreadable: Record<string, number> = {};
      const districts: Record<string, number> = {};
      const rejected: ContextImportResult['rejected'] = [];
      let rejectedCount = 0;
      // Lines the dataset already holds, by their keyed hash (lineHash.ts), as for cohorts.
      const lineKey = lineHashKey(new Uint8Array(target.hmacSecret()), cohort);
      const storedLines = new RowHashSet(storedLineHashes(db, cohort));
      const lineHashWriter = new LineHashWriter(db, batchId);
      let alreadyInWorkspace = 0;
      let duplicatesRejected = 0;
      const seenInFile = new Set<number>();
      let repeatedInFile = 0;
      const values: Array<string | number | null> = new Array(names.length + 1);
      let rows = 0;
      let rowsRead = 0;
      for await (const batch of source.batches()) {
        if (signal?.aborted)
          throw new AppError('CANCELLED', `The import of ${file} was cancelled; nothing was imported.`);
        const keyed = keyedLineHashes(
          lineKey,
          batch.map((row) => rowHash(row.cells)),
        );
        const storedHashes: number[] = [];
        for (let i = 0; i < batch.length; i++) {
          const row = batch[i] as SourceRow;
          rowsRead++;
          if (row.control) {
            const reason = controlByteReason(row.control);
            const column = source.headers[row.control.column - 1] ?? '(row)';
            const raw = Object.fromEntries(plan.map((p) => [p.column.source, row.cells[p.index] ?? '']));
            addContextRejectedRow(
              db,
              batchId,
              row.line,
              JSON.stringify([{ column, value: reason, rule: 'control_byte' }]),
              JSON.stringify(raw),
            );
            if (rejected.length < MAX_REJECTED_LISTED) rejected.push({ line: row.line, reason });
            rejectedCount++;
            continue;
          }
          const hash = keyed[i] as number;
          if (seenInFile.has(hash)) repeatedInFile++;
          else seenInFile.add(hash);
          if (storedLines.size > 0 && storedLines.has(hash)) {
            alreadyInWorkspace++;
            if (options.duplicates === 'reject') {
              const reason = 'repeats, in every column, a line already in the dataset';
              const raw = Object.fromEntries(plan.map((p) => [p.column.source, row.cells[p.index] ?? '']));
              addContextRejectedRow(
                db,
                batchId,
                row.line,
                JSON.stringify([{ column: '(row)', value: reason, rule: 'duplicate' }]),
                JSON.stringify(raw),
              );
              if (rejected.length < MAX_REJECTED_LISTED) rejected.push({ line: row.line, reason });
              rejectedCount++;
              duplicatesRejected++;
              continue;
            }
          }
          values[0] = row.line;
          plan.forEach((p, k) => {
            const raw = (row.cells[p.index] ?? '').trim();
            let value: string | number | null = null;
            if (raw !== '') {
              if (p.column.kind === 'category') value = isUnknownValue(raw) ? null : codeOf(p.column.name, raw);
              else if (p.column.kind === 'number') value = Number.isFinite(Number(raw)) ? Number(raw) : null;
              else if (p.column.kind === 'date') value = parseDate(raw);
              else if (p.column.kind === 'month')
                value = /^\d{4}-\d{2}$/.test(raw) ? raw : (parseDate(raw)?.slice(0, 7) ?? null);
              else value = isUnknownValue(raw) ? null : raw;
              if (value === null && !isUnknownValue(raw))
                unreadable[p.column.name] = (unreadable[p.column.name] ?? 0) + 1;
            }
            values[k + 1] = value;
          });
          if (districtIndex >= 0) {
            const raw = (row.cells[districtIndex] ?? '').trim();
            const label = districtOfPlace(raw, lookup);
            if (label === null) {
              unknownPlaceRows++;
              const key = LSOA_CODE.test(raw.toUpperCase()) ? raw.toUpperCase() : raw;
              const seen = unknownPlaces.get(key);
              if (seen !== undefined) unknownPlaces.set(key, seen + 1);
              else if (unknownPlaces.size < MAX_UNKNOWN_CODES) unknownPlaces.set(detached(key), 1);
            }
            const shown = label ?? UNKNOWN;
            districts[shown] = (districts[shown] ?? 0) + 1;
            values[names.length] = label === null || label === UNKNOWN ? null : codeOf('district', label);
          }
          insert(values);
          storedHashes.push(hash);
          rows++;
        }
        lineHashWriter.write(Float64Array.from(storedHashes));
      }
      completeContextBatch(db, {
        id: batchId,
        datasetId,
        rowsRead,
        accepted: rows,
        rejected: rejectedCount,
        firstRow,
        lastRow: nextContextRowId(db, tableName) - 1,
        finishedAt: new Date().toISOString(),
      });
      const datasetRows = (existing?.rows ?? 0) + rows;
      const unknownValues: ContextImportResult['unknownValues'] = {};
      const warnings: string[] = [];
      if (unknownPlaceRows > 0 && districtFrom) {
        const places = [...unknownPlaces].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
        unknownValues[districtFrom] = places;
        warnings.push(unknownPlaceWarning(districtFrom, unknownPlaceRows, places, lookup !== null));
      }
      if (alreadyInWorkspace > 0)
        warnings.push(
          `${number.format(alreadyInWorkspace)} line(s) repeat, in every column, a line the dataset already held (an earlier file overlapping this one): ${duplicatesRejected > 0 ? 'rejected' : 'kept as distinct records (police.uk repeats distinct incidents exactly); reject them with duplicates "reject"'}.`,
        );
      if (rejectedCount > duplicatesRejected) {
        const lines = rejected
          .filter((r) => !r.reason.startsWith('repeats'))
          .slice(0, 5)
          .map((r) => r.line);
        warnings.push(
          `${number.format(rejectedCount - duplicatesRejected)} record(s) held a control byte (a damaged field) and were rejected: row(s) ${lines.join(', ')}${rejectedCount - duplicatesRejected > lines.length ? ', ...' : ''}. The import history lists them.`,
        );
      }
      target.audit.append('context.import', {
        datasetId,
        name,
        batchId,
        appended: existing !== undefined,
        file,
        sha256: hash,
        rows,
        rejected: rejectedCount,
        header: source.hasHeader !== false,
        districtFrom,
        ...(unknownPlaceRows > 0 ? { unknownPlaceRows } : {}),
      });
      commit(db);
      return {
        datasetId,
        tableName,
        batchId,
        appended: existing !== undefined,
        rows,
        datasetRows,
        rejected,
        unreadable,
        districts,
        unknownValues,
        alreadyInWorkspace,
        duplicatesRejected,
        repeatedInFile,
        warnings,
      };
    } catch (error) {
      rollbackIfOpen(db);
      throw error;
    }
  } finally {
    await source.close();
  }
}
