// The intruder of published statistics, written for the tests apart from the engine's check:
// it undoes per-cell statistics (O = E + r * sqrt(E (1 - R/N) (1 - C/N))), percentages and
// rates of suppressed cells, and it enumerates every whole-number completion of the suppressed
// cells that the published totals allow, keeping those whose statistics print as published.
import jStat from 'jstat';
import type { QueryResult } from '../../../shared/query.ts';
import { PRINT_LEVELS, type PrintedStats, printStats, samePrint } from '../../../shared/statsPrint.ts';
import { crosstabStats } from '../../../src-main/engine/crosstabStats.ts';
import { finalizeResult, type EngineResult } from '../../../src-main/engine/finalizeResult.ts';
import { protectTable, type DisclosureRuleInput } from '../../../src-main/disclosure/protectTable.ts';
import { publishStats } from '../../../src-main/disclosure/publishStats.ts';
import type { RawTable } from '../../../src-main/disclosure/queryTable.ts';
import type { SearchBudget } from '../../../src-main/engine/statsCompletions.ts';

export function rawOf(counts: number[][], measure: 'records' | 'persons' = 'records'): RawTable {
  const rowTotals = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const colTotals = counts[0]!.map((_, j) => counts.reduce((s, r) => s + r[j]!, 0));
  return { counts, rowTotals, colTotals, total: rowTotals.reduce((a, b) => a + b, 0), measure };
}

/** A protected result with statistics, made by the same steps as the analysis service. */
export async function protectedResult(
  counts: number[][],
  rule: DisclosureRuleInput = {},
  options: { percent?: 'row' | 'col' | 'total'; measure?: 'records' | 'persons'; budget?: SearchBudget } = {},
): Promise<{ result: QueryResult; raw: RawTable }> {
  const raw = rawOf(counts, options.measure);
  const outcome = crosstabStats(counts);
  if (!outcome.stats) throw new Error(outcome.reason);
  const engine: EngineResult = {
    spec: {
      cohort: 'victims',
      filters: [],
      rows: ['district'],
      cols: ['offence_group'],
      measure: options.measure ?? 'records',
      percent: options.percent ?? 'none',
      stats: true,
      disclosure: null,
    },
    rows: { fields: ['district'], keys: counts.map((_, i) => [`D${i}`]) },
    cols: { fields: ['offence_group'], keys: counts[0]!.map((_, j) => [`O${j}`]) },
    counts: raw.counts,
    rowTotals: raw.rowTotals,
    colTotals: raw.colTotals,
    total: raw.total,
    stats: outcome.stats,
    suppressed: [],
    disclosure: null,
    meta: {
      cohort: 'victims',
      measure: options.measure ?? 'records',
      recordsMatched: raw.total,
      recordsTotal: raw.total,
      elapsedMs: 0,
      warnings: outcome.stats.warning ? [outcome.stats.warning] : [],
    },
  };
  const { table, report } = await protectTable(raw, rule);
  const stats = await publishStats(outcome.stats, raw, table, rule, options.budget);
  const result = finalizeResult(engine, {
    ...table,
    suppressed: [...report.primary, ...report.secondary],
    disclosure: report,
    stats,
  });
  return { result: result as QueryResult, raw };
}

export interface Recovered {
  row: number;
  col: number;
  value: number;
  how: string;
}

/** Every per-cell inversion the intruder knows, on each suppressed cell. */
export function invertCells(result: QueryResult): Recovered[] {
  const found: Recovered[] = [];
  const { stats } = result;
  result.counts.forEach((line, r) =>
    line.forEach((count, c) => {
      if (count !== null) return;
      const e = stats?.expected[r]?.[c];
      const res = stats?.adjustedResiduals[r]?.[c];
      const R = result.rowTotals[r];
      const C = result.colTotals[c];
      const N = result.total ?? stats?.n ?? null;
      if (e != null && res != null && R != null && C != null && N != null) {
        found.push({ row: r, col: c, value: e + res * Math.sqrt(e * (1 - R / N) * (1 - C / N)), how: 'residual' });
      }
      if (e != null) found.push({ row: r, col: c, value: e, how: 'expected count present' });
      if (res != null) found.push({ row: r, col: c, value: res, how: 'residual present' });
      const pct = result.percents?.[r]?.[c];
      if (pct != null) found.push({ row: r, col: c, value: pct, how: 'percentage' });
      const rate = result.rates?.[r]?.[c];
      if (rate != null) found.push({ row: r, col: c, value: rate, how: 'rate' });
    }),
  );
  return found;
}

