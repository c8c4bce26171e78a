// The intruder against protected results with statistics: per-cell inversions (O = E + r * ...,
// percentages, rates) recover nothing, and the printed chi-square, p and Cramér's V, tried over
// every completion of the suppressed cells the totals allow, rule out no value of any suppressed
// cell, on random tables and on a realistic district x offence group table of domestic abuse victims.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../shared/query.ts';
import { FULL_PRECISION, printStats } from '../../../shared/statsPrint.ts';
import { protectTable } from '../../../src-main/disclosure/protectTable.ts';
import { crosstabStats } from '../../../src-main/engine/crosstabStats.ts';
import { finalizeResult } from '../../../src-main/engine/finalizeResult.ts';
import { invertCells, plainStats, printedAttack, protectedResult, rawOf } from './statsIntruder.ts';

const count = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 30 }) },
);
const table = fc
  .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }))
  .chain(([rows, cols]) =>
    fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
  );

/** Whether the printed statistics narrow any suppressed cell; null when the attack cannot finish or nothing is printed. */
function narrowed(result: QueryResult): string[] | null {
  const publication = result.stats?.publication;
  if (!publication || publication.status === 'withheld') return null;
  const attack = printedAttack(result, publication.printed);
  if (attack === null) return null;
  const lost: string[] = [];
  for (const [cell, values] of attack.possible) {
    const kept = attack.consistent.get(cell)!;
    for (const v of values) if (!kept.has(v)) lost.push(`${cell}=${v}`);
  }
  return lost;
}

const DOMESTIC_ABUSE = [
  [412, 97, 3],
  [388, 120, 11],
  [129, 31, 2],
  [264, 4, 9],
  [97, 22, 1],
  [510, 141, 17],
  [73, 12, 0],
  [301, 66, 6],
  [45, 2, 4],
];

describe('the intruder, against statistics published as computed (the old behaviour)', () => {
  it('gets every suppressed cell back from its expected count and residual, and narrows them by chi-square', async () => {
    const raw = rawOf(DOMESTIC_ABUSE);
    const { table, report } = await protectTable(raw, { threshold: 5 });
    const stats = crosstabStats(DOMESTIC_ABUSE).stats!;
    // The raw statistics glued onto the protected counts, as before.
    const leaky = {
      ...(await protectedResult(DOMESTIC_ABUSE, { threshold: 5 })).result,
      ...table,
      suppressed: [...report.primary, ...report.secondary],
      stats,
    } as QueryResult;
    const recovered = invertCells(leaky).filter((r) => r.how === 'residual');
    expect(recovered.length).toBe(leaky.suppressed.length);
    for (const { row, col, value } of recovered) expect(Math.round(value)).toBe(DOMESTIC_ABUSE[row]![col]);
    const attack = printedAttack(leaky, printStats(plainStats(DOMESTIC_ABUSE), FULL_PRECISION), 2_000_000)!;
    const narrowedCells = [...attack.possible].filter(
      ([cell, values]) => attack.consistent.get(cell)!.size < values.size,
    );
    expect(narrowedCells.length).toBe(attack.possible.size);
  }, 120_000);
});

