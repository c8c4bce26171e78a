// The intruder against published confidence limits and year-on-year change marks. A limit or a
// mark that depended on a hidden count would tell completions of the hidden cells apart; so the
// intruder enumerates every whole-number completion that the published totals allow, has the
// pipeline finalise each one as if it were the truth (same suppression), and keeps those whose
// limits and marks print as published. Nothing may be ruled out. Shown first: the same intruder
// gets a hidden count straight back from limits computed on the raw counts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Z_95 } from '../../../shared/intervals.ts';
import type { QueryResult, QuerySpec } from '../../../shared/query.ts';
import { protectTable } from '../../../src-main/disclosure/protectTable.ts';
import { finalizeResult, type EngineResult, type ProtectedCounts } from '../../../src-main/engine/finalizeResult.ts';
import type { PopulationRow } from '../../../src-main/engine/populations.ts';
import { rawOf } from './statsIntruder.ts';

type Shape = 'districtsBySex' | 'yearsBySex';

const SEXES = ['Female', 'Male', 'Unknown', 'Other'];
const DISTRICTS = ['Cambridge', 'Fenland', 'Huntingdonshire', 'Peterborough'];
const YEARS = ['2019/20', '2020/21', '2021/22', '2022/23'];

const POPULATIONS = new Map<string, PopulationRow[]>([
  [
    'mid',
    DISTRICTS.flatMap((district, d) =>
      SEXES.map((sex, s) => ({ district, age_band: null, sex, population: 20_000 + 3_000 * d + 500 * s })),
    ),
  ],
]);

function engineResult(counts: number[][], shape: Shape, percent: QuerySpec['percent']): EngineResult {
  const raw = rawOf(counts);
  const byYear = shape === 'yearsBySex';
  const rowField = byYear ? 'financial_year' : 'district';
  const spec: QuerySpec = {
    cohort: 'victims',
    filters: [],
    rows: [rowField],
    cols: ['sex'],
    measure: 'records',
    percent,
    stats: false,
    disclosure: null,
    intervals: true,
    ...(byYear ? {} : { rate: { per: 1000, population: 'mid' } }),
  };
  return {
    spec,
    rows: { fields: [rowField], keys: counts.map((_, i) => [(byYear ? YEARS : DISTRICTS)[i]!]) },
    cols: { fields: ['sex'], keys: counts[0]!.map((_, j) => [SEXES[j]!]) },
    counts: raw.counts,
    rowTotals: raw.rowTotals,
    colTotals: raw.colTotals,
    total: raw.total,
    suppressed: [],
    disclosure: null,
    meta: {
      cohort: 'victims',
      measure: 'records',
      recordsMatched: raw.total,
      recordsTotal: raw.total,
      elapsedMs: 0,
      warnings: [],
    },
  };
}

/** What a reader sees of the uncertainty: every limit and every change mark. */
function uncertaintyPrint(result: EngineResult): string {
  return JSON.stringify({ intervals: result.intervals, changes: result.changes ?? null });
}

/** Every completion of the hidden cells that the published totals allow; null past the limits. */
function completions(published: ProtectedCounts, limit = 2_000, nodeLimit = 200_000): number[][][] | null {
  const cells: Array<[number, number]> = [];
  published.counts.forEach((line, r) => line.forEach((v, c) => v === null && cells.push([r, c])));
  if (published.rowTotals.some((t) => t === null) || published.colTotals.some((t) => t === null)) return null;
  const rowLeft = published.rowTotals.map(
    (t, r) => t! - published.counts[r]!.reduce<number>((s, v) => s + (v ?? 0), 0),
  );
  const colLeft = published.colTotals.map((t, c) => t! - published.counts.reduce<number>((s, l) => s + (l[c] ?? 0), 0));
  const table = published.counts.map((line) => line.map((v) => v ?? 0));
  const found: number[][][] = [];
  let nodes = 0;
  const go = (k: number): boolean => {
    nodes += 1;
    if (nodes > nodeLimit) return false;
    if (k === cells.length) {
      if (rowLeft.some((v) => v !== 0) || colLeft.some((v) => v !== 0)) return true;
      found.push(table.map((line) => [...line]));
      return found.length <= limit;
    }
    const [r, c] = cells[k]!;
    // The last hidden cell of a row takes what the row has left.
    const lastInRow = !cells.slice(k + 1).some(([rr]) => rr === r);
    const max = Math.min(rowLeft[r]!, colLeft[c]!);
    const from = lastInRow ? rowLeft[r]! : 0;
    for (let v = from; v <= max; v += 1) {
      table[r]![c] = v;
      rowLeft[r]! -= v;
      colLeft[c]! -= v;
      const goOn = go(k + 1);
      rowLeft[r]! += v;
      colLeft[c]! += v;
      if (!goOn) return false;
      if (lastInRow) break;
    }
    table[r]![c] = 0;
    return true;
  };
  return go(0) ? found : null;
}