/** Chi-square, p and Cramér's V of a full table, computed plainly. */
export function plainStats(counts: number[][]): { chi2: number; p: number; cramersV: number } {
  const R = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const C = counts[0]!.map((_, j) => counts.reduce((s, r) => s + r[j]!, 0));
  const N = R.reduce((a, b) => a + b, 0);
  const rows = R.filter((v) => v > 0).length;
  const cols = C.filter((v) => v > 0).length;
  let chi2 = 0;
  counts.forEach((line, i) =>
    line.forEach((o, j) => {
      if (R[i]! > 0 && C[j]! > 0) {
        const e = (R[i]! * C[j]!) / N;
        chi2 += ((o - e) * (o - e)) / e;
      }
    }),
  );
  const df = (rows - 1) * (cols - 1);
  return {
    chi2,
    p: Math.min(1, Math.max(0, 1 - jStat.chisquare.cdf(chi2, df))),
    cramersV: Math.sqrt(chi2 / (N * (Math.min(rows, cols) - 1))),
  };
}

export interface PrintedAttack {
  /** Per suppressed cell ("r:c"): the values some completion allows, and those some completion printing as published allows. */
  possible: Map<string, Set<number>>;
  consistent: Map<string, Set<number>>;
  completions: number;
}

/**
 * Every completion of the suppressed cells under the published margins (null when there are more
 * than `limit`); a completion is consistent when its statistics print as published at some level.
 */
export function printedAttack(result: QueryResult, printed: PrintedStats, limit = 200_000): PrintedAttack | null {
  const cells: Array<[number, number]> = [];
  result.counts.forEach((line, r) => line.forEach((v, c) => v === null && cells.push([r, c])));
  const rowLeft = result.rowTotals.map((t, r) => t! - result.counts[r]!.reduce<number>((s, v) => s + (v ?? 0), 0));
  const colLeft = result.colTotals.map((t, c) => t! - result.counts.reduce<number>((s, l) => s + (l[c] ?? 0), 0));
  const table = result.counts.map((line) => line.map((v) => v ?? 0));
  const possible = new Map(cells.map(([r, c]) => [`${r}:${c}`, new Set<number>()]));
  const consistent = new Map(cells.map(([r, c]) => [`${r}:${c}`, new Set<number>()]));
  let completions = 0;
  const go = (k: number): boolean => {
    if (k === cells.length) {
      if (rowLeft.some((v) => v !== 0) || colLeft.some((v) => v !== 0)) return true;
      completions += 1;
      if (completions > limit) return false;
      const stats = plainStats(table);
      const matches = PRINT_LEVELS.some((level) => samePrint(printStats(stats, level), printed));
      for (const [r, c] of cells) {
        possible.get(`${r}:${c}`)!.add(table[r]![c]!);
        if (matches) consistent.get(`${r}:${c}`)!.add(table[r]![c]!);
      }
      return true;
    }
    const [r, c] = cells[k]!;
    const lastInRow = !cells.slice(k + 1).some(([rr]) => rr === r);
    const max = Math.min(rowLeft[r]!, colLeft[c]!);
    const from = lastInRow ? rowLeft[r]! : 0;
    const to = lastInRow ? rowLeft[r]! : max;
    for (let v = from; v <= to && v <= max; v += 1) {
      table[r]![c] = v;
      rowLeft[r]! -= v;
      colLeft[c]! -= v;
      const goOn = go(k + 1);
      rowLeft[r]! += v;
      colLeft[c]! += v;
      if (!goOn) return false;
    }
    return true;
  };
  return go(0) ? { possible, consistent, completions } : null;
}
