// Confidence intervals of the proportions and rates a table publishes, and the shape they take in
// a query result. Proportions take Wilson's score interval: it stays inside 0-100%, is never empty
// at 0 or n, and covers close to 95% even for small n (the normal "Wald" interval does not).
// Rates take the interval of their count as a Poisson count, divided by the population: exact
// (Garwood's chi-square limits) below 10 and Byar's approximation from 10, the rule public health
// statistics in England publish by; Byar is within 0.2% of exact there. The exact limits need the
// chi-square quantile, so the engine computes them; everything here is closed form. A change from
// one year to the next is marked only when it is more than noise: for a percentage of its own
// year's total, Newcombe's hybrid score interval for the difference excludes zero; for a count,
// the engine's exact conditional test of two Poisson counts rejects at 5%.
import { z } from 'zod';

/** The standard normal quantile for 95% two-sided intervals. */
export const Z_95 = 1.959963984540054;

/** Below this count a rate's interval is exact; from it on, Byar's approximation. */
export const EXACT_POISSON_BELOW = 10;

export interface Interval {
  lower: number;
  upper: number;
}

/** Wilson's score interval of x out of n, as proportions (0-1); null when n is not positive or x not in 0..n. */
export function wilsonInterval(x: number, n: number, z: number = Z_95): Interval | null {
  if (!(n > 0) || x < 0 || x > n) return null;
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const scale = 1 + z2 / n;
  // At 0 and n the score interval touches the end exactly; rounding error must not push it past.
  return {
    lower: x === 0 ? 0 : Math.max(0, (centre - half) / scale),
    upper: x === n ? 1 : Math.min(1, (centre + half) / scale),
  };
}

/** Byar's approximation to the exact Poisson limits of an observed count. */
export function byarInterval(count: number, z: number = Z_95): Interval {
  const cube = (v: number): number => v * v * v;
  const lower = count === 0 ? 0 : count * cube(1 - 1 / (9 * count) - z / (3 * Math.sqrt(count)));
  const next = count + 1;
  const upper = next * cube(1 - 1 / (9 * next) + z / (3 * Math.sqrt(next)));
  return { lower: Math.max(0, lower), upper };
}

/**
 * Newcombe's hybrid score interval (his method 10) for p1 - p2 of two independent proportions,
 * built from each one's Wilson interval; null when either denominator is not positive.
 */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z: number = Z_95): Interval | null {
  const a = wilsonInterval(x1, n1, z);
  const b = wilsonInterval(x2, n2, z);
  if (!a || !b) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  return {
    lower: d - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2),
    upper: d + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2),
  };
}

/** Which way a year's value moved from the previous year's: only 'up' and 'down' are more than noise. */
export type YearChange = 'up' | 'down' | 'same';

const YEAR = /^\d{4}\/\d{2}$/;

/** Each year's key index paired with the previous year's present on the axis, among keys equal but for the year. */
export function previousYears(fields: readonly string[], keys: readonly string[][]): Map<number, number> {
  const at = fields.indexOf('financial_year');
  const lines = new Map<string, Array<{ index: number; year: string }>>();
  keys.forEach((key, index) => {
    const year = key[at] ?? '';
    if (!YEAR.test(year)) return;
    const rest = JSON.stringify(key.filter((_v, k) => k !== at));
    const line = lines.get(rest) ?? [];
    line.push({ index, year });
    lines.set(rest, line);
  });
  const previous = new Map<number, number>();
  for (const line of lines.values()) {
    line.sort((a, b) => a.year.localeCompare(b.year));
    for (let k = 1; k < line.length; k += 1) previous.set(line[k]!.index, line[k - 1]!.index);
  }
  return previous;
}

const matrix = z.array(z.array(z.number().nullable()));

/** Lower and upper limits over the same rows and cols as the values they bound; null where none is published. */
export const BoundsSchema = z.object({ lower: matrix, upper: matrix });
export type Bounds = z.infer<typeof BoundsSchema>;

export const ResultIntervalsSchema = z.object({
  /** The confidence level, 0.95. */
  level: z.number().gt(0).lt(1),
  percents: BoundsSchema.optional(),
  rates: BoundsSchema.optional(),
  /** How the limits were computed, one line each, to print under the table or chart. */
  notes: z.array(z.string()),
});
export type ResultIntervals = z.infer<typeof ResultIntervalsSchema>;

export const YearChangesSchema = z.object({
  /** Where the financial year runs: along the rows or along the columns. */
  axis: z.enum(['rows', 'cols']),
  /** Which published numbers were compared (a rate has no year: population tables are by place, age and sex). */
  of: z.enum(['counts', 'percents']),
  /** Per cell, its change from the previous year; null for a first year or where a number is not published. */
  flags: z.array(z.array(z.enum(['up', 'down', 'same']).nullable())),
  note: z.string(),
});
export type YearChanges = z.infer<typeof YearChangesSchema>;

/** The intervals of some rows of a result, in the order `pick` takes them. */
export function pickIntervalRows(intervals: ResultIntervals, pick: <T>(rows: readonly T[]) => T[]): ResultIntervals {
  const rows = (bounds: Bounds | undefined): { lower: Bounds['lower']; upper: Bounds['upper'] } | undefined =>
    bounds && { lower: pick(bounds.lower), upper: pick(bounds.upper) };
  const percents = rows(intervals.percents);
  const rates = rows(intervals.rates);
  return { ...intervals, ...(percents ? { percents } : {}), ...(rates ? { rates } : {}) };
}

export const INTERVAL_NOTES = {
  percents: 'Ranges are 95% confidence intervals: Wilson score intervals for percentages.',
  rates:
    "Ranges of rates are 95% confidence intervals of their count as a Poisson count: exact (chi-square) limits below 10, Byar's method from 10.",
} as const;

export const CHANGE_NOTES = {
  percents:
    "▲ ▼ mark a change from the previous year that is more than chance at the 5% level (Newcombe's interval for a difference of two proportions excludes zero); unmarked changes are within noise.",
  counts:
    '▲ ▼ mark a change from the previous year that is more than chance at the 5% level (exact conditional test of two Poisson counts); unmarked changes are within noise.',
} as const;

export const CHANGE_MARKS: Record<YearChange, string> = { up: '▲', down: '▼', same: '' };

const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A value with its range as printed in tables: `12.3 (10.1–14.8)`. */
export function formatWithRange(value: number, lower: number | null, upper: number | null): string {
  const shown = oneDecimal.format(value);
  return lower === null || upper === null
    ? shown
    : `${shown} (${oneDecimal.format(lower)}–${oneDecimal.format(upper)})`;
}

/** The lines that say how a result's limits and change marks were computed (screen and chart footnotes). */
export function uncertaintyNotes(result: { intervals?: ResultIntervals; changes?: YearChanges }): string[] {
  return [...(result.intervals?.notes ?? []), ...(result.changes ? [result.changes.note] : [])];
}
