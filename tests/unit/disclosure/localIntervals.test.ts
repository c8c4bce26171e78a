// A joint view's counts proven near themselves (localIntervals.ts), on a real records-then-persons
// release of the same cells: the relations near a count bound the whole LP's interval, the ends a
// table reaches are exactly the whole LP's, and the audit of counts so proven creates no model of
// the whole release.
import { describe, expect, it } from 'vitest';
import { auditNodes, isHidden, nearBounds, viewValue } from '../../../src-main/disclosure/attackerBounds.ts';
import { narrowedFurther, splitByEarlier } from '../../../src-main/disclosure/keepNarrowed.ts';
import { IntervalMemo } from '../../../src-main/disclosure/intervalMemo.ts';
import { watchModels } from '../../../src-main/disclosure/linearProgram.ts';
import { LocalRelaxation } from '../../../src-main/disclosure/localRelaxation.ts';
import { localIntervals } from '../../../src-main/disclosure/localIntervals.ts';
import type { AttackerView } from '../../../src-main/disclosure/attackerViews.ts';
import type { TableModel } from '../../../src-main/disclosure/tableModel.ts';
import { ViewProgram } from '../../../src-main/disclosure/viewProgram.ts';
import { jointRelease } from './jointRelease.ts';

const LEVEL = 5;
const AREAS = 80;

/** What `work` returns, and the column count of the largest HiGHS model it created (0: none). */
async function largestModel<T>(work: () => Promise<T>): Promise<{ result: T; columns: number }> {
  let columns = 0;
  const stop = watchModels((n) => (columns = Math.max(columns, n)));
  try {
    return { result: await work(), columns };
  } finally {
    stop();
  }
}

/** Each target's interval by the LP of the whole view alone, no proof aiding it. */
async function wholeLp(model: TableModel, view: AttackerView, hidden: ReadonlySet<number>, targets: number[]) {
  const program = await ViewProgram.open(model, view, (i) => isHidden(model, hidden, i), { fixed: true });
  try {
    return program.intervals(targets);
  } finally {
    program.dispose();
  }
}

describe("a joint view's counts proven near themselves", () => {
  it('bound the whole LP, prove its interval exactly, and spare the model of the whole release', async () => {
    // Areas enough that an offence group's column is no small relation: a count's neighbourhood is not the whole table.
    const { model, views, attack, small, allNewHidden } = await jointRelease(AREAS, LEVEL);
    const targets = small.filter((n) => allNewHidden.has(n));
    expect(targets.length).toBeGreaterThan(10);
    let provenAll = 0;
    for (const view of views) {
      const { result: lp, columns: wholeColumns } = await largestModel(() =>
        wholeLp(model, view, allNewHidden, targets),
      );
      expect(wholeColumns).toBeGreaterThan(0);
      const reaches = (node: number, value: number) =>
        attack.reaches(view, allNewHidden, node, value - viewValue(model, view, node));
      const local = await localIntervals(
        view,
        (i) => isHidden(model, allNewHidden, i),
        (i) => viewValue(model, view, i),
        targets,
        reaches,
      );
      targets.forEach((node, i) => {
        const outer = local.outer.get(node)!;
        expect(outer.lower).toBeLessThanOrEqual(lp[i]!.lower);
        expect(outer.upper).toBeGreaterThanOrEqual(lp[i]!.upper);
        const proven = local.proven.get(node);
        if (proven) expect(proven).toEqual(lp[i]);
      });
      const proven = targets.filter((n) => local.proven.has(n));
      provenAll += proven.length;
      if (proven.length === 0) continue;
      // Audited with the flows' proofs, as a release asks: the same intervals, no whole model.
      const { result: audit, columns } = await largestModel(() =>
        auditNodes(model, [view], allNewHidden, proven, LEVEL, { reaches: attack.reaches.bind(attack) }),
      );
      expect(columns).toBeLessThan(wholeColumns);
      for (const node of proven) {
        const { lower, upper } = audit.get(node)!;
        expect({ lower, upper }).toEqual(lp[targets.indexOf(node)]);
      }
    }
    expect(provenAll).toBeGreaterThan(targets.length / 2);
  });

  it('find tables near a count only within its interval', async () => {
    const { model, views, small, allNewHidden } = await jointRelease(20, LEVEL);
    const targets = small.filter((n) => allNewHidden.has(n));
    let found = 0;
    for (const view of views) {
      const lp = await wholeLp(model, view, allNewHidden, targets);
      const local = new LocalRelaxation(
        view,
        (i) => isHidden(model, allNewHidden, i),
        (i) => viewValue(model, view, i),
      );
      try {
        for (const [i, node] of targets.entries()) {
          const { lower, upper } = lp[i]!;
          // Just beyond each end no table exists; at each end the whole LP found one.
          expect(await local.reaches(node, upper + 1)).toBe(false);
          if (lower > 0) expect(await local.reaches(node, lower - 1)).toBe(false);
          for (const end of [lower, upper]) if (await local.reaches(node, end)) found += 1;
        }
      } finally {
        local.dispose();
      }
    }
    expect(found).toBeGreaterThan(0);
  });
});

