// An audit's LP starts from a basis crossed over from the true table (linearProgram.ts `start`):
// its first solve skips the search for a feasible basis, and every optimum stays the one a
// program started from the slacks finds.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCLOSURE } from '../../../shared/query.ts';
import { districtOffenceSex } from '../../../bench/disclosureData.ts';
import { auditRows, isHidden } from '../../../src-main/disclosure/attackerBounds.ts';
import { attackerViews, variableName } from '../../../src-main/disclosure/attackerViews.ts';
import { cubeWithSubtotals } from '../../../src-main/disclosure/cubeTable.ts';
import { openProgram } from '../../../src-main/disclosure/linearProgram.ts';
import { primaryNodes } from '../../../src-main/disclosure/primarySuppression.ts';
import { chooseSecondary } from '../../../src-main/disclosure/secondarySuppression.ts';
import { buildModel } from '../../../src-main/disclosure/tableModel.ts';

describe('an LP started from a feasible point', () => {
  it('solves its first objective in fewer iterations, to the same optimum', async () => {
    const model = buildModel([cubeWithSubtotals(districtOffenceSex(24, 24 * 500))], 'records');
    const rule = DEFAULT_DISCLOSURE;
    const primary = primaryNodes(model, rule);
    const [view] = await attackerViews(model);
    const suppressed = await chooseSecondary(model, [view!], primary, rule);
    const rows = auditRows(model, view!, suppressed);
    const hidden = model.nodes.flatMap((_, i) => (isHidden(model, suppressed, i) ? [i] : []));
    const bounds = new Map(hidden.map((i) => [variableName(i), { lower: 0 }]));
    const start = new Map(hidden.map((i) => [variableName(i), model.nodes[i]!.value!]));
    const objective = new Map(hidden.map((i) => [variableName(i), 1]));
    const cold = await openProgram(rows, bounds, { primal: true });
    const warm = await openProgram(rows, bounds, { primal: true, start });
    try {
      const fromSlacks = cold.optimize('max', objective);
      const coldIterations = cold.lastIterations();
      const fromStart = warm.optimize('max', objective);
      expect(fromSlacks.status).toBe('optimal');
      expect(fromStart.status).toBe('optimal');
      if (fromSlacks.status !== 'optimal' || fromStart.status !== 'optimal') return;
      expect(fromStart.value).toBeCloseTo(fromSlacks.value, 6);
      expect(warm.lastIterations()).toBeLessThan(coldIterations);
      // Every later optimum is the same too: each hidden number's largest value.
      for (const node of hidden.slice(0, 40)) {
        const one = new Map([[variableName(node), 1]]);
        const a = cold.optimize('max', one);
        const b = warm.optimize('max', one);
        // Whole counts, read as the audit reads them.
        const whole = (s: typeof a) => (s.status === 'optimal' ? Math.round(s.value * 1e6) / 1e6 : s.status);
        expect([node, whole(b)]).toEqual([node, whole(a)]);
      }
    } finally {
      cold.dispose();
      warm.dispose();
    }
  }, 120_000);
});
