// keepRanges' widening by the joint attacker's flows, on a real records-then-persons release of
// the same cells: where the cells the LP witness would hide are found by a flow (the cheapest
// within bounds, kept only where the grown pattern's flows then reach the end), the whole LP of
// the view is not asked, and the end is reached as the whole LP of the grown pattern shows.
import { describe, expect, it } from 'vitest';
import { isHidden } from '../../../src-main/disclosure/attackerBounds.ts';
import { narrowedFurther, splitByEarlier } from '../../../src-main/disclosure/keepNarrowed.ts';
import { watchModels } from '../../../src-main/disclosure/linearProgram.ts';
import { widenTo } from '../../../src-main/disclosure/secondarySuppression.ts';
import { ViewProgram } from '../../../src-main/disclosure/viewProgram.ts';
import { jointRelease } from './jointRelease.ts';

const LEVEL = 5;
const AREAS = 80;
/** A model of this many columns is an LP over the whole release (a near one has dozens or hundreds). */
const WHOLE = 1_000;

/** The column count of each HiGHS model `work` created. */
async function modelColumns(work: () => Promise<unknown>): Promise<number[]> {
  const columns: number[] = [];
  const stop = watchModels((n) => columns.push(n));
  try {
    await work();
    return columns;
  } finally {
    stop();
  }
}

describe('widenTo with the joint flows, the cells a flow moves hidden', () => {
  it('spares whole LPs and reaches every end the whole LP of the grown pattern allows', async () => {
    const { model, views, attack, parts, suppressed, small, allNewHidden } = await jointRelease(AREAS, LEVEL);
    const reaches = attack.reaches.bind(attack);
    const { narrowed } = await splitByEarlier(model, views, allNewHidden, small, LEVEL, undefined, { reaches });
    const further = await narrowedFurther(model, views, suppressed, narrowed, { reaches });
    expect(further.length).toBeGreaterThan(0);
    const limits = { fixed: parts.shown, current: new Set(parts.currentNodes) };
    const byFlow = attack.widening(limits);
    const byLp = new Set(suppressed);
    const withFlows = new Set(suppressed);
    let wholeByLp = 0;
    let wholeWithFlows = 0;
    for (const { node, view } of further) {
      const range = narrowed.get(node)![view]!;
      const fixed = { fixed: parts.shown };
      const lp = await modelColumns(() => widenTo(model, [views[view]!], byLp, node, range, fixed, reaches));
      const before = new Set(withFlows);
      const flows = await modelColumns(() =>
        widenTo(model, [views[view]!], withFlows, node, range, fixed, reaches, byFlow),
      );
      wholeByLp += lp.filter((n) => n >= WHOLE).length;
      wholeWithFlows += flows.filter((n) => n >= WHOLE).length;
      // Only cells of the new table that were printed, not earlier outputs' numbers, are hidden.
      for (const n of withFlows) if (!before.has(n)) expect(limits.current.has(n) && !parts.shown.has(n)).toBe(true);
      // The oracle: the whole LP of the view under the grown pattern reaches both ends of the range.
      const program = await ViewProgram.open(model, views[view]!, (i) => isHidden(model, withFlows, i), {
        fixed: true,
      });
      try {
        const [interval] = program.intervals([node]);
        expect(interval!.upper).toBeGreaterThanOrEqual(range.upper - 1e-6);
        expect(interval!.lower).toBeLessThanOrEqual(range.lower + 1e-6);
      } finally {
        program.dispose();
      }
    }
    // The LP path solves a whole LP per widened end; the flows find the cells for some of them.
    expect(wholeByLp).toBeGreaterThan(0);
    expect(wholeWithFlows).toBeLessThan(wholeByLp);
  }, 300_000);
});
