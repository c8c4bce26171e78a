// Three two-way tables of one release forming a cycle (fx × fy, then fy × fz, then fx × fz), as
// the release links them: each pair differs by two fields, so an earlier table is not linked by
// nearness, only by parts (its one-field margins with its total), and those parts bring every
// field of it into the model. Linked so, the model did not hold the earlier tables' printed
// inner cells, though the attacker reads them. The case, minimised by hand from a random one
// (releaseCycleLinking.property.test.ts, seed 14): the first table prints x1 × y3 = 5; the third,
// protected against the first two's margins alone, printed x0 × z0 = 0; so every record of
// y3 × z0 is an x1 × y3 record, and the second table's hidden y3 × z0 = 1 is at most 5, not the
// 6 that protection asks. Linked in full, the third table hides what it takes to keep it open.
// The attacker is the test's own (releaseAttacker.ts), over the fx, fy, fz counts.
import { describe, expect, it } from 'vitest';
import { ReleaseAttacker } from './releaseAttacker.ts';
import { type Cube, THRESHOLD, countOf, coverOf, linkedFor, narrowedOf, releaseOf } from './cycleRelease.ts';

const CUBE: Cube = {
  domains: { fx: ['x0', 'x1'], fy: ['y1', 'y3'], fz: ['z0', 'z1', 'z2', 'z3'] },
  // By fx, then fy, then fz: 13 records.
  counts: [
    [
      [0, 1, 1, 0],
      [0, 0, 1, 2],
    ],
    [
      [1, 0, 2, 0],
      [1, 0, 4, 0],
    ],
  ],
};

describe('a release of three two-way tables forming a cycle, linked by their margins', () => {
  it('links both earlier tables in full once their margins bring all their fields in', async () => {
    const [first, second] = await releaseOf(CUBE, false, 2);
    const third = { ...first!.spec, rows: ['fx'], cols: ['fz'] };
    const earlier = linkedFor(CUBE, third, [first!, second!]);
    expect(earlier.map((t) => [t.label, t.fields, t.part ?? false])).toEqual([
      ['fy by fz', ['fy', 'fz'], false],
      ['fx by fy', ['fx', 'fy'], false],
    ]);
  });

  it('keeps y3 × z0 open against x1 × y3 printed by the first table', async () => {
    const tables = await releaseOf(CUBE, false);
    const printed = tables.flatMap((t) =>
      t.cells.filter((c) => c.shown !== null).map((c) => ({ cover: coverOf(c.key), value: c.value })),
    );
    // The first table prints x1 × y3 (5, not small).
    expect(tables[0]!.cells.find((c) => c.key.fx === 'x1' && c.key.fy === 'y3')?.shown).toBe(5);
    const target = { fy: 'y3', fz: 'z0' };
    expect(countOf(CUBE, target)).toBe(1);
    const { upper } = await new ReleaseAttacker(CUBE.domains).range(printed, coverOf(target));
    expect(upper).toBeGreaterThanOrEqual(1 + THRESHOLD);
    expect(await narrowedOf(CUBE, tables)).toEqual([]);
  });
});
