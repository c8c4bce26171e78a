// A release of fx × (fy × fz), then fx × fz: the second is a coarser breakdown of the first,
// each of its cells a sum of the first's. With fx padded to 313 categories (5,008 combinations,
// beyond the 5,000 the release links in full per export) the first was linked to the second by
// its fx margin and total alone, and the second, protected against that, printed sums that
// pin counts the first hid: in this random release (randomCube seed 1) the first table's
// x0 × y0 × z1 = 4 came out exactly 4. The second is now refused; the same release over the
// 48 combinations links the first in full and publishes both.
// The attacker is the test's own (releaseAttacker.ts). Every padded category is a printed zero
// of the first table (checked), so an attacker over the 48 unpadded combinations knows exactly
// what one over all 5,008 does.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import type { QuerySpec } from '../../../shared/query.ts';
import { protectInRelease } from '../../../src-main/disclosure/protectRelease.ts';
import type { RawTable } from '../../../src-main/disclosure/queryTable.ts';
import {
  type Cube,
  type Published,
  THRESHOLD,
  countOf,
  publishNext,
  randomCube,
  rangeRuleBreaches,
} from './cycleRelease.ts';

function padded(cube: Cube, extra: number): Cube {
  const empty = Array.from({ length: extra }, (_, i) => `p${i}`);
  return {
    domains: { ...cube.domains, fx: [...cube.domains.fx, ...empty] },
    counts: [...cube.counts, ...empty.map(() => cube.domains.fy.map(() => cube.domains.fz.map(() => 0)))],
  };
}

/** fx by (fy × fz): one row per fx, one column per pair of fy and fz, protected first in the release. */
async function publishFinest(cube: Cube): Promise<Published> {
  const { fx, fy, fz } = cube.domains;
  const pairs = fy.flatMap((y) => fz.map((z) => [y, z]));
  const raw: RawTable = {
    counts: fx.map((x) => pairs.map(([y, z]) => countOf(cube, { fx: x, fy: y!, fz: z! }))),
    rowTotals: fx.map((x) => countOf(cube, { fx: x })),
    colTotals: pairs.map(([y, z]) => countOf(cube, { fy: y!, fz: z! })),
    total: countOf(cube, {}),
    rows: { fields: ['fx'], keys: fx.map((x) => [x]) },
    cols: { fields: ['fy', 'fz'], keys: pairs },
    measure: 'records',
  };
  const result = await protectInRelease({
    earlier: [],
    raw,
    scope: {},
    measure: 'records',
    rule: { threshold: THRESHOLD },
    domains: cube.domains,
    leafValues: async (leaves) => leaves.map((leaf) => countOf(cube, leaf.key)),
  });
  const spec = { cohort: 'offenders', measure: 'records', rows: ['fx'], cols: ['fy', 'fz'], filters: [] };
  return {
    spec: spec as unknown as QuerySpec,
    label: 'fx by fy and fz',
    cells: result.cells.map((c) => ({
      key: c.key,
      row: c.position.row,
      col: c.position.col,
      value: c.value,
      shown: c.status === 'published' ? c.value : null,
      status: c.status,
    })),
    givenAway: [],
  };
}

/** The first table, then fx × fz unless refused. */
async function release(cube: Cube): Promise<{ published: Published[]; refused: AppError[] }> {
  const published = [await publishFinest(cube)];
  const refused: AppError[] = [];
  try {
    published.push(await publishNext(cube, 'fx', 'fz', published));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    refused.push(error);
  }
  return { published, refused };
}

const SMALL = randomCube(1);
const LARGE = padded(SMALL, 310);
const isPad = (key: Record<string, string>) => (key.fx ?? '').startsWith('p');

describe('a table and a coarser breakdown of it, too large to link in full', () => {
  it('publishes nothing that narrows a hidden small count, refusing the coarser table', async () => {
    const { published, refused } = await release(LARGE);
    // Every padded category is printed (zeros): the attacker over the unpadded cube knows them 0.
    expect(published.flatMap((t) => t.cells.filter((c) => isPad(c.key) && c.shown === null))).toEqual([]);
    const unpadded = published.map((t) => ({ ...t, cells: t.cells.filter((c) => !isPad(c.key)) }));
    expect(await rangeRuleBreaches(SMALL, unpadded)).toEqual([]);
    expect(published.map((t) => t.label)).toEqual(['fx by fy and fz']);
    expect(refused.map((e) => e.code)).toEqual(['DISCLOSURE_REQUIRED']);
    expect(refused[0]!.message).toMatch(/Not protected together with fx by fy and fz: .*new release/);
  }, 300_000);

  it('publishes both over few enough categories, linked in full', async () => {
    const { published, refused } = await release(SMALL);
    expect(refused).toEqual([]);
    expect(published).toHaveLength(2);
    expect(await rangeRuleBreaches(SMALL, published)).toEqual([]);
  }, 120_000);
});
