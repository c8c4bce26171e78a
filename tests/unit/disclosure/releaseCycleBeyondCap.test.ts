// Three two-way tables of one release forming a cycle (fx × fy, then fy × fz, then fx × fz) whose
// combinations are too many for the release to link the earlier two in full (313 × 4 × 4 = 5,008,
// beyond the 5,000 it models per export): the third table then reached them only by their
// margins, and a model that links tables by margins alone allows counts of fx × fz with no
// fx × fy × fz cube of records behind them. An intruder who reads all three at once knows one
// cube lies behind them and narrows small counts the model leaves open. The case is a random
// release found by search (randomCube seed 21, fx padded with 310 empty categories): published
// as the release linked it, its first table's x0 × y2 = 3 came out at most 3.
// The attacker is the test's own (releaseAttacker.ts), an LP over all 5,008 fx, fy, fz counts.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import {
  type Cube,
  type Published,
  coverOf,
  publishNext,
  randomCube,
  rangeRuleBreaches,
  releaseOf,
} from './cycleRelease.ts';
import { ReleaseAttacker } from './releaseAttacker.ts';

/** The cube with `extra` more categories of fx, each with no records. */
function padded(cube: Cube, extra: number): Cube {
  const empty = Array.from({ length: extra }, (_, i) => `p${i}`);
  return {
    domains: { ...cube.domains, fx: [...cube.domains.fx, ...empty] },
    counts: [...cube.counts, ...empty.map(() => cube.domains.fy.map(() => cube.domains.fz.map(() => 0)))],
  };
}

const SMALL = randomCube(21);
const LARGE = padded(SMALL, 310);

/** The cycle published in turn; a table the release refuses is not published, and its refusal kept. */
async function publishCycle(cube: Cube): Promise<{ published: Published[]; refused: AppError[] }> {
  const published: Published[] = [];
  const refused: AppError[] = [];
  for (const [rows, cols] of [
    ['fx', 'fy'],
    ['fy', 'fz'],
    ['fx', 'fz'],
  ] as const) {
    try {
      published.push(await publishNext(cube, rows, cols, published));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refused.push(error);
    }
  }
  return { published, refused };
}

describe('a release of three two-way tables in a cycle too large to link in full', () => {
  it('publishes nothing that narrows a hidden small count further than the tables before it did', async () => {
    const { published } = await publishCycle(LARGE);
    expect(await rangeRuleBreaches(LARGE, published)).toEqual([]);
  }, 300_000);

  it('refuses the table that closes the cycle, saying what to do instead', async () => {
    const { published, refused } = await publishCycle(LARGE);
    expect(published.map((t) => t.label)).toEqual(['fx by fy', 'fy by fz']);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.code).toBe('DISCLOSURE_REQUIRED');
    expect(refused[0]!.message).toContain('fx by fy');
    expect(refused[0]!.message).toContain('fy by fz');
    expect(refused[0]!.message).toMatch(/new release/);
    // The first two alone leave x0 × y2 = 3 open.
    const printed = published.flatMap((t) =>
      t.cells.filter((c) => c.shown !== null).map((c) => ({ cover: coverOf(c.key), value: c.value })),
    );
    const x0y2 = { fx: 'x0', fy: 'y2' };
    expect(published[0]!.cells.find((c) => c.key.fx === 'x0' && c.key.fy === 'y2')).toMatchObject({
      value: 3,
      shown: null,
    });
    expect((await new ReleaseAttacker(LARGE.domains).range(printed, coverOf(x0y2))).upper).toBeGreaterThanOrEqual(
      3 + 5,
    );
  }, 300_000);

  it('publishes the same cycle over few enough categories, linked in full', async () => {
    const tables = await releaseOf(SMALL, false);
    expect(tables).toHaveLength(3);
    expect(await rangeRuleBreaches(SMALL, tables)).toEqual([]);
  }, 120_000);
});
