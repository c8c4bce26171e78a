// Property over random releases of three two-way tables forming a cycle (cycleRelease.ts), as
// an attacker who knows every number of the three at once sees them. Each pair of the cycle
// differs by two fields, so the release does not link an earlier table by nearness; it links it
// by parts, or in full once its parts bring every field of it into the model. CYCLE_SEEDS sets
// how many seeds (a small sample by default, printing the counts when set); CYCLE_LINK=full
// links every earlier table in full instead, for comparison.
//
// A table is protected against the tables before it, never the ones after, so a small count can
// be narrowed before the table that shows it is published (seed 19: fy y3 × fz z0 = 3 is at most
// 7 from the first table's margin alone). Over seeds 1 to 200, 9 seeds have such counts: 12, 19,
// 73, 85, 86, 96, 103, 113, 142. The rule (keepNarrowed.ts): such a count keeps, to the end of
// the release, the range the tables before it left it, and the table that shows it tells the
// analyst; every other hidden small count stays protected. Before that rule, seed 103's
// fx x2 × fz z1 = 2, at most 5 after the first two tables, was pinned to 2 by the third.
import { describe, expect, it } from 'vitest';
import { givenAwayEarlierWarnings } from '../../../shared/needsCooccurrence.ts';
import { coverOf, narrowedOf, randomCube, rangeRuleBreaches, releaseOf } from './cycleRelease.ts';
import { ReleaseAttacker } from './releaseAttacker.ts';

const SEEDS = Number(process.env.CYCLE_SEEDS ?? 6);
const FULL = process.env.CYCLE_LINK === 'full';
const NARROWED_BEFORE_SHOWN = [12, 19, 73, 85, 86, 96, 113, 142];

describe('a release of three two-way tables forming a cycle', () => {
  it(`keeps every hidden small count as open as the tables before it left it, over ${SEEDS} random releases`, async () => {
    const failing: string[] = [];
    const narrowing: number[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const cube = randomCube(seed);
      const tables = await releaseOf(cube, FULL);
      const breaches = await rangeRuleBreaches(cube, tables);
      if (breaches.length > 0) failing.push(`seed ${seed}: ${breaches.join('; ')}`);
      if (process.env.CYCLE_SEEDS && (await narrowedOf(cube, tables)).length > 0) narrowing.push(seed);
    }
    if (process.env.CYCLE_SEEDS) {
      console.log(`${failing.length} of ${SEEDS} seeds break the rule\n${failing.join('\n')}`);
      console.log(`${narrowing.length} seeds with a count narrowed before it was shown: ${narrowing.join(', ')}`);
    }
    expect(failing).toEqual([]);
  }, 600_000);

  it('keeps a count the earlier tables already narrowed from being narrowed further (seed 103)', async () => {
    const cube = randomCube(103);
    const tables = await releaseOf(cube, FULL);
    const attacker = new ReleaseAttacker(cube.domains);
    const printed = (count: number) =>
      tables
        .slice(0, count)
        .flatMap((t) => t.cells.filter((c) => c.shown !== null))
        .map((c) => ({ cover: coverOf(c.key), value: c.value }));
    const target = coverOf({ fx: 'x2', fz: 'z1' });
    const cell = tables[2]!.cells.find((c) => c.key.fx === 'x2' && c.key.fz === 'z1')!;
    expect(cell).toMatchObject({ value: 2, shown: null });
    const before = await attacker.range(printed(2), target);
    expect(before.upper).toBeLessThan(2 + 5);
    expect(await attacker.range(printed(3), target)).toEqual(before);
    expect(tables[2]!.givenAway.length).toBeGreaterThan(0);
  }, 120_000);

  it('tells the analyst which earlier table gave a count away (seed 19)', async () => {
    const tables = await releaseOf(randomCube(19), FULL);
    // fy y3 × fz z0 = 3 and y3 × z1 = 3 of the second table: the first table's y3 margin of 7 bounds both.
    expect(tables[1]!.givenAway).toEqual([{ output: 'fx by fy', counts: 2, through: 'table' }]);
    expect(givenAwayEarlierWarnings({ givenAwayEarlier: tables[1]!.givenAway })).toEqual([
      '2 hidden small counts of this table can already be narrowed to within the protection from what fx by fy published before it; this table hides them and narrows them no further, but cannot take back what was given away. Consider starting a new release, or reviewing that output.',
    ]);
  }, 120_000);

  it.each(NARROWED_BEFORE_SHOWN)(
    'seed %i: a count narrowed before its table is narrowed no further, and the table says so',
    async (seed) => {
      const cube = randomCube(seed);
      const tables = await releaseOf(cube, FULL);
      expect(await narrowedOf(cube, tables)).not.toEqual([]);
      expect(await rangeRuleBreaches(cube, tables)).toEqual([]);
    },
    120_000,
  );
});