describe('the intruder of published statistics', () => {
  it('recovers no suppressed cell and narrows none, on random protected tables', async () => {
    let attacked = 0;
    let suppressedCells = 0;
    await fc.assert(
      fc.asyncProperty(table, fc.constantFrom<'row' | 'col'>('row', 'col'), async (counts, percent) => {
        const rowSums = counts.map((r) => r.reduce((a, b) => a + b, 0));
        const colSums = counts[0]!.map((_, j) => counts.reduce((s, r) => s + r[j]!, 0));
        if (rowSums.filter((v) => v > 0).length < 2 || colSums.filter((v) => v > 0).length < 2) return;
        const { result, raw } = await protectedResult(counts, { threshold: 5 }, { percent });
        suppressedCells += result.suppressed.length;
        expect(invertCells(result)).toEqual([]);
        // The statistics say nothing a published number does not: no expected count or
        // residual where the cell or one of its totals is hidden.
        result.counts.forEach((line, r) =>
          line.forEach((v, c) => {
            if (v === null || result.rowTotals[r] === null || result.colTotals[c] === null) {
              expect(result.stats?.expected[r]?.[c] ?? null).toBeNull();
              expect(result.stats?.adjustedResiduals[r]?.[c] ?? null).toBeNull();
            }
          }),
        );
        const lost = narrowed(result);
        if (lost !== null) {
          attacked += 1;
          expect(lost).toEqual([]);
        }
        // With nothing suppressed the statistics are the raw ones, in full.
        if (result.suppressed.length === 0 && raw.total > 0) {
          expect(result.stats?.publication?.status).toBe('full');
        }
      }),
      { numRuns: 60, seed: 20261205 },
    );
    // The property saw suppressed cells and ran the printed-statistic attack on published statistics.
    expect(suppressedCells).toBeGreaterThan(20);
    expect(attacked).toBeGreaterThan(10);
  }, 120_000);

  it('leaves a realistic district x offence group table of domestic abuse victims with nothing to recover', async () => {
    // Nine districts by three offence groups, as an analyst's table of domestic abuse victims:
    // a few small counts in the rural districts.
    const { result } = await protectedResult(DOMESTIC_ABUSE, { threshold: 5 });
    expect(result.suppressed.length).toBeGreaterThan(6);
    expect(invertCells(result)).toEqual([]);
    const publication = result.stats!.publication!;
    expect(['full', 'coarsened', 'withheld']).toContain(publication.status);
    if (publication.status !== 'withheld') {
      const attack = printedAttack(result, publication.printed, 2_000_000);
      expect(attack).not.toBeNull();
      for (const [cell, values] of attack!.possible)
        expect([cell, [...attack!.consistent.get(cell)!]]).toEqual([cell, [...values]]);
    } else {
      expect(result.stats?.chi2).toBeNull();
      expect(publication.note).toMatch(/withheld/);
    }
  }, 120_000);

  it('narrows nothing when the check runs out of enumeration and must search for witnesses', async () => {
    let published = 0;
    await fc.assert(
      fc.asyncProperty(table, async (counts) => {
        const rowSums = counts.map((r) => r.reduce((a, b) => a + b, 0));
        const colSums = counts[0]!.map((_, j) => counts.reduce((s, r) => s + r[j]!, 0));
        if (rowSums.filter((v) => v > 0).length < 2 || colSums.filter((v) => v > 0).length < 2) return;
        const budget = { enumerationNodes: 3, witnessWork: 200_000 };
        const { result } = await protectedResult(counts, { threshold: 5 }, { budget });
        const lost = narrowed(result);
        if (lost !== null && result.suppressed.length > 0) published += 1;
        if (lost !== null) expect(lost).toEqual([]);
      }),
      { numRuns: 40, seed: 7 },
    );
    expect(published).toBeGreaterThan(5);
  }, 120_000);

  it('withholds the statistics when the check has no budget left, rather than print them unchecked', async () => {
    const budget = { enumerationNodes: 0, witnessWork: 0 };
    const { result } = await protectedResult(DOMESTIC_ABUSE, { threshold: 5 }, { budget });
    expect(result.stats?.publication?.status).toBe('withheld');
    expect([result.stats?.chi2, result.stats?.p, result.stats?.cramersV]).toEqual([null, null, null]);
    expect(result.meta.warnings).toContain(result.stats?.publication?.note);
  });

  it('publishes no statistic nobody checked: a protected result finalised without them withholds them', () => {
    const raw = rawOf(DOMESTIC_ABUSE);
    const stats = crosstabStats(DOMESTIC_ABUSE).stats!;
    const counts = DOMESTIC_ABUSE.map((line) => line.map((v) => (v < 5 ? null : v)));
    const finalised = finalizeResult(
      {
        spec: {
          cohort: 'victims',
          filters: [],
          rows: ['a'],
          cols: ['b'],
          measure: 'records',
          percent: 'none',
          stats: true,
          disclosure: null,
        },
        rows: { fields: ['a'], keys: counts.map((_, i) => [String(i)]) },
        cols: { fields: ['b'], keys: [['x'], ['y'], ['z']] },
        ...raw,
        stats,
        suppressed: [],
        disclosure: null,
        meta: {
          cohort: 'victims',
          measure: 'records',
          recordsMatched: 0,
          recordsTotal: 0,
          elapsedMs: 0,
          warnings: [stats.warning ?? 'none'],
        },
      },
      { counts, rowTotals: raw.rowTotals, colTotals: raw.colTotals, total: raw.total },
    );
    expect(finalised.stats?.publication?.status).toBe('withheld');
    expect(finalised.stats?.chi2).toBeNull();
    expect(invertCells(finalised as QueryResult)).toEqual([]);
  });
});
