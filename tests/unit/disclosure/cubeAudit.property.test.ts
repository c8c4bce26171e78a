// Property: the short cuts of a cube's audit give the independent GLPK attacker's answers. A
// fixed pattern's LP reads each hidden subtotal off its parts instead of carrying it
// (hiddenTotals.ts), and the slices' flows stop at a ceiling known another way
// (cubeSlices.ts's sliceBounds). On random cubes with every subtotal and random patterns that
// hide many subtotals, every interval of the audit is the attacker's, the clipped slice bounds
// are the full ones clipped, and a cube protected end to end leaves every small count at least
// `threshold` values the attacker cannot rule out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditNodes } from '../../../src-main/disclosure/attackerBounds.ts';
import { attackerViews } from '../../../src-main/disclosure/attackerViews.ts';
import { cubeSlices, sliceBounds } from '../../../src-main/disclosure/cubeSlices.ts';
import { cubeWithSubtotals } from '../../../src-main/disclosure/cubeTable.ts';
import { hiddenTotals } from '../../../src-main/disclosure/hiddenTotals.ts';
import { protectKeyedTables } from '../../../src-main/disclosure/protectTable.ts';
import { buildModel } from '../../../src-main/disclosure/tableModel.ts';
import { attackCube } from './independentAttacker.ts';

const THRESHOLD = 4;
const LEVEL = 3;

const count = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 3, arbitrary: fc.integer({ min: 4, max: 30 }) },
);

/** Sizes of a 3-D cube and its leaf counts. */
const cubes = fc
  .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 3 }))
  .chain((sizes) => {
    const leaves = sizes[0] * sizes[1] * sizes[2];
    return fc.tuple(fc.constant(sizes), fc.array(count, { minLength: leaves, maxLength: leaves }));
  });

function cubeOf(sizes: readonly number[], values: readonly number[]) {
  const fields = sizes.map((_, d) => `f${d}`);
  const categories = sizes.map((n, d) => Array.from({ length: n }, (_, i) => `${fields[d]}c${i}`));
  const flat = (tuple: readonly number[]) => tuple.reduce((at, c, d) => at * sizes[d]! + c, 0);
  return { fields, categories, values: [...values], leafValue: (t: number[]) => values[flat(t)]! };
}

describe("a cube's audit with hidden subtotals read off their parts and clipped slice flows", () => {
  it("gives every hidden number the independent attacker's interval", async () => {
    // Per node, the chance of hiding it: subtotals far more often than cells, to exercise the
    // subtotals the LP no longer carries.
    const flags = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 80, maxLength: 80 });
    await fc.assert(
      fc.asyncProperty(cubes, flags, async ([sizes, values], hideFlags) => {
        const { fields, categories, leafValue } = cubeOf(sizes, values);
        const model = buildModel([cubeWithSubtotals({ fields, categories, values })], 'records');
        const hidden = new Set(
          model.nodes.flatMap((node, i) => (hideFlags[i % hideFlags.length]! < (node.leaf ? 3 : 6) ? [i] : [])),
        );
        const [view] = await attackerViews(model);
        const isHidden = (n: number) => hidden.has(n);

        // Every hidden subtotal is read off its parts; no published node and no leaf is.
        const totals = hiddenTotals(view!.constraints, isHidden, (n) => model.nodes[n]!.value!);
        for (const [node, total] of totals) {
          expect(hidden.has(node) && !model.nodes[node]!.leaf).toBe(true);
          const parts = view!.constraints.find((c) => c.kind === 'sum' && c.total === node)!;
          const printed = parts.kind === 'sum' ? parts.members.filter((m) => !isHidden(m)) : [];
          expect(total.constant).toBe(printed.reduce((sum, m) => sum + model.nodes[m]!.value!, 0));
        }
        expect(totals.size).toBe([...hidden].filter((n) => !model.nodes[n]!.leaf).length);

        const ids = new Set([...hidden].map((n) => model.nodes[n]!.id));
        const ranges = await attackCube(categories, fields, leafValue, (key) => (ids.has(model.idOf(key)) ? null : 0));
        const nodes = ranges.map((r) => model.indexOf.get(model.idOf(JSON.parse(r.name) as Record<string, string>))!);
        const audits = await auditNodes(model, [view!], hidden, nodes, LEVEL);
        ranges.forEach((r, i) => {
          const audit = audits.get(nodes[i]!)!;
          expect([r.name, audit.lower, audit.upper]).toEqual([r.name, r.lower, r.upper]);
          expect([r.name, audit.ok]).toEqual([r.name, r.upper >= r.value + LEVEL || r.lower <= r.value - LEVEL]);
        });

        // Clipped slice bounds: the full bounds, clipped to the ceiling (a fresh pattern each, so no cache).
        const slices = cubeSlices(model, view!)!;
        const full = sliceBounds(slices, isHidden);
        const clipped = sliceBounds(slices, isHidden);
        ranges.forEach((r, i) => {
          const whole = full(nodes[i]!)!;
          // A ceiling between the value and beyond the attacker's upper bound, as a published total gives.
          const ceiling = r.value + ((i * 7) % 5);
          const got = clipped(nodes[i]!, ceiling)!;
          expect([r.name, got]).toEqual([r.name, { lower: whole.lower, upper: Math.min(whole.upper, ceiling) }]);
        });
      }),
      { numRuns: 30, seed: 1911 },
    );
  });

  it('protected end to end, leaves every small count at least the threshold values', async () => {
    await fc.assert(
      fc.asyncProperty(cubes, async ([sizes, values]) => {
        const { fields, categories, leafValue } = cubeOf(sizes, values);
        const table = cubeWithSubtotals({ fields, categories, values });
        const protection = await protectKeyedTables([table], 'records', { threshold: THRESHOLD });
        const ranges = await attackCube(categories, fields, leafValue, (key) => protection.published(key));
        for (const r of ranges) {
          if (r.value > 0 && r.value < THRESHOLD) {
            // The attacker cannot rule out the count being `threshold` higher: at least that many values stay open.
            expect(r.upper - r.lower + 1, r.name).toBeGreaterThanOrEqual(THRESHOLD);
            expect(r.upper, r.name).toBeGreaterThanOrEqual(r.value + THRESHOLD);
          }
        }
      }),
      { numRuns: 25, seed: 2027 },
    );
  });
});