async function published(counts: number[][]): Promise<ProtectedCounts> {
  const { table, report } = await protectTable(rawOf(counts), { threshold: 5 });
  return { ...table, suppressed: [...report.primary, ...report.secondary], disclosure: report };
}

/** The count Wilson limits of x out of n give back: their centre is (x/n + z²/2n) / (1 + z²/n). */
function countFromWilson(lower: number, upper: number, n: number): number {
  const z2 = Z_95 * Z_95;
  return n * (((lower + upper) / 200) * (1 + z2 / n) - z2 / (2 * n));
}

const count = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 40 }) },
);
const table = fc
  .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }))
  .chain(([rows, cols]) =>
    fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
  );

describe('the intruder of confidence limits', () => {
  it('gets a hidden count back from limits computed on the raw counts (what must not be published)', async () => {
    const counts = [
      [40, 3, 22],
      [35, 18, 27],
    ];
    const shown = await published(counts);
    expect(shown.counts[0]![1]).toBeNull();
    const leaky = finalizeResult(engineResult(counts, 'districtsBySex', 'row'), undefined, POPULATIONS);
    const lower = leaky.intervals!.percents!.lower[0]![1]!;
    const upper = leaky.intervals!.percents!.upper[0]![1]!;
    expect(Math.round(countFromWilson(lower, upper, shown.rowTotals[0]!))).toBe(3);
  });

  it('can rule out no completion of the hidden cells, on random protected tables with percentages, rates and year changes', async () => {
    let attacked = 0;
    let completionsTried = 0;
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.constantFrom<Shape>('districtsBySex', 'yearsBySex'),
        fc.constantFrom<QuerySpec['percent']>('row', 'col', 'total', 'none'),
        async (counts, shape, percent) => {
          const shown = await published(counts);
          const result = finalizeResult(engineResult(counts, shape, percent), shown, POPULATIONS);
          // No limit where the number it bounds is hidden.
          for (const [r, c] of shown.suppressed ?? []) {
            for (const bounds of [result.intervals?.percents, result.intervals?.rates]) {
              expect(bounds?.lower[r]?.[c] ?? null).toBeNull();
              expect(bounds?.upper[r]?.[c] ?? null).toBeNull();
            }
            expect(result.changes?.flags[r]?.[c] ?? null).toBeNull();
          }
          const all = completions(shown);
          if (all === null || (shown.suppressed ?? []).length === 0) return;
          attacked += 1;
          const seen = uncertaintyPrint(result);
          for (const truth of all) {
            completionsTried += 1;
            const alternative = finalizeResult(engineResult(truth, shape, percent), shown, POPULATIONS);
            expect(uncertaintyPrint(alternative)).toBe(seen);
          }
        },
      ),
      { numRuns: 50, seed: 20261205 },
    );
    expect(attacked).toBeGreaterThan(10);
    expect(completionsTried).toBeGreaterThan(100);
  }, 120_000);

  it('finds no limit at all for a hidden cell through the query result contract', async () => {
    const counts = [
      [40, 3, 22],
      [35, 18, 27],
      [12, 2, 30],
    ];
    const result = finalizeResult(engineResult(counts, 'yearsBySex', 'row'), await published(counts)) as QueryResult;
    expect(result.suppressed.length).toBeGreaterThan(0);
    for (const [r, c] of result.suppressed) {
      expect(result.intervals!.percents!.lower[r]![c]).toBeNull();
      expect(result.changes!.flags[r]![c]).toBeNull();
    }
  });
});
