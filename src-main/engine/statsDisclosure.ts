// The statistics of a protected table, as they may be published. Statistics are computed on the
// raw counts, so printed as they are they would give suppressed cells back: a suppressed cell's
// expected count and adjusted residual return its count exactly (O = E + r * sqrt(...)), and a
// table-level chi-square printed to three decimals pins down what the suppressed cells can hold.
//
// - Per cell: an expected count and residual are published only where they are a function of
//   published numbers (the cell, its row and column totals and the grand total, all unrounded).
// - Per table: chi-square, p and Cramér's V are printed at the finest precision (statsPrint.ts)
//   at which, over every completion of the suppressed cells the published totals allow, no value
//   of any suppressed cell in its audit interval is ruled out; coarser if need be, else withheld
//   with a note saying why.
import type { Stats, StatsPublication } from '../../shared/query.ts';
import { PRINT_LEVELS, type PrintLevel, printStats, printedNumber, samePrint } from '../../shared/statsPrint.ts';
import { type RawStats, chiSquareP, cramersVOf } from './crosstabStats.ts';
import {
  type Band,
  type CompletionProblem,
  DEFAULT_BUDGET,
  type SearchBudget,
  type SuppressedCell,
  checkBands,
} from './statsCompletions.ts';

export interface PublishedNumbers {
  counts: (number | null)[][];
  rowTotals: (number | null)[];
  colTotals: (number | null)[];
  total: number | null;
}

export interface StatsProtectionInput {
  /** Statistics of the raw counts. */
  stats: RawStats;
  /** The raw counts the statistics were computed on. */
  raw: readonly (readonly number[])[];
  published: PublishedNumbers;
  rounded: boolean;
  measure: 'records' | 'persons';
  /** The attacker's interval of a suppressed cell (from the disclosure audit); null when unknown. */
  interval: (row: number, col: number) => { lower: number; upper: number | null } | null;
  budget?: SearchBudget;
}

export const STATS_NOTES = {
  rounded:
    'Statistics are withheld: the counts are rounded, and statistics of the unrounded counts would undo the rounding.',
  persons:
    'Statistics are withheld: on persons they rest on sums of cells that are not published, so they could narrow suppressed cells.',
  totals: 'Statistics are withheld: a total of the table is suppressed, and the statistics would narrow it.',
  unchecked: 'Statistics are withheld: whether they narrow a suppressed cell could not be checked.',
  narrows: 'Statistics are withheld: printed at any precision, they would narrow what a suppressed cell can hold.',
  coarsened: 'Statistics are printed with less precision so that they cannot narrow what a suppressed cell can hold.',
} as const;

function hasSuppressedCell(published: PublishedNumbers): boolean {
  return published.counts.some((row) => row.some((v) => v === null));
}

function hasSuppressedTotal(published: PublishedNumbers): boolean {
  return (
    published.total === null ||
    published.rowTotals.some((v) => v === null) ||
    published.colTotals.some((v) => v === null)
  );
}

/** Expected counts and residuals where they follow from published numbers alone; null elsewhere. */
export function maskCellStats(
  stats: Pick<Stats, 'expected' | 'adjustedResiduals'>,
  published: PublishedNumbers,
  rounded: boolean,
  measure: 'records' | 'persons',
): Pick<Stats, 'expected' | 'adjustedResiduals'> {
  // Persons: the statistics' margins are sums of cells, not the published distinct totals.
  const personsHidden = measure === 'persons' && hasSuppressedCell(published);
  const shown = (r: number, c: number): boolean =>
    !rounded &&
    !personsHidden &&
    published.total !== null &&
    (published.counts[r]?.[c] ?? null) !== null &&
    (published.rowTotals[r] ?? null) !== null &&
    (published.colTotals[c] ?? null) !== null;
  const mask = (matrix: Stats['expected']): Stats['expected'] =>
    matrix.map((row, r) => row.map((value, c) => (shown(r, c) ? value : null)));
  return { expected: mask(stats.expected), adjustedResiduals: mask(stats.adjustedResiduals) };
}

function withheld(
  stats: RawStats,
  cells: Pick<Stats, 'expected' | 'adjustedResiduals'>,
  note: string,
  marginsShown: boolean,
): Stats {
  return {
    chi2: null,
    p: null,
    cramersV: null,
    // df, n and the expected-count footnote follow from the margins: published only with them.
    df: marginsShown ? stats.df : null,
    n: marginsShown ? stats.n : null,
    lowExpectedShare: marginsShown ? stats.lowExpectedShare : null,
    warning: marginsShown ? stats.warning : null,
    ...cells,
    publication: { status: 'withheld', printed: { chi2: null, p: null, cramersV: null }, note },
  };
}

/** Non-empty rows and columns: the lines chi-square is computed over. */
function nonEmptyLines(raw: readonly (readonly number[])[]): { rows: number; cols: number } {
  const width = raw[0]?.length ?? 0;
  const rows = raw.filter((line) => line.some((v) => v > 0)).length;
  let cols = 0;
  for (let c = 0; c < width; c += 1) if (raw.some((line) => (line[c] ?? 0) > 0)) cols += 1;
  return { rows, cols };
}