describe('the proofs near a count, cancelled', () => {
  it('stop before the next count is asked', async () => {
    // One sum over two hidden counts: uncancelled, the count's bounds take small LPs.
    const view: AttackerView = {
      label: 'additive',
      constraints: [{ kind: 'sum', total: 2, members: [0, 1] }],
      values: [3, 4, 7],
    };
    const hidden = (node: number) => node < 2;
    const free = await largestModel(() => localIntervals(view, hidden, (n) => view.values[n]!, [0, 1]));
    expect(free.columns).toBeGreaterThan(0);
    const stop = new AbortController();
    stop.abort();
    const cancelled = largestModel(() =>
      localIntervals(view, hidden, (n) => view.values[n]!, [0, 1], undefined, stop.signal),
    );
    await expect(cancelled).rejects.toThrow(/abort/i);
    expect(free.result.outer.get(0)).toEqual({ lower: 0, upper: 7 });
  });
});

describe('a range narrowed further, proven by the bounds near the count', () => {
  it('decides as the whole LP does, with no model of the whole release', async () => {
    const { model, views, attack, small, suppressed, allNewHidden } = await jointRelease(AREAS, LEVEL);
    // The ranges the records table alone leaves the persons counts (every new count hidden).
    const { narrowed } = await splitByEarlier(model, views, allNewHidden, small, LEVEL);
    let decided = 0;
    for (const [index, view] of views.entries()) {
      const nodes = [...narrowed.keys()].filter((n) => suppressed.has(n));
      const near = await nearBounds(model, view, suppressed, nodes);
      const { result: lp, columns: wholeColumns } = await largestModel(() => wholeLp(model, view, suppressed, nodes));
      const inside = nodes.filter((node, i) => {
        const range = narrowed.get(node)![index]!;
        const bounds = near.get(node)!;
        // The bounds contain the whole LP's interval.
        expect(bounds.lower).toBeLessThanOrEqual(lp[i]!.lower);
        expect(bounds.upper).toBeGreaterThanOrEqual(lp[i]!.upper);
        return bounds.lower > range.lower || bounds.upper < range.upper;
      });
      if (inside.length === 0) continue;
      decided += inside.length;
      // Each is narrowed further by the whole LP too.
      for (const node of inside) {
        const range = narrowed.get(node)![index]!;
        const { lower, upper } = lp[nodes.indexOf(node)]!;
        expect(lower > range.lower || upper < range.upper).toBe(true);
      }
      const asked = new Map(inside.map((node) => [node, [narrowed.get(node)![index]!]]));
      const memo = new IntervalMemo();
      const { result: further, columns } = await largestModel(() =>
        narrowedFurther(model, [view], suppressed, asked, { reaches: attack.reaches.bind(attack), memo }),
      );
      expect(further).toEqual(inside.map((node) => ({ node, view: 0 })));
      expect(columns).toBeLessThan(wholeColumns);
      // No count's interval was worked out: the bounds alone decided.
      const pattern = Uint8Array.from(model.nodes, (_, i) => (isHidden(model, suppressed, i) ? 1 : 0));
      expect(memo.intervalsOf(view, pattern).size).toBe(0);
    }
    expect(decided).toBeGreaterThan(0);
  });
});
