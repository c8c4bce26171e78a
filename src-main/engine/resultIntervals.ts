// The limits of a result's published percentages and rates. Each is computed from the published
// count and the published denominator alone (a percentage's total, a rate's population), the
// same two numbers the percentage or rate is printed from: so a limit tells a reader nothing the
// published table does not, and where the percentage or rate is not published, neither is a limit.
import {
  INTERVAL_NOTES,
  wilsonInterval,
  type Bounds,
  type Interval,
  type ResultIntervals,
} from '../../shared/intervals.ts';
import { poissonCountInterval } from './poissonIntervals.ts';

type Matrix = (number | null)[][];
type PercentKind = 'row' | 'col' | 'total';

function boundsOf(counts: Matrix, limits: (count: number, r: number, c: number) => Interval | null): Bounds {
  const lower: Matrix = [];
  const upper: Matrix = [];
  counts.forEach((row, r) => {
    const interval = row.map((count, c) => (count === null ? null : limits(count, r, c)));
    lower.push(interval.map((i) => i?.lower ?? null));
    upper.push(interval.map((i) => i?.upper ?? null));
  });
  return { lower, upper };
}

/** Wilson limits (0-100) of each published percentage, over the same denominators as the percentage. */
export function percentBounds(
  counts: Matrix,
  rowTotals: readonly (number | null)[],
  colTotals: readonly (number | null)[],
  total: number | null,
  kind: PercentKind,
): Bounds {
  return boundsOf(counts, (count, r, c) => {
    const n = kind === 'row' ? rowTotals[r] : kind === 'col' ? colTotals[c] : total;
    const w = n === null || n === undefined ? null : wilsonInterval(count, n);
    return w && { lower: 100 * w.lower, upper: 100 * w.upper };
  });
}

/** Poisson limits of each published rate: its count's limits per `per` of its population. */
export function rateBounds(counts: Matrix, populations: readonly (number | null)[], per: number): Bounds {
  const width = counts[0]?.length ?? 0;
  return boundsOf(counts, (count, r, c) => {
    const population = populations[r * width + c];
    if (population === null || population === undefined || !(population > 0)) return null;
    const limits = poissonCountInterval(count);
    return { lower: (limits.lower / population) * per, upper: (limits.upper / population) * per };
  });
}

export interface IntervalInputs {
  counts: Matrix;
  rowTotals: readonly (number | null)[];
  colTotals: readonly (number | null)[];
  total: number | null;
  percent: PercentKind | 'none';
  /** Each cell's population (row-major) and the rate's unit, when the result has rates. */
  rate?: { populations: readonly (number | null)[]; per: number };
}

export function resultIntervals(inputs: IntervalInputs): ResultIntervals {
  const intervals: ResultIntervals = { level: 0.95, notes: [] };
  if (inputs.percent !== 'none') {
    intervals.percents = percentBounds(inputs.counts, inputs.rowTotals, inputs.colTotals, inputs.total, inputs.percent);
    intervals.notes.push(INTERVAL_NOTES.percents);
  }
  if (inputs.rate) {
    intervals.rates = rateBounds(inputs.counts, inputs.rate.populations, inputs.rate.per);
    intervals.notes.push(INTERVAL_NOTES.rates);
  }
  return intervals;
}
