// Protection across a release in its worker: the same result as in place, the true counts of
// finest cells asked of the main thread by message (a table and the same table without one
// category imply the category's cells, which no output publishes), and cancel ends it.
import { describe, expect, it } from 'vitest';
import { type ReleaseInput, protectInRelease } from '../../../src-main/disclosure/protectRelease.ts';
import { protectInReleaseOffThread } from '../../../src-main/disclosure/releaseThread.ts';
import type { RawTable } from '../../../src-main/disclosure/queryTable.ts';

const DOMAINS = { district: ['Ely', 'March', 'Wisbech'], ethnicity: ['Asian', 'Mixed', 'White'] };
/** Records by district x ethnicity. */
const DATA = [
  [12, 2, 30],
  [9, 1, 25],
  [14, 3, 40],
];

function byDistrict(ethnicities: readonly number[]): RawTable {
  const counts = DATA.map((row) => [ethnicities.reduce((s, e) => s + row[e]!, 0)]);
  const rowTotals = counts.map((r) => r[0]!);
  const total = rowTotals.reduce((a, b) => a + b, 0);
  return {
    counts,
    rowTotals,
    colTotals: [total],
    total,
    rows: { fields: ['district'], keys: DOMAINS.district.map((d) => [d]) },
    cols: { fields: [], keys: [[]] },
    measure: 'records',
  };
}

function input(): { release: ReleaseInput; state: { asked: number } } {
  const all = byDistrict([0, 1, 2]);
  const state = { asked: 0 };
  const release: ReleaseInput = {
    earlier: [
      {
        label: 'victims by district',
        fields: ['district'],
        scope: {},
        cells: DOMAINS.district.map((d, i) => ({ key: { district: d }, value: all.rowTotals[i]!, hidden: false })),
      },
    ],
    raw: byDistrict([0, 2]),
    scope: { ethnicity: ['Asian', 'White'] },
    measure: 'records',
    rule: { threshold: 5 },
    domains: DOMAINS,
    leafValues: async (leaves) => {
      state.asked += leaves.length;
      return leaves.map((leaf) => {
        const d = DOMAINS.district.indexOf(leaf.key.district!);
        const set = leaf.key.ethnicity !== undefined ? [leaf.key.ethnicity] : leaf.scope.ethnicity!;
        return set.reduce((s, e) => s + DATA[d]![DOMAINS.ethnicity.indexOf(e)]!, 0);
      });
    },
  };
  return { release, state };
}

describe('protection across a release in its worker', () => {
  it('gives the result protected in place, asking the main thread for the finest cells', async () => {
    const inPlace = input();
    const expected = await protectInRelease(inPlace.release);
    const inWorker = input();
    const actual = await protectInReleaseOffThread(inWorker.release);
    expect(actual).toEqual(expected);
    // The Mixed cells of each district are implied by the pair: their counts came by message.
    expect(inWorker.state.asked).toBeGreaterThan(0);
    expect(inWorker.state.asked).toBe(inPlace.state.asked);
    // The Mixed counts (2, 1, 3) are small: the new table cannot print every district.
    expect(actual.cells.some((c) => c.status !== 'published')).toBe(true);
  }, 120_000);

  it('is cancelled at once', async () => {
    const controller = new AbortController();
    const running = protectInReleaseOffThread(input().release, { signal: controller.signal });
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
  }, 60_000);
});
