// Statistics of a two-way table as SPSS Crosstabs reports them: Pearson chi-square, its
// degrees of freedom and p-value, Cramér's V, expected counts and adjusted standardised
// residuals per cell, and the share of expected counts below 5 (warning above 20%).
// Computed over the non-empty rows and columns; empty lines get null cells.
import jStat from 'jstat';
import type { Stats } from '../../shared/query.ts';
import { FULL_PRECISION, printStats } from '../../shared/statsPrint.ts';

/** Statistics of the raw counts: every table-level number present. */
export interface RawStats extends Stats {
  chi2: number;
  df: number;
  p: number;
  cramersV: number;
  n: number;
  lowExpectedShare: number;
}

export type StatsOutcome = { stats: RawStats; reason: null } | { stats: null; reason: string };

/** The statistics with every table-level number present, as crosstabStats makes them; else null. */
export function asRawStats(stats: Stats): RawStats | null {
  const { chi2, df, p, cramersV, n, lowExpectedShare } = stats;
  return chi2 !== null && df !== null && p !== null && cramersV !== null && n !== null && lowExpectedShare !== null
    ? { ...stats, chi2, df, p, cramersV, n, lowExpectedShare }
    : null;
}

/** p of a chi-square statistic on df degrees of freedom. */
export function chiSquareP(chi2: number, df: number): number {
  return Math.min(1, Math.max(0, 1 - jStat.chisquare.cdf(chi2, df)));
}

/** Cramér's V of a chi-square statistic on n counts whose smaller side has k non-empty lines. */
export function cramersVOf(chi2: number, n: number, k: number): number {
  return Math.sqrt(chi2 / (n * (k - 1)));
}

export function crosstabStats(counts: readonly (readonly (number | null)[])[]): StatsOutcome {
  if (counts.some((row) => row.some((v) => v === null))) {
    return { stats: null, reason: 'Statistics are not computed on a table with suppressed cells.' };
  }
  const cell = (i: number, j: number): number => (counts[i]?.[j] ?? 0) as number;
  const nRows = counts.length;
  const nCols = counts[0]?.length ?? 0;
  const rowTotals = Array.from({ length: nRows }, (_, i) =>
    Array.from({ length: nCols }, (_, j) => cell(i, j)).reduce((a, b) => a + b, 0),
  );
  const colTotals = Array.from({ length: nCols }, (_, j) =>
    Array.from({ length: nRows }, (_, i) => cell(i, j)).reduce((a, b) => a + b, 0),
  );
  const rows = rowTotals.flatMap((t, i) => (t > 0 ? [i] : []));
  const cols = colTotals.flatMap((t, j) => (t > 0 ? [j] : []));
  if (rows.length < 2 || cols.length < 2) {
    return { stats: null, reason: 'Statistics need at least two non-empty rows and two non-empty columns.' };
  }
  const n = rows.reduce((sum, i) => sum + (rowTotals[i] as number), 0);
  const expected: (number | null)[][] = counts.map((row) => row.map(() => null));
  const adjustedResiduals: (number | null)[][] = counts.map((row) => row.map(() => null));
  let chi2 = 0;
  let low = 0;
  let minExpected = Infinity;
  for (const i of rows) {
    const r = rowTotals[i] as number;
    for (const j of cols) {
      const c = colTotals[j] as number;
      const e = (r * c) / n;
      const o = cell(i, j);
      chi2 += ((o - e) * (o - e)) / e;
      if (e < 5) low++;
      minExpected = Math.min(minExpected, e);
      (expected[i] as (number | null)[])[j] = e;
      (adjustedResiduals[i] as (number | null)[])[j] = (o - e) / Math.sqrt(e * (1 - r / n) * (1 - c / n));
    }
  }
  const df = (rows.length - 1) * (cols.length - 1);
  const cells = rows.length * cols.length;
  const lowExpectedShare = low / cells;
  const p = chiSquareP(chi2, df);
  const cramersV = cramersVOf(chi2, n, Math.min(rows.length, cols.length));
  const warning =
    lowExpectedShare > 0.2
      ? `${low} cells (${(lowExpectedShare * 100).toFixed(1)}%) have an expected count less than 5. The minimum expected count is ${minExpected.toFixed(2)}.`
      : null;
  const publication = {
    status: 'full' as const,
    printed: printStats({ chi2, p, cramersV }, FULL_PRECISION),
    note: null,
  };
  return {
    stats: { chi2, df, p, cramersV, n, expected, adjustedResiduals, lowExpectedShare, warning, publication },
    reason: null,
  };
}