/** The chi-square values that print as the true one does at a level (an inner bound, found by bisection). */
export function printBand(stats: RawStats, k: number, level: PrintLevel): Band {
  const printedAt = (chi2: number) =>
    printStats({ chi2, p: chiSquareP(chi2, stats.df), cramersV: cramersVOf(chi2, stats.n, k) }, level);
  const truth = printedAt(stats.chi2);
  const same = (chi2: number): boolean => samePrint(printedAt(chi2), truth);
  const t = stats.chi2;
  let lo = t;
  if (same(0)) lo = 0;
  else {
    let out = 0;
    for (let i = 0; i < 200 && lo - out > 1e-12 * Math.max(1, t); i += 1) {
      const mid = (lo + out) / 2;
      if (same(mid)) lo = mid;
      else out = mid;
    }
  }
  let far = Math.max(1, 2 * t);
  while (same(far) && far < 1e12) far *= 2;
  let hi = t;
  if (same(far)) hi = Infinity;
  else {
    let out = far;
    for (let i = 0; i < 200 && out - hi > 1e-12 * Math.max(1, t); i += 1) {
      const mid = (hi + out) / 2;
      if (same(mid)) hi = mid;
      else out = mid;
    }
  }
  // Shrunk by a hair, so that rounding in the search's running sums cannot make a false witness.
  const margin = 1e-9 * Math.max(1, t);
  return { lo: lo === 0 ? 0 : lo + margin, hi: hi - margin };
}

function completionProblem(input: StatsProtectionInput): CompletionProblem | null {
  const { stats, raw, published } = input;
  const cells: SuppressedCell[] = [];
  const truth: number[] = [];
  const rowSums = new Map<number, number>();
  const colSums = new Map<number, number>();
  let publishedChi2 = 0;
  for (let r = 0; r < raw.length; r += 1) {
    for (let c = 0; c < (raw[r]?.length ?? 0); c += 1) {
      const expected = stats.expected[r]?.[c] ?? null;
      const shown = published.counts[r]?.[c] ?? null;
      if (expected === null) continue; // an empty row or column: the cell is 0 and adds nothing
      if (shown !== null) {
        publishedChi2 += ((shown - expected) * (shown - expected)) / expected;
        continue;
      }
      const interval = input.interval(r, c);
      if (interval === null || interval.upper === null) return null;
      cells.push({ row: r, col: c, expected, lower: interval.lower, upper: interval.upper });
      truth.push(raw[r]?.[c] ?? 0);
      rowSums.set(r, (rowSums.get(r) ?? 0) + (raw[r]?.[c] ?? 0));
      colSums.set(c, (colSums.get(c) ?? 0) + (raw[r]?.[c] ?? 0));
    }
  }
  // What the suppressed cells add up to, per line, as the attacker reads it off the published
  // numbers: the total minus the published cells (equal to the raw sums above; computed again
  // from the published side so that a mismatch is caught rather than trusted).
  for (const r of rowSums.keys()) {
    const shownSum = published.counts[r]!.reduce<number>((sum, v) => sum + (v ?? 0), 0);
    if (published.rowTotals[r]! - shownSum !== rowSums.get(r)) return null;
  }
  for (const c of colSums.keys()) {
    const shownSum = published.counts.reduce<number>((sum, line) => sum + (line[c] ?? 0), 0);
    if (published.colTotals[c]! - shownSum !== colSums.get(c)) return null;
  }
  return { cells, rowSums, colSums, publishedChi2, truth };
}

function publicationAt(stats: RawStats, level: PrintLevel, status: StatsPublication['status'], note: string | null) {
  const printed = printStats(stats, level);
  return {
    chi2: printedNumber(printed.chi2),
    p: printedNumber(printed.p),
    cramersV: printedNumber(printed.cramersV),
    publication: { status, printed, note },
  };
}

/** The statistics as they may be published with the protected table. */
export function protectStats(input: StatsProtectionInput): Stats {
  const { stats, published, rounded, measure } = input;
  const cells = maskCellStats(stats, published, rounded, measure);
  const suppressedCell = hasSuppressedCell(published);
  if (rounded) return withheld(stats, cells, STATS_NOTES.rounded, false);
  if (!suppressedCell && !hasSuppressedTotal(published)) return { ...stats, ...cells };
  if (measure === 'persons') return withheld(stats, cells, STATS_NOTES.persons, false);
  if (hasSuppressedTotal(published)) return withheld(stats, cells, STATS_NOTES.totals, false);
  const problem = completionProblem(input);
  if (problem === null) return withheld(stats, cells, STATS_NOTES.unchecked, true);
  const lines = nonEmptyLines(input.raw);
  const k = Math.min(lines.rows, lines.cols);
  const bands = PRINT_LEVELS.map((level) => printBand(stats, k, level));
  const verdicts = checkBands(problem, bands, input.budget ?? DEFAULT_BUDGET);
  const safe = verdicts.findIndex((v) => v === 'safe');
  if (safe < 0) return withheld(stats, cells, STATS_NOTES.narrows, true);
  const level = PRINT_LEVELS[safe]!;
  return {
    ...stats,
    ...cells,
    ...publicationAt(stats, level, safe === 0 ? 'full' : 'coarsened', safe === 0 ? null : STATS_NOTES.coarsened),
  };
}
