// Which statistics a protected table publishes, checked by hand and against a brute force: the
// finest printing at which no completion of the suppressed cells that the totals allow is ruled
// out, found by trying every completion with plainly computed statistics.
import { describe, expect, it } from 'vitest';
import { PRINT_LEVELS, type PrintedStats, printStats } from '../../../shared/statsPrint.ts';
import { crosstabStats } from '../../../src-main/engine/crosstabStats.ts';
import { STATS_NOTES, maskCellStats, protectStats } from '../../../src-main/engine/statsDisclosure.ts';
import { plainStats, printedAttack, protectedResult } from '../disclosure/statsIntruder.ts';

/** The finest printing that rules out no value of a suppressed cell, by trying every completion; null: none. */
async function bruteForce(counts: number[][]): Promise<PrintedStats | null> {
  const { result } = await protectedResult(counts, { threshold: 5 });
  const truth = plainStats(counts);
  for (const level of PRINT_LEVELS) {
    const printed = printStats(truth, level);
    const attack = printedAttack(result, printed)!;
    const safe = [...attack.possible].every(([cell, values]) => attack.consistent.get(cell)!.size === values.size);
    if (safe) return printed;
  }
  return null;
}

describe('statistics of a protected table', () => {
  it.each([
    // Hand-found examples of each outcome: withheld, p only, p and V.
    {
      counts: [
        [17, 16, 23],
        [24, 3, 16],
        [11, 22, 4],
      ],
      status: 'withheld',
    },
    {
      counts: [
        [4, 16, 28],
        [26, 24, 15],
        [13, 22, 15],
      ],
      status: 'coarsened',
    },
    {
      counts: [
        [27, 4, 10],
        [12, 29, 23],
        [19, 27, 15],
      ],
      status: 'coarsened',
    },
    {
      counts: [
        [2, 300, 40],
        [3, 25, 500],
        [60, 700, 80],
        [90, 20, 400],
      ],
      status: 'coarsened',
    },
  ])('prints $counts at the finest safe precision ($status)', async ({ counts, status }) => {
    const { result } = await protectedResult(counts, { threshold: 5 });
    const publication = result.stats!.publication!;
    expect(publication.status).toBe(status);
    const expected = await bruteForce(counts);
    if (expected === null) {
      expect(publication.printed).toEqual({ chi2: null, p: null, cramersV: null });
      expect(publication.note).toBe(STATS_NOTES.narrows);
    } else {
      expect(publication.printed).toEqual(expected);
      expect(publication.note).toBe(STATS_NOTES.coarsened);
    }
    // The numbers carry no more than the text: chi-square and V as printed, p only when printed as a number.
    const { chi2, p, cramersV } = result.stats!;
    expect(chi2 === null ? null : String(chi2)).toBe(
      publication.printed.chi2 === null ? null : String(Number(publication.printed.chi2)),
    );
    expect(cramersV === null ? null : cramersV).toBe(
      publication.printed.cramersV === null ? null : Number(publication.printed.cramersV),
    );
    if (publication.printed.p?.startsWith('<')) expect(p).toBeNull();
  });

  it('publishes the raw statistics in full when nothing is suppressed', async () => {
    const counts = [
      [762, 327, 468],
      [484, 239, 477],
    ];
    const { result } = await protectedResult(counts, { threshold: 5 });
    const raw = crosstabStats(counts).stats!;
    expect(result.suppressed).toEqual([]);
    expect(result.stats).toMatchObject({ chi2: raw.chi2, p: raw.p, cramersV: raw.cramersV, df: 2, n: raw.n });
    expect(result.stats?.publication).toEqual({
      status: 'full',
      printed: { chi2: '30.070', p: '< 0.001', cramersV: '0.104' }, // V = sqrt(30.070 / 2757)
      note: null,
    });
    expect(result.stats?.adjustedResiduals).toEqual(raw.adjustedResiduals);
  });

  it('keeps expected counts and residuals of published cells under published totals, and no others', async () => {
    const counts = [
      [40, 2, 30, 25],
      [35, 28, 3, 40],
      [50, 44, 38, 60],
      [20, 31, 27, 1],
    ];
    const { result } = await protectedResult(counts, { threshold: 5 });
    const raw = crosstabStats(counts).stats!;
    result.counts.forEach((line, r) =>
      line.forEach((v, c) => {
        const shown = v !== null;
        expect(result.stats!.expected[r]![c]).toBe(shown ? raw.expected[r]![c] : null);
        expect(result.stats!.adjustedResiduals[r]![c]).toBe(shown ? raw.adjustedResiduals[r]![c] : null);
      }),
    );
    // By hand: the expected count of a published cell is its row total x column total / N.
    expect(result.stats!.expected[2]![0]).toBeCloseTo((192 * 145) / 474, 12);
  });

  it('withholds them for a rounded table, a persons table with suppression and a table with a suppressed total', async () => {
    const counts = [
      [40, 2, 30],
      [35, 28, 3],
      [50, 44, 38],
    ];
    const rounded = (await protectedResult(counts, { threshold: 5, round: 5 })).result.stats!;
    expect(rounded.publication?.note).toBe(STATS_NOTES.rounded);
    expect([rounded.chi2, rounded.n, rounded.df]).toEqual([null, null, null]);
    expect(rounded.expected.flat().every((v) => v === null)).toBe(true);
    const persons = (await protectedResult(counts, { threshold: 5 }, { measure: 'persons' })).result.stats!;
    expect(persons.publication?.note).toBe(STATS_NOTES.persons);
    expect(persons.adjustedResiduals.flat().every((v) => v === null)).toBe(true);
    // A row of 3 in all: its total is small, so suppressed; the statistics would give it back.
    const smallRow = (
      await protectedResult(
        [
          [40, 22, 30],
          [1, 1, 1],
          [50, 44, 38],
        ],
        { threshold: 5 },
      )
    ).result;
    expect(smallRow.rowTotals[1]).toBeNull();
    expect(smallRow.stats?.publication?.note).toBe(STATS_NOTES.totals);
    expect([smallRow.stats?.n, smallRow.stats?.df, smallRow.stats?.warning]).toEqual([null, null, null]);
    expect(smallRow.meta.warnings.join(' ')).not.toMatch(/minimum expected count/);
  });

  it('masks per-cell statistics of a rounded table even where nothing is suppressed', () => {
    const stats = crosstabStats([
      [10, 20],
      [30, 40],
    ]).stats!;
    const published = {
      counts: [
        [10, 20],
        [30, 40],
      ],
      rowTotals: [30, 70],
      colTotals: [40, 60],
      total: 100,
    };
    expect(maskCellStats(stats, published, true, 'records').expected.flat()).toEqual([null, null, null, null]);
    expect(maskCellStats(stats, published, false, 'records').expected).toEqual(stats.expected);
    const full = protectStats({
      stats,
      raw: published.counts,
      published,
      rounded: false,
      measure: 'records',
      interval: () => null,
    });
    expect(full.publication?.status).toBe('full');
  });
});
