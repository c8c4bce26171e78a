// Time to outcome for suspects: the days from the offence date to the outcome date of each
// record that has both, summarised per cell of a table (one row field, one column field, each
// optional) by its median and quartiles, with the records and distinct persons behind each.
// Raw and unprotected: the application layer publishes it through disclosure control.
// Each cell keeps a histogram of days rather than a list: a quartile is then read off the
// running counts, and a million records need no sort.
import { AppError } from '../../../shared/errors.ts';
import type { Axis, Filter } from '../../../shared/query.ts';
import { bindFilters } from '../boundFilters.ts';
import { compileFilters } from '../compileFilters.ts';
import { isTimed } from '../derived/outcomeTimed.ts';
import { fusedSelectRows } from '../kernelCodegen.ts';
import type { CohortSnapshot, DimensionColumn } from '../snapshot.ts';

export const OFFENCE_DATE = 'date';
export const OUTCOME_DATE = 'outcome_date';

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

/** Records, distinct persons and a histogram of days of one cell or margin, then its quartiles. */
class CellTally {
  records = 0;
  persons = 0;
  private lastPerson = -2;
  histogram = new Uint32Array(64);

  /** One record's person: rows come in person order, so a person's rows are contiguous (-1: none). */
  count(person: number): void {
    this.records++;
    if (person !== this.lastPerson && person >= 0) this.persons++;
    this.lastPerson = person;
  }

  add(days: number, person: number): void {
    this.count(person);
    if (days >= this.histogram.length) this.grow(days + 1);
    this.histogram[days] = (this.histogram[days] as number) + 1;
  }

  /** A margin's days are its cells' days: their histograms summed (its records and persons are counted apart). */
  mergeDays(cell: CellTally): void {
    if (cell.histogram.length > this.histogram.length) this.grow(cell.histogram.length);
    for (let d = 0; d < cell.histogram.length; d++)
      this.histogram[d] = (this.histogram[d] as number) + (cell.histogram[d] as number);
  }

  private grow(length: number): void {
    const grown = new Uint32Array(Math.max(length, 2 * this.histogram.length));
    grown.set(this.histogram);
    this.histogram = grown;
  }

  result(): OutcomeCell {
    const n = this.records;
    const quartiles =
      n === 0
        ? null
        : {
            q1: quantileOfHistogram(this.histogram, n, 0.25),
            median: quantileOfHistogram(this.histogram, n, 0.5),
            q3: quantileOfHistogram(this.histogram, n, 0.75),
          };
    return { records: n, persons: this.persons, quartiles };
  }
}

/** The raw time-to-outcome table of the suspects snapshot under the request's filters. */
export function timeToOutcomeTable(snapshot: CohortSnapshot, request: TimeToOutcomeRequest): TimeToOutcomeTable {
  const rows = axisOf(snapshot, request.rows);
  const cols = axisOf(snapshot, request.cols);
  const rowCount = rows.axis.keys.length;
  const colCount = cols.axis.keys.length;
  const tallies = Array.from({ length: rowCount * colCount }, () => new CellTally());
  const rowTallies = Array.from({ length: rowCount }, () => new CellTally());
  const colTallies = Array.from({ length: colCount }, () => new CellTally());
  const totalTally = new CellTally();
  const warnings: string[] = [];

  const selected = fusedSelectRows(
    bindFilters(snapshot, compileFilters(snapshot, request.filters)),
    0,
    snapshot.rowCount,
  );
  const offence = snapshot.dates[OFFENCE_DATE]?.days;
  const outcome = snapshot.dates[OUTCOME_DATE]?.days;
  if (!offence || !outcome) {
    warnings.push('These suspects have no outcome dates: map a column to “Outcome date” when importing them.');
  } else {
    const rowCodes = rows.column?.codes;
    const colCodes = cols.column?.codes;
    const { personIds } = snapshot;
    for (let i = 0; i < selected.length; i++) {
      const r = selected[i] as number;
      const from = offence[r] as number;
      const to = outcome[r] as number;
      // The importer refuses an outcome before its offence; a negative span here is left out, not counted.
      if (!isTimed(from, to)) continue;
      const days = to - from;
      const person = personIds[r] as number;
      const row = rowCodes ? (rowCodes[r] as number) : 0;
      const col = colCodes ? (colCodes[r] as number) : 0;
      // Each record's days go to its cell alone; the margins sum their cells' histograms below.
      (tallies[row * colCount + col] as CellTally).add(days, person);
      (rowTallies[row] as CellTally).count(person);
      (colTallies[col] as CellTally).count(person);
      totalTally.count(person);
    }
    tallies.forEach((cell, k) => {
      if (cell.records === 0) return;
      (rowTallies[Math.floor(k / colCount)] as CellTally).mergeDays(cell);
      (colTallies[k % colCount] as CellTally).mergeDays(cell);
      totalTally.mergeDays(cell);
    });
    if (totalTally.records === 0 && selected.length > 0)
      warnings.push('None of the records selected has both an offence date and an outcome date.');
  }
  return {
    rows: rows.axis,
    cols: cols.axis,
    cells: Array.from({ length: rowCount }, (_, row) =>
      Array.from({ length: colCount }, (_, col) => (tallies[row * colCount + col] as CellTally).result()),
    ),
    rowTotals: rowTallies.map((t) => t.result()),
    colTotals: colTallies.map((t) => t.result()),
    total: totalTally.result(),
    recordsMatched: selected.length,
    warnings,
  };
}
