// Time to outcome for suspects: the days from the offence date to the outcome date of each
// record that has both, summarised per cell of a table (one row field, one column field, each
// optional) by its median and quartiles, with the records and distinct persons behind each.
// Raw and unprotected: the application layer publishes it through disclosure control.
// Each cell keeps a histogram of days rather than a list: a quartile is then read off the
// running counts, and a million records need no sort. The histograms are tallied per range of
// rows (outcomeTally.ts: by each query worker over its own persons) and summed here.
import { AppError } from '../../../shared/errors.ts';
import type { Axis, Filter } from '../../../shared/query.ts';
import { compileFilters } from '../compileFilters.ts';
import type { CohortSnapshot, DimensionColumn } from '../snapshot.ts';
import { tallyOutcomes, tallySlots, type OutcomeTally, type TallyRequest } from './outcomeTally.ts';

export { OFFENCE_DATE, OUTCOME_DATE } from './outcomeTally.ts';

/** A set of day counts' middle: the 25th, 50th and 75th percentiles, in days. */
export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

/** One cell of the raw table: records with both dates, the distinct persons among them, and their quartiles. */
export interface OutcomeCell {
  records: number;
  persons: number;
  /** Null when the cell has no records. */
  quartiles: Quartiles | null;
}

export interface TimeToOutcomeTable {
  rows: Axis;
  cols: Axis;
  cells: OutcomeCell[][];
  rowTotals: OutcomeCell[];
  colTotals: OutcomeCell[];
  total: OutcomeCell;
  /** Records passing the filters, with or without an outcome date. */
  recordsMatched: number;
  warnings: string[];
}

export interface TimeToOutcomeRequest {
  filters: readonly Filter[];
  rows: readonly string[];
  cols: readonly string[];
}

/**
 * The `p`-th quantile (0..1) of the values a histogram counts, `n` of them: linear
 * interpolation between order statistics (Hyndman and Fan's type 7, as R's `quantile`,
 * numpy's default and Excel's QUARTILE.INC compute it).
 */
export function quantileOfHistogram(histogram: ArrayLike<number>, n: number, p: number): number {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const below = orderStatistic(histogram, lo);
  if (h === lo) return below;
  return below + (h - lo) * (orderStatistic(histogram, lo + 1) - below);
}

/** The value of rank `k` (0-based) among the values the histogram counts. */
function orderStatistic(histogram: ArrayLike<number>, k: number): number {
  let seen = 0;
  for (let value = 0; value < histogram.length; value++) {
    seen += histogram[value] as number;
    if (seen > k) return value;
  }
  throw new Error(`rank ${k} is beyond the histogram's ${seen} values`);
}

/** The values of one field as the table's axis: every category, in display order. */
function axisOf(snapshot: CohortSnapshot, fields: readonly string[]): { axis: Axis; column: DimensionColumn | null } {
  if (fields.length > 1)
    throw new AppError('INVALID_SPEC', 'Time to outcome takes at most one row and one column field.');
  const field = fields[0];
  if (field === undefined) return { axis: { fields: [], keys: [[]] }, column: null };
  const column = snapshot.dimensions[field];
  if (!column) {
    throw new AppError(
      'INVALID_SPEC',
      `There is no category, ordinal or flag column "${field}" in the suspects data; pick a dimension of suspects.`,
    );
  }
  return { axis: { fields: [field], keys: column.labels.map((label) => [label]) }, column };
}

/** What the workers tally for a request: the table's axes and each range's tally request. */
export interface OutcomePlan {
  rows: Axis;
  cols: Axis;
  tally: TallyRequest;
}

export function planOutcomes(snapshot: CohortSnapshot, request: TimeToOutcomeRequest): OutcomePlan {
  const rows = axisOf(snapshot, request.rows);
  const cols = axisOf(snapshot, request.cols);
  return {
    rows: rows.axis,
    cols: cols.axis,
    tally: {
      filters: compileFilters(snapshot, request.filters),
      rowField: request.rows[0] ?? null,
      colField: request.cols[0] ?? null,
      nRows: rows.axis.keys.length,
      nCols: cols.axis.keys.length,
    },
  };
}

