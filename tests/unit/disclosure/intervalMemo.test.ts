// The per-release memo of intervals (intervalMemo.ts), on a real records-then-persons release:
// a count's interval under a pattern already asked about comes back without an LP, equal to the
// one worked out afresh, and a pattern that differs by one hidden number is worked out again.
import { describe, expect, it } from 'vitest';
import { type AuditAids, auditNodes } from '../../../src-main/disclosure/attackerBounds.ts';
import { IntervalMemo } from '../../../src-main/disclosure/intervalMemo.ts';
import { createdModels } from '../../../src-main/disclosure/linearProgram.ts';
import type { AttackerView } from '../../../src-main/disclosure/attackerViews.ts';
import type { TableModel } from '../../../src-main/disclosure/tableModel.ts';
import { jointRelease } from './jointRelease.ts';

const LEVEL = 5;

/** The audit and how many HiGHS models it created. */
async function audited(
  model: TableModel,
  view: AttackerView,
  hidden: ReadonlySet<number>,
  targets: readonly number[],
  aids: AuditAids = {},
) {
  const before = createdModels();
  const audit = await auditNodes(model, [view], hidden, targets, LEVEL, aids);
  return { audit, models: createdModels() - before };
}

describe('intervals remembered per pattern within a release', () => {
  it('answer a pattern asked before without an LP, equal to fresh intervals', async () => {
    const { model, views, small, suppressed, allNewHidden } = await jointRelease(20, LEVEL);
    const targets = small.slice(0, 6);
    expect(targets.length).toBe(6);
    for (const view of views) {
      const memo = new IntervalMemo();
      const first = await audited(model, view, allNewHidden, targets, { memo });
      expect(first.models).toBeGreaterThan(0);
      // Another pattern between, as keeping ranges asks before naming the earlier outputs.
      const between = await audited(model, view, suppressed, targets, { memo });
      expect(between.audit).toEqual((await audited(model, view, suppressed, targets)).audit);
      const again = await audited(model, view, allNewHidden, targets, { memo });
      expect(again.models).toBe(0);
      const fresh = await audited(model, view, allNewHidden, targets);
      expect(fresh.models).toBeGreaterThan(0);
      expect(again.audit).toEqual(fresh.audit);
      expect(first.audit).toEqual(fresh.audit);
    }
  });

  it('work out again a pattern that differs by one hidden number', async () => {
    const { model, views, small, allNewHidden, parts } = await jointRelease(20, LEVEL);
    const targets = small.slice(0, 6);
    // One printed records count hidden as well: a wider pattern, whose intervals may be wider.
    const printed = [...parts.shown].find((n) => !allNewHidden.has(n) && (model.nodes[n]!.value ?? 0) > 0)!;
    const wider = new Set([...allNewHidden, printed]);
    for (const view of views) {
      const memo = new IntervalMemo();
      await audited(model, view, allNewHidden, targets, { memo });
      const remembered = await audited(model, view, wider, targets, { memo });
      expect(remembered.models).toBeGreaterThan(0);
      expect(remembered.audit).toEqual((await audited(model, view, wider, targets)).audit);
    }
  });
});
