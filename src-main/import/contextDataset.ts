// Imports a context dataset (any extract beyond the three cohorts) under a name, with the
// columns inferred by contextColumns.ts and edited by the analyst: categories as integer
// codes in `context_categories`, dates ISO, months `YYYY-MM`, numbers REAL, free text only
// when the analyst includes it, and a `district` derived from an LSOA name, district name or
// code where a column holds one, or from an LSOA code through the workspace's geography
// lookup (a code the lookup lacks gives no district, and a warning). One transaction; the
// schema is migration 003's.
import { basename } from 'node:path';
import { DISTRICTS, UNKNOWN } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { districtRecoder, LSOA_CODE, type ContextColumn } from './contextColumns.ts';
import { detached } from './detached.ts';
import { sha256File } from './fileHash.ts';
import type { ImportTarget } from './importTarget.ts';
import { loadLsoaLookup } from './lsoaLookup.ts';
import { openSource, type SourceOptions } from './openSource.ts';
import { parseDate } from './parseDate.ts';

export const CONTEXT_NAME_PATTERN = /^[a-z][a-z0-9_]{0,40}$/;
const COLUMN_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export interface ContextImportOptions extends SourceOptions {
  name: string;
  label?: string;
  path: string;
  columns: readonly ContextColumn[];
  districtFrom?: string | null;
  signal?: AbortSignal;
}

export interface ContextImportResult {
  datasetId: number;
  tableName: string;
  rows: number;
  /** Per column: values that did not fit its kind and were stored as empty. */
  unreadable: Record<string, number>;
  districts: Record<string, number>;
  /** LSOA codes the geography lookup lacks (their district is empty), by source column. */
  unknownValues: Record<string, Array<{ value: string; count: number }>>;
  warnings: string[];
}

/** Distinct unknown LSOA codes kept with their counts; the total is always exact. */
const MAX_UNKNOWN_CODES = 1000;
const number = new Intl.NumberFormat('en-GB');

/** The warning about LSOA codes that gave no district. */
function unknownCodeWarning(
  column: string,
  rows: number,
  codes: ReadonlyArray<{ value: string; count: number }>,
  lookup: boolean,
): string {
  if (!lookup) {
    return `${column}: ${number.format(rows)} row(s) hold LSOA codes but this workspace has no geography lookup, so their district is empty. Import the ONS LSOA to district lookup, then import this file again.`;
  }
  const shown = codes
    .slice(0, 5)
    .map((c) => `${c.value} (${number.format(c.count)})`)
    .join(', ');
  return `${column}: ${number.format(rows)} row(s) hold LSOA codes the geography lookup does not have: ${shown}${codes.length > 5 ? ', ...' : ''}. Their district is empty (Unknown in Explore); LSOAs outside Cambridgeshire and Peterborough are expected here.`;
}

function sqlType(kind: ContextColumn['kind']): string {
  if (kind === 'category') return 'INTEGER';
  if (kind === 'number') return 'REAL';
  return 'TEXT';
}

