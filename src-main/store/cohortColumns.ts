// Reads a cohort's table (or a context dataset's) into typed columns (storedColumns.ts) in one
// pass over its rows: packed by SQLite where every value is plain (packedRead.ts), else row by
// row through better-sqlite3. Codes stay the codes the store holds; a code beyond its column's
// dictionary is a damaged workspace, said in words. Plain calls on a Database, so they run on
// any thread.
import { isoToDays } from '../../shared/civilDays.ts';
import { AppError } from '../../shared/errors.ts';
import type { CipherDatabase } from './cipherDatabase.ts';
import { packable, readPacked } from './packedRead.ts';
import { firstUnpublishedRecord } from './unpublishedImports.ts';
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

export interface ReadOptions {
  /** false: the row-by-row reader only. */
  packed?: boolean;
  /** false: the table has no `person_id` (a context dataset); every person id is -1. */
  persons?: boolean;
  /** What the table is, in an error (`the victims table` when absent). */
  describe?: string;
}

const capitalised = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

export function codeWithoutCategory(source: string, column: string, code: number): AppError {
  return new AppError(
    'DAMAGED_WORKSPACE',
    `${capitalised(source)} holds code ${code} in column ${column}, which has no category. Re-import the batch or repair the workspace.`,
  );
}

function readCode(source: string, column: StoredCodeColumn, value: unknown): number {
  if (typeof value !== 'number') return column.nullCode;
  const code = Math.trunc(value);
  if (!(code >= 0 && code < column.nullCode)) throw codeWithoutCategory(source, column.name, value);
  return code;
}

/** `YYYY-MM` as year * 100 + month, else -1. */
function readMonth(value: unknown): number {
  if (typeof value !== 'string' || value.length !== 7 || value.charCodeAt(4) !== 45) return -1;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    year = year * 10 + digit;
  }
  const tens = value.charCodeAt(5) - 48;
  const units = value.charCodeAt(6) - 48;
  if (tens < 0 || tens > 9 || units < 0 || units > 9) return -1;
  return year * 100 + tens * 10 + units;
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
  persons: boolean,
  source: string,
  lastId: number,
): number {
  const person = persons ? 'person_id' : 'NULL';
  const rows = db
    .prepare(
      `SELECT ${person}${columns.map((c) => `, ${quoted(c.name)}`).join('')} FROM ${quoted(table)} WHERE id <= ? ORDER BY id`,
    )
    .raw(true)
    .iterate(lastId) as IterableIterator<unknown[]>;
  const capacity = personIds.length;
  let i = 0;
  for (const row of rows) {
    if (i >= capacity)
      throw new AppError(
        'DAMAGED_WORKSPACE',
        `${capitalised(source)} changed while it was being read; reopen the workspace.`,
      );
    const person = row[0];
    personIds[i] = typeof person === 'number' ? person : -1;
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k] as StoredColumn;
      const value = row[k + 1];
      switch (column.kind) {
        case 'code': {
          const code = readCode(source, column, value);
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
          column.days[i] = isoToDays(typeof value === 'string' ? value : null);
          break;
        case 'month':
          column.months[i] = readMonth(value);
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
  options: ReadOptions = {},
): StoredRows {
  const persons = options.persons !== false;
  const source = options.describe ?? `the ${table} table`;
  // Rows are at most the span of the rowid (O(log n) to find); a full count(*) would decrypt
  // the whole table once more.
  const span = db.prepare(`SELECT min(id) AS lo, max(id) AS hi FROM ${quoted(table)}`).get() as {
    lo: number | null;
    hi: number | null;
  };
  // An import's rows not yet published lie above the rest: they are not read.
  const unpublished = firstUnpublishedRecord(db, table);
  if (span.hi !== null && span.hi >= unpublished) span.hi = unpublished - 1;
  if (span.lo !== null && span.hi !== null && span.hi < span.lo) span.lo = span.hi = null;
  let capacity = span.lo === null || span.hi === null ? 0 : span.hi - span.lo + 1;
  if (capacity > MAX_ROWID_SPAN)
    capacity = (db.prepare(`SELECT count(*) AS n FROM ${quoted(table)}`).get() as { n: number }).n;
  let personIds = new Int32Array(capacity);
  const columns = requests.map((request) => allocateColumn(request, capacity));
  let rowCount: number | null = null;
  if (options.packed !== false && span.lo !== null && span.hi !== null && packable(columns)) {
    rowCount = readPacked(db, table, { lo: span.lo, hi: span.hi }, personIds, columns, persons);
    if (rowCount === null) resetFindings(columns);
  }
  rowCount ??= readRowByRow(db, table, columns, personIds, persons, source, span.hi ?? 0);
  if (rowCount < capacity) {
    personIds = personIds.subarray(0, rowCount);
    trimColumns(columns, rowCount);
  }
  return { rowCount, personIds, columns };
}