/** Quartiles of `n` values a histogram counts (null: none). */
function quartilesOf(histogram: ArrayLike<number>, n: number): Quartiles | null {
  if (n === 0) return null;
  return {
    q1: quantileOfHistogram(histogram, n, 0.25),
    median: quantileOfHistogram(histogram, n, 0.5),
    q3: quantileOfHistogram(histogram, n, 0.75),
  };
}

/**
 * The table from the tallies of ranges that split no person: counts add up, and so do the
 * histograms; a margin's days are its cells' days, so its histogram is their sum.
 */
export function mergeOutcomeTallies(plan: OutcomePlan, tallies: readonly OutcomeTally[]): TimeToOutcomeTable {
  const { nRows, nCols } = plan.tally;
  const slots = tallySlots(nRows, nCols);
  const records = new Float64Array(slots.total + 1);
  const persons = new Float64Array(slots.total + 1);
  const span = Math.max(0, ...tallies.map((t) => t.span));
  const cellDays = new Float64Array(slots.cells * span);
  for (const tally of tallies) {
    for (let s = 0; s <= slots.total; s++) {
      records[s]! += tally.records[s] as number;
      persons[s]! += tally.persons[s] as number;
    }
    for (let cell = 0; cell < slots.cells; cell++)
      for (let d = 0; d < tally.span; d++)
        cellDays[cell * span + d]! += tally.histograms[cell * tally.span + d] as number;
  }
  const rowDays = Array.from({ length: nRows }, () => new Float64Array(span));
  const colDays = Array.from({ length: nCols }, () => new Float64Array(span));
  const totalDays = new Float64Array(span);
  for (let cell = 0; cell < slots.cells; cell++) {
    const row = rowDays[Math.floor(cell / nCols)] as Float64Array;
    const col = colDays[cell % nCols] as Float64Array;
    for (let d = 0; d < span; d++) {
      const n = cellDays[cell * span + d] as number;
      if (n === 0) continue;
      row[d]! += n;
      col[d]! += n;
      totalDays[d]! += n;
    }
  }
  const cellOf = (slot: number, histogram: ArrayLike<number>): OutcomeCell => ({
    records: records[slot] as number,
    persons: persons[slot] as number,
    quartiles: quartilesOf(histogram, records[slot] as number),
  });
  const matched = tallies.reduce((n, t) => n + t.matched, 0);
  const warnings: string[] = [];
  if (!tallies.every((t) => t.dated))
    warnings.push('These suspects have no outcome dates: map a column to “Outcome date” when importing them.');
  else if (records[slots.total] === 0 && matched > 0)
    warnings.push('None of the records selected has both an offence date and an outcome date.');
  return {
    rows: plan.rows,
    cols: plan.cols,
    cells: Array.from({ length: nRows }, (_, r) =>
      Array.from({ length: nCols }, (_, c) => {
        const cell = r * nCols + c;
        return cellOf(cell, cellDays.subarray(cell * span, (cell + 1) * span));
      }),
    ),
    rowTotals: rowDays.map((days, r) => cellOf(slots.row(r), days)),
    colTotals: colDays.map((days, c) => cellOf(slots.col(c), days)),
    total: cellOf(slots.total, totalDays),
    recordsMatched: matched,
    warnings,
  };
}

/** The raw time-to-outcome table of the suspects snapshot under the request's filters, on this thread. */
export function timeToOutcomeTable(snapshot: CohortSnapshot, request: TimeToOutcomeRequest): TimeToOutcomeTable {
  const plan = planOutcomes(snapshot, request);
  return mergeOutcomeTallies(plan, [tallyOutcomes(snapshot, plan.tally, 0, snapshot.rowCount)]);
}
