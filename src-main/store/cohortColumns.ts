// Reads a cohort table into typed columns (storedColumns.ts) in one pass over its rows:
// packed by SQLite where every value is plain (packedRead.ts), else row by row through
// better-sqlite3. Codes stay the codes the store holds; a code beyond its column's dictionary
// is a damaged workspace, said in words. Plain calls on a Database, so they run on any thread.
import { isoToDays } from '../../shared/civilDays.ts';
import { AppError } from '../../shared/errors.ts';
import type { CipherDatabase } from './cipherDatabase.ts';
import { packable, readPacked } from './packedRead.ts';
import {
  allocateColumn,
  resetFindings,
  trimColumns,
  type ColumnRequest,
  type StoredCodeColumn,
  type StoredColumn,
  type StoredRows,
} from './storedColumns.ts';

/** A rowid span above this (many deleted rows) falls back to count(*) to size the arrays. */
const MAX_ROWID_SPAN = 1 << 26;

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function codeWithoutCategory(table: string, column: string, code: number): AppError {
  return new AppError(
    'DAMAGED_WORKSPACE',
    `The ${table} table holds code ${code} in column ${column}, which has no category. Re-import the batch or repair the workspace.`,
  );
}

function readCode(table: string, column: StoredCodeColumn, value: unknown): number {
  if (typeof value !== 'number') return column.nullCode;
  const code = Math.trunc(value);
  if (!(code >= 0 && code < column.nullCode)) throw codeWithoutCategory(table, column.name, value);
  return code;
}

/**
 * The general reader: every row through better-sqlite3 (`.raw().iterate()`), one loop per
 * column inside the row loop. Returns the rows read.
 */
function readRowByRow(
  db: CipherDatabase,
  table: string,
  columns: readonly StoredColumn[],
  personIds: Int32Array,
): number {
  const rows = db
    .prepare(`SELECT person_id${columns.map((c) => `, ${quoted(c.name)}`).join('')} FROM ${quoted(table)} ORDER BY id`)
    .raw(true)
    .iterate() as IterableIterator<unknown[]>;
  const capacity = personIds.length;
  let i = 0;
  for (const row of rows) {
    if (i >= capacity)
      throw new AppError(
        'DAMAGED_WORKSPACE',
        `The ${table} table changed while it was being read; reopen the workspace.`,
      );
    const person = row[0];
    personIds[i] = typeof person === 'number' ? person : -1;
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k] as StoredColumn;
      const value = row[k + 1];
      switch (column.kind) {
        case 'code': {
          const code = readCode(table, column, value);
          column.codes[i] = code;
          column.seen[code] = 1;
          break;
        }
        case 'flag':
          if (value === null) {
            column.values[i] = 2;
            column.hasNull = true;
          } else column.values[i] = value ? 1 : 0;
          break;
        case 'date':
          column.days[i] = isoToDays(value as string | null);
          break;
        case 'number':
          column.values[i] = typeof value === 'number' ? value : NaN;
          break;
      }
    }
    i++;
  }
  return i;
}

/** The named columns of a table and its person ids, rows in rowid order. */
export function readCohortColumns(
  db: CipherDatabase,
  table: string,
  requests: readonly ColumnRequest[],
  options: { packed?: boolean } = {},
): StoredRows {
  // Rows are at most the span of the rowid (O(log n) to find); a full count(*) would decrypt
  // the whole table once more.
  const span = db.prepare(`SELECT min(id) AS lo, max(id) AS hi FROM ${quoted(table)}`).get() as {
    lo: number | null;
    hi: number | null;
  };
  let capacity = span.lo === null || span.hi === null ? 0 : span.hi - span.lo + 1;
  if (capacity > MAX_ROWID_SPAN)
    capacity = (db.prepare(`SELECT count(*) AS n FROM ${quoted(table)}`).get() as { n: number }).n;
  let personIds = new Int32Array(capacity);
  const columns = requests.map((request) => allocateColumn(request, capacity));
  let rowCount: number | null = null;
  if (options.packed !== false && span.lo !== null && span.hi !== null && packable(columns)) {
    rowCount = readPacked(db, table, { lo: span.lo, hi: span.hi }, personIds, columns);
    if (rowCount === null) resetFindings(columns);
  }
  rowCount ??= readRowByRow(db, table, columns, personIds);
  if (rowCount < capacity) {
    personIds = personIds.subarray(0, rowCount);
    trimColumns(columns, rowCount);
  }
  return { rowCount, personIds, columns };
}
