// Property: a cube with every subtotal protected by the modular method (its two-way slices by
// flows, then one exact audit of the whole cube that adds complements where a number is still
// exposed) leaves no small count narrower than the protection level against the independent
// GLPK attacker, in three and four dimensions; it hides about as many numbers as the
// whole-cube LPs before it; and the slices' bounds, which let the audit skip LPs, always contain
// the attacker's interval.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attackerViews } from '../../../src-main/disclosure/attackerViews.ts';
import { cubeWithSubtotals } from '../../../src-main/disclosure/cubeTable.ts';
import { cubeSlices, sliceBounds } from '../../../src-main/disclosure/cubeSlices.ts';
import { primaryNodes } from '../../../src-main/disclosure/primarySuppression.ts';
import { protectKeyedTables } from '../../../src-main/disclosure/protectTable.ts';
import { chooseSecondary } from '../../../src-main/disclosure/secondarySuppression.ts';
import { buildModel } from '../../../src-main/disclosure/tableModel.ts';
import { ViewProgram } from '../../../src-main/disclosure/viewProgram.ts';
import { DisclosureRuleSchema } from '../../../shared/query.ts';
import { attackCube } from './independentAttacker.ts';

const THRESHOLD = 5;
const RULE = DisclosureRuleSchema.parse({ threshold: THRESHOLD });

// Counts skewed towards the small and the empty, as in a table of a rare offence by area and sex.
const count = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 40 }) },
);

/** A cube's fields, categories and leaf counts for the given sizes. */
function cubeOf(sizes: readonly number[], values: readonly number[]) {
  const fields = sizes.map((_, d) => `f${d}`);
  const categories = sizes.map((n, d) => Array.from({ length: n }, (_, i) => `${fields[d]}c${i}`));
  const flat = (tuple: readonly number[]) => tuple.reduce((at, c, d) => at * sizes[d]! + c, 0);
  return { fields, categories, values: [...values], leafValue: (t: number[]) => values[flat(t)]! };
}

const cubes = (dims: readonly [number, number][]) =>
  fc.tuple(...dims.map(([min, max]) => fc.integer({ min, max }))).chain((sizes) => {
    const leaves = sizes.reduce((a, b) => a * b, 1);
    return fc.tuple(fc.constant(sizes), fc.array(count, { minLength: leaves, maxLength: leaves }));
  });

/** Protects by the modular method, attacks independently, and returns both patterns' sizes. */
async function protectAndAttack(sizes: readonly number[], values: readonly number[]): Promise<[number, number]> {
  const { fields, categories, leafValue } = cubeOf(sizes, values);
  const table = cubeWithSubtotals({ fields, categories, values: [...values] });
  const protection = await protectKeyedTables([table], 'records', RULE);
  const ranges = await attackCube(categories, fields, leafValue, (key) => protection.published(key));
  for (const cell of table.cells) {
    if (cell.value > 0 && cell.value < THRESHOLD) expect(protection.published(cell.key)).toBeNull();
  }
  for (const r of ranges) {
    if (r.value > 0 && r.value < THRESHOLD) expect(r.upper, r.name).toBeGreaterThanOrEqual(r.value + THRESHOLD);
  }
  const model = buildModel([table], 'records');
  const primary = primaryNodes(model, RULE);
  const before =
    primary.size === 0
      ? 0
      : (await chooseSecondary(model, await attackerViews(model), primary, RULE, { modular: false })).size;
  return [protection.suppressed.size, before];
}

describe('the modular method on cubes with every subtotal', () => {
  it('3-D cubes: no small count is narrowed, and about as many numbers are hidden as before', async () => {
    let modular = 0;
    let whole = 0;
    await fc.assert(
      fc.asyncProperty(
        cubes([
          [2, 5],
          [2, 4],
          [2, 3],
        ]),
        async ([sizes, values]) => {
          const [now, before] = await protectAndAttack(sizes, values);
          modular += now;
          whole += before;
        },
      ),
      { numRuns: 25, seed: 19 },
    );
    // Slices see fewer relations than the cube, so they may hide a little more; not wildly more.
    expect(modular).toBeLessThanOrEqual(whole * 1.5);
  });

  it('4-D cubes: the slices of every pair of fields, then the exact audit', async () => {
    await fc.assert(
      fc.asyncProperty(
        cubes([
          [2, 3],
          [2, 2],
          [2, 2],
          [2, 2],
        ]),
        async ([sizes, values]) => {
          await protectAndAttack(sizes, values);
        },
      ),
      { numRuns: 6, seed: 20 },
    );
  });

  it("the slices' bounds contain the attacker's interval, and the audit with them equals it", async () => {
    const flags = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 60, maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(
        cubes([
          [2, 4],
          [2, 3],
          [2, 3],
        ]),
        flags,
        async ([sizes, values], hideFlags) => {
          const { fields, categories, leafValue } = cubeOf(sizes, values);
          const model = buildModel([cubeWithSubtotals({ fields, categories, values })], 'records');
          const hidden = new Set(model.nodes.flatMap((_, i) => (hideFlags[i % hideFlags.length] === 0 ? [i] : [])));
          const [view] = await attackerViews(model);
          const slices = cubeSlices(model, view!)!;
          // Every pair of fields, for each category or the total of the third.
          expect(slices.networks).toHaveLength(sizes.reduce((sum, n) => sum + n + 1, 0));
          const outer = sliceBounds(slices, (n) => hidden.has(n));
          const ids = new Set([...hidden].map((n) => model.nodes[n]!.id));
          const ranges = await attackCube(categories, fields, leafValue, (key) =>
            ids.has(model.idOf(key)) ? null : 0,
          );
          const program = await ViewProgram.open(model, view!, (n) => hidden.has(n), { fixed: true, outer });
          try {
            for (const r of ranges) {
              const node = model.indexOf.get(model.idOf(JSON.parse(r.name) as Record<string, string>))!;
              const bounds = outer(node)!;
              expect(bounds.lower).toBeLessThanOrEqual(r.lower);
              expect(bounds.upper).toBeGreaterThanOrEqual(r.upper);
              const movable = r.upper >= r.value + 3 || r.lower <= r.value - 3;
              expect([r.name, program.canMove(node, 3)]).toEqual([r.name, movable]);
              expect([r.name, program.interval(node)]).toEqual([r.name, { lower: r.lower, upper: r.upper }]);
            }
          } finally {
            program.dispose();
          }
          // The same answers when a few LPs for all of them at once come first.
          const nodes = ranges.map((r) => model.indexOf.get(model.idOf(JSON.parse(r.name) as Record<string, string>))!);
          const together = await ViewProgram.open(model, view!, (n) => hidden.has(n), { fixed: true, outer });
          try {
            const intervals = together.intervals(nodes);
            ranges.forEach((r, i) =>
              expect([r.name, intervals[i]]).toEqual([r.name, { lower: r.lower, upper: r.upper }]),
            );
          } finally {
            together.dispose();
          }
          const moves = await ViewProgram.open(model, view!, (n) => hidden.has(n), { fixed: true, outer });
          try {
            moves.settleMoves(nodes, 3);
            ranges.forEach((r, i) => {
              const movable = r.upper >= r.value + 3 || r.lower <= r.value - 3;
              expect([r.name, moves.canMove(nodes[i]!, 3)]).toEqual([r.name, movable]);
            });
          } finally {
            moves.dispose();
          }
        },
      ),
      { numRuns: 30, seed: 21 },
    );
  });
});
