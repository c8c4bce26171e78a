// A cohort table's columns as the store holds them, in typed arrays: category codes as stored
// (the code -> label dictionary is the `categories` table), flags, dates as day numbers and
// numbers. This is what the engine builds its snapshot from; no label or row object is made.
import { AppError } from '../../shared/errors.ts';

export type StoredCodes = Uint8Array | Uint16Array | Uint32Array;

/** Categories get codes one by one as they are first met; a code past this is damage, not data. */
const MAX_DICTIONARY_CODE = (1 << 24) - 1;

/** What the reader is asked for: a code column with the largest code its dictionary has. */
export type ColumnRequest =
  | { kind: 'code'; name: string; maxCode: number }
  | { kind: 'flag'; name: string }
  | { kind: 'date'; name: string }
  | { kind: 'month'; name: string }
  | { kind: 'number'; name: string };

/** Stored codes, with NULL (and any text) as `nullCode`, one past `maxCode`. */
export interface StoredCodeColumn {
  kind: 'code';
  name: string;
  codes: StoredCodes;
  nullCode: number;
  /** `seen[code]` is 1 where some row holds the code (`nullCode` included). */
  seen: Uint8Array;
}

/** 1 yes, 0 no, 2 NULL. */
export interface StoredFlagColumn {
  kind: 'flag';
  name: string;
  values: Uint8Array;
  hasNull: boolean;
}

/** Days since 1970-01-01, NULL_DAY where missing or not an ISO date. */
export interface StoredDateColumn {
  kind: 'date';
  name: string;
  days: Int32Array;
}

/** `YYYY-MM` text as year * 100 + month (`2022-13` stays 202213), -1 where not of that form. */
export interface StoredMonthColumn {
  kind: 'month';
  name: string;
  months: Int32Array;
}

/** NaN where missing. */
export interface StoredNumberColumn {
  kind: 'number';
  name: string;
  values: Float64Array;
}

export type StoredColumn =
  StoredCodeColumn | StoredFlagColumn | StoredDateColumn | StoredMonthColumn | StoredNumberColumn;

export interface StoredRows {
  /** Rows in rowid order. */
  rowCount: number;
  /** -1 where the row has no person (every row of a table without persons). */
  personIds: Int32Array;
  columns: StoredColumn[];
}

/** The narrowest array that holds codes up to `largest`. */
function codeArray(largest: number, length: number): StoredCodes {
  if (largest < 256) return new Uint8Array(length);
  return largest < 65_536 ? new Uint16Array(length) : new Uint32Array(length);
}

export function allocateColumn(request: ColumnRequest, capacity: number): StoredColumn {
  switch (request.kind) {
    case 'code': {
      if (request.maxCode > MAX_DICTIONARY_CODE)
        throw new AppError(
          'DAMAGED_WORKSPACE',
          `Column ${request.name} has a category coded ${request.maxCode}, more than a workspace ever gives out. Repair the workspace or restore a backup.`,
        );
      const nullCode = request.maxCode + 1;
      return {
        kind: 'code',
        name: request.name,
        codes: codeArray(nullCode, capacity),
        nullCode,
        seen: new Uint8Array(nullCode + 1),
      };
    }
    case 'flag':
      return { kind: 'flag', name: request.name, values: new Uint8Array(capacity), hasNull: false };
    case 'date':
      return { kind: 'date', name: request.name, days: new Int32Array(capacity) };
    case 'month':
      return { kind: 'month', name: request.name, months: new Int32Array(capacity) };
    case 'number':
      return { kind: 'number', name: request.name, values: new Float64Array(capacity) };
  }
}

/** Forgets what a read that handed over part way found, before another reads every row. */
export function resetFindings(columns: readonly StoredColumn[]): void {
  for (const column of columns) {
    if (column.kind === 'code') column.seen.fill(0);
    else if (column.kind === 'flag') column.hasNull = false;
  }
}

/** The first `rowCount` rows of every column (views, no copy). */
export function trimColumns(columns: readonly StoredColumn[], rowCount: number): void {
  for (const column of columns) {
    switch (column.kind) {
      case 'code':
        column.codes = column.codes.subarray(0, rowCount);
        break;
      case 'flag':
        column.values = column.values.subarray(0, rowCount);
        break;
      case 'date':
        column.days = column.days.subarray(0, rowCount);
        break;
      case 'month':
        column.months = column.months.subarray(0, rowCount);
        break;
      case 'number':
        column.values = column.values.subarray(0, rowCount);
        break;
    }
  }
}