export function hasContextTables(target: ImportTarget): boolean {
  return (
    target.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'context_datasets'`).get() !==
    undefined
  );
}

export async function importContextDataset(
  target: ImportTarget,
  options: ContextImportOptions,
): Promise<ContextImportResult> {
  const { name, path, signal } = options;
  if (!CONTEXT_NAME_PATTERN.test(name)) {
    throw new AppError(
      'BAD_REQUEST',
      `"${name}" cannot name a dataset: use lower-case letters, digits and _, starting with a letter.`,
    );
  }
  if (!hasContextTables(target))
    throw new AppError('INTERNAL', 'This workspace has no context dataset tables (schema version 3 is needed).');
  const db = target.db;
  if (db.prepare('SELECT 1 FROM context_datasets WHERE name = ?').get(name)) {
    throw new AppError('FILE_EXISTS', `A context dataset named "${name}" already exists. Choose another name.`);
  }
  const included = options.columns.filter((c) => c.included);
  for (const c of included) {
    if (!COLUMN_PATTERN.test(c.name) || c.name === 'district' || c.name === 'id' || c.name === 'source_row') {
      throw new AppError('BAD_REQUEST', `"${c.name}" cannot name a column: use lower-case letters, digits and _.`);
    }
  }
  const hash = await sha256File(path, signal);
  const source = await openSource(path, options);
  const tableName = `ctx_${name}`;
  try {
    const index = (header: string): number => {
      const i = source.headers.indexOf(header);
      if (i < 0) throw new AppError('BAD_REQUEST', `${basename(path)} has no column "${header}".`);
      return i;
    };
    const plan = included.map((c) => ({ column: c, index: index(c.source) }));
    const districtIndex = options.districtFrom ? index(options.districtFrom) : -1;
    const names = [...plan.map((p) => p.column.name), ...(districtIndex >= 0 ? ['district'] : [])];
    const lookup = districtIndex >= 0 ? loadLsoaLookup(db) : null;
    const unknownCodes = new Map<string, number>();
    let unknownCodeRows = 0;
    db.exec('BEGIN IMMEDIATE');
    try {
      const now = new Date().toISOString();
      const datasetId = Number(
        db
          .prepare(
            `INSERT INTO context_datasets (name, table_name, label, file_name, file_hash, columns, rows, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
          )
          .run(name, tableName, options.label ?? name, basename(path), hash, JSON.stringify(options.columns), now, now)
          .lastInsertRowid,
      );
      const columnsDdl = [
        ...plan.map((p) => `"${p.column.name}" ${sqlType(p.column.kind)}`),
        ...(districtIndex >= 0 ? ['"district" INTEGER'] : []),
      ];
      db.exec(
        `CREATE TABLE "${tableName}" (id INTEGER PRIMARY KEY, source_row INTEGER NOT NULL${columnsDdl.map((c) => `, ${c}`).join('')})`,
      );
      const insertCategory = db.prepare(
        'INSERT INTO context_categories (dataset_id, column_name, code, label, position) VALUES (?, ?, ?, ?, ?)',
      );
      const codes = new Map<string, Map<string, number>>();
      const codeOf = (column: string, label: string): number => {
        let map = codes.get(column);
        if (!map) codes.set(column, (map = new Map()));
        let code = map.get(label);
        if (code === undefined) {
          code = map.size;
          map.set(detached(label), code); // a cell would keep its chunk of the file alive
          insertCategory.run(datasetId, column, code, label, code);
        }
        return code;
      };
      if (districtIndex >= 0) for (const d of DISTRICTS) codeOf('district', d);
      const insert = db.prepare(
        `INSERT INTO "${tableName}" (source_row${names.map((n) => `, "${n}"`).join('')}) VALUES (?${names.map(() => ', ?').join('')})`,
      );
      const unreadable: Record<string, number> = {};
      const districts: Record<string, number> = {};
      const values: Array<string | number | null> = new Array(names.length + 1);
      let rows = 0;
      for await (const batch of source.batches()) {
        if (signal?.aborted)
          throw new AppError('CANCELLED', `The import of ${basename(path)} was cancelled; nothing was imported.`);
        for (const row of batch) {
          values[0] = row.line;
          plan.forEach((p, k) => {
            const raw = (row.cells[p.index] ?? '').trim();
            let value: string | number | null = null;
            if (raw !== '') {
              if (p.column.kind === 'category') value = codeOf(p.column.name, raw);
              else if (p.column.kind === 'number') value = Number.isFinite(Number(raw)) ? Number(raw) : null;
              else if (p.column.kind === 'date') value = parseDate(raw);
              else if (p.column.kind === 'month')
                value = /^\d{4}-\d{2}$/.test(raw) ? raw : (parseDate(raw)?.slice(0, 7) ?? null);
              else value = raw;
              if (value === null) unreadable[p.column.name] = (unreadable[p.column.name] ?? 0) + 1;
            }
            values[k + 1] = value;
          });
          if (districtIndex >= 0) {
            const raw = (row.cells[districtIndex] ?? '').trim();
            const code = raw.toUpperCase();
            let label: string | null;
            if (LSOA_CODE.test(code)) {
              label = lookup?.get(code) ?? null;
              if (label === null) {
                unknownCodeRows++;
                const seen = unknownCodes.get(code);
                if (seen !== undefined) unknownCodes.set(code, seen + 1);
                else if (unknownCodes.size < MAX_UNKNOWN_CODES) unknownCodes.set(detached(code), 1);
              }
            } else label = districtRecoder(raw) ?? UNKNOWN;
            districts[label ?? UNKNOWN] = (districts[label ?? UNKNOWN] ?? 0) + 1;
            values[names.length] = label === null ? null : codeOf('district', label);
          }
          insert.run(values);
          rows++;
        }
      }
      db.prepare('UPDATE context_datasets SET rows = ? WHERE id = ?').run(rows, datasetId);
      const unknownValues: ContextImportResult['unknownValues'] = {};
      const warnings: string[] = [];
      if (unknownCodeRows > 0 && options.districtFrom) {
        const codes = [...unknownCodes].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
        unknownValues[options.districtFrom] = codes;
        warnings.push(unknownCodeWarning(options.districtFrom, unknownCodeRows, codes, lookup !== null));
      }
      target.audit.append('context.import', {
        datasetId,
        name,
        file: basename(path),
        sha256: hash,
        rows,
        districtFrom: options.districtFrom ?? null,
        ...(unknownCodeRows > 0 ? { unknownLsoaCodeRows: unknownCodeRows } : {}),
      });
      db.exec('COMMIT');
      return { datasetId, tableName, rows, unreadable, districts, unknownValues, warnings };
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  } finally {
    await source.close();
  }
}
