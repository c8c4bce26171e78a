// Converters between the engine's table (the shape of QueryResult: a rows x cols matrix with
// row totals, column totals and a grand total) and the keyed cells of tableModel.ts. A number's
// key is the categories its row and column fix: a cell fixes both, a row total only its row.
import type { Axis, QueryResult } from '../../shared/query.ts';
import { AppError } from '../../shared/errors.ts';
import type { CellKey, KeyedTable, Measure } from './tableModel.ts';

/** A table before disclosure control: every number present. */
export interface RawTable {
  counts: number[][];
  rowTotals: number[];
  colTotals: number[];
  total: number;
  /** The row and column fields and keys; needed to link tables, optional for a table alone. */
  rows?: Axis;
  cols?: Axis;
  measure?: Measure;
}

/** The published table: null where suppressed. */
export interface ProtectedTable {
  counts: (number | null)[][];
  rowTotals: (number | null)[];
  colTotals: (number | null)[];
  total: number | null;
}

/** Where a number sits: a null index is the total along that axis (row total: col null). */
export interface Position {
  row: number | null;
  col: number | null;
}

export interface PlacedCell {
  position: Position;
  key: CellKey;
  value: number;
}

// Without axes a table still links to itself: rows and columns become synthetic fields.
const ROW_FIELD = '_row';
const COL_FIELD = '_col';

function axisOrSynthetic(axis: Axis | undefined, length: number, field: string): Axis {
  return axis ?? { fields: [field], keys: Array.from({ length }, (_, i) => [String(i)]) };
}

function keyOf(axis: Axis, index: number): Record<string, string> {
  const key: Record<string, string> = {};
  axis.fields.forEach((field, f) => {
    key[field] = axis.keys[index]![f]!;
  });
  return key;
}

export function checkShape(raw: RawTable | ProtectedTable, what = 'The table'): void {
  const width = raw.colTotals.length;
  if (raw.counts.length !== raw.rowTotals.length || raw.counts.some((row) => row.length !== width)) {
    throw new AppError(
      'BAD_REQUEST',
      `${what} is not rectangular: ${raw.counts.length} rows of counts, ${raw.rowTotals.length} row totals and ${width} column totals.`,
    );
  }
}

/** Every published number of the table with its position and key. */
export function placeCells(raw: RawTable): PlacedCell[] {
  checkShape(raw);
  const rows = axisOrSynthetic(raw.rows, raw.counts.length, ROW_FIELD);
  const cols = axisOrSynthetic(raw.cols, raw.colTotals.length, COL_FIELD);
  if (rows.keys.length !== raw.counts.length || cols.keys.length !== raw.colTotals.length) {
    throw new AppError('BAD_REQUEST', 'The table has a different number of rows or columns than its axis keys.');
  }
  const placed: PlacedCell[] = [];
  raw.counts.forEach((line, r) =>
    line.forEach((value, c) => {
      placed.push({ position: { row: r, col: c }, key: { ...keyOf(rows, r), ...keyOf(cols, c) }, value });
    }),
  );
  raw.rowTotals.forEach((value, r) => placed.push({ position: { row: r, col: null }, key: keyOf(rows, r), value }));
  raw.colTotals.forEach((value, c) => placed.push({ position: { row: null, col: c }, key: keyOf(cols, c), value }));
  placed.push({ position: { row: null, col: null }, key: {}, value: raw.total });
  return placed;
}

export function keyedTable(raw: RawTable, placed = placeCells(raw)): KeyedTable {
  const rows = axisOrSynthetic(raw.rows, raw.counts.length, ROW_FIELD);
  const cols = axisOrSynthetic(raw.cols, raw.colTotals.length, COL_FIELD);
  return { fields: [...rows.fields, ...cols.fields], cells: placed.map(({ key, value }) => ({ key, value })) };
}

/** Fill a table of the raw table's shape from a function of each position. */
export function tableFrom(raw: RawTable, valueAt: (position: Position) => number | null): ProtectedTable {
  return {
    counts: raw.counts.map((line, r) => line.map((_, c) => valueAt({ row: r, col: c }))),
    rowTotals: raw.rowTotals.map((_, r) => valueAt({ row: r, col: null })),
    colTotals: raw.colTotals.map((_, c) => valueAt({ row: null, col: c })),
    total: valueAt({ row: null, col: null }),
  };
}

export function valueAtPosition(table: ProtectedTable, { row, col }: Position): number | null {
  if (row === null && col === null) return table.total;
  if (row === null) return table.colTotals[col!] ?? null;
  if (col === null) return table.rowTotals[row] ?? null;
  return table.counts[row]?.[col] ?? null;
}

/** The raw table's measure, which must agree across linked tables. */
export function measureOf(tables: readonly RawTable[]): Measure {
  const measures = new Set(tables.map((t) => t.measure ?? 'records'));
  if (measures.size > 1) {
    throw new AppError('BAD_REQUEST', 'Linked tables must count the same thing: all records or all persons.');
  }
  return measures.has('persons') ? 'persons' : 'records';
}

/** The raw table of an engine result computed without disclosure control (`disclosure: null`). */
export function rawTableFromQueryResult(result: QueryResult): RawTable {
  const numbers = [...result.counts.flat(), ...result.rowTotals, ...result.colTotals, result.total];
  if (numbers.some((n) => n === null)) {
    throw new AppError(
      'BAD_REQUEST',
      'This result is already protected; compute it with "disclosure": null to check it.',
    );
  }
  return {
    counts: result.counts as number[][],
    rowTotals: result.rowTotals as number[],
    colTotals: result.colTotals as number[],
    total: result.total as number,
    rows: result.rows,
    cols: result.cols,
    measure: result.meta.measure,
  };
}
