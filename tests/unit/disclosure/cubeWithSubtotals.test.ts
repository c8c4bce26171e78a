// A three-way table (district x sex x age band) published with every subtotal is one problem
// with the two-way tables: the suppression must hold against all its subtotals at once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cubeWithSubtotals, protectKeyedTables } from '../../../src-main/disclosure/index.ts';
import { attackCube } from './independentAttacker.ts';

const fields = ['district', 'sex', 'age_band'];
const categories = [
  ['Cambridge', 'Fenland', 'Peterborough'],
  ['Female', 'Male'],
  ['0-17', '18-34', '35+'],
];

function keyOf(tuple: number[]): Record<string, string> {
  return Object.fromEntries(fields.map((f, d) => [f, categories[d]![tuple[d]!]!]));
}

describe('cubeWithSubtotals', () => {
  it('lists every cell and every subtotal with its sum', () => {
    const values = Array.from({ length: 18 }, (_, i) => i);
    const cube = cubeWithSubtotals({ fields, categories, values });
    // 18 cells, 6 + 9 + 6 two-way, 3 + 2 + 3 one-way, 1 grand total.
    expect(cube.cells).toHaveLength(18 + 21 + 8 + 1);
    const fenlandFemale = cube.cells.find(
      (c) => c.key.district === 'Fenland' && c.key.sex === 'Female' && c.key.age_band === undefined,
    );
    // Fenland is the second district: flat indices 6..8 are its Female ages.
    expect(fenlandFemale?.value).toBe(6 + 7 + 8);
    expect(cube.cells.find((c) => Object.keys(c.key).length === 0)?.value).toBe((17 * 18) / 2);
  });

  it('protects small cells against every subtotal of a 3 x 2 x 3 table', async () => {
    const values = [12, 3, 20, 15, 18, 22, 9, 14, 30, 11, 2, 25, 16, 19, 8, 21, 13, 17];
    const cube = cubeWithSubtotals({ fields, categories, values });
    const protection = await protectKeyedTables([cube], 'records', { threshold: 5 });
    const leafValue = (t: number[]) => values[t[0]! * 6 + t[1]! * 3 + t[2]!]!;
    expect(protection.published(keyOf([0, 0, 1]))).toBeNull();
    expect(protection.published(keyOf([1, 1, 1]))).toBeNull();
    expect(protection.status(keyOf([0, 0, 1]))).toBe('primary');
    // A small count can hide behind two-way subtotals only with a complement in every direction.
    const ranges = await attackCube(categories, fields, leafValue, (key) => protection.published(key));
    const primaries = ranges.filter((r) => r.value > 0 && r.value < 5);
    expect(primaries).toHaveLength(2);
    for (const range of primaries) expect(range.upper).toBeGreaterThanOrEqual(range.value + 5);
    // In three dimensions one complement per line is not enough: at least a 2 x 2 x 2 box.
    const hiddenCells = ranges.filter((r) => Object.keys(JSON.parse(r.name)).length === 3);
    expect(hiddenCells.length).toBeGreaterThanOrEqual(8);
  });

  it('random 2 x 2 x 3 cubes: no small count is pinned by the subtotals', async () => {
    const small = [
      ['A', 'B'],
      ['F', 'M'],
      ['x', 'y', 'z'],
    ];
    const smallFields = ['d', 's', 'a'];
    const cell = fc.oneof(
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }) },
      { weight: 3, arbitrary: fc.integer({ min: 5, max: 30 }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { minLength: 12, maxLength: 12 }), async (values) => {
        const cube = cubeWithSubtotals({ fields: smallFields, categories: small, values });
        const protection = await protectKeyedTables([cube], 'records', { threshold: 5 });
        const ranges = await attackCube(
          small,
          smallFields,
          (t) => values[t[0]! * 6 + t[1]! * 3 + t[2]!]!,
          (key) => protection.published(key),
        );
        for (const range of ranges)
          if (range.value > 0 && range.value < 5) expect(range.upper).toBeGreaterThanOrEqual(range.value + 5);
        for (const c of cube.cells) if (c.value > 0 && c.value < 5) expect(protection.published(c.key)).toBeNull();
      }),
      { numRuns: 15, seed: 7 },
    );
  });
});
