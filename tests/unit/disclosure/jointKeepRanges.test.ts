// keepRanges on a real records-then-persons release of the same cells: a range the relations near
// its count show narrower is widened before the whole LP asks about the other views, and the
// pattern it leaves is the one the old path (every view checked, LPs too, then every widening)
// leaves, without the whole LP of the view the grown pattern's flows keep.
import { describe, expect, it } from 'vitest';
import { isHidden } from '../../../src-main/disclosure/attackerBounds.ts';
import type { AttackerView } from '../../../src-main/disclosure/attackerViews.ts';
import { IntervalMemo } from '../../../src-main/disclosure/intervalMemo.ts';
import { keepRanges, narrowedFurther, splitByEarlier } from '../../../src-main/disclosure/keepNarrowed.ts';
import { watchModels } from '../../../src-main/disclosure/linearProgram.ts';
import { widenTo, witnessSearchCount } from '../../../src-main/disclosure/secondarySuppression.ts';
import type { TableModel } from '../../../src-main/disclosure/tableModel.ts';
import { ViewProgram } from '../../../src-main/disclosure/viewProgram.ts';
import { jointRelease } from './jointRelease.ts';

const LEVEL = 5;
const AREAS = 80;

/** What `work` returns, and the column count of each HiGHS model it created. */
async function models<T>(work: () => Promise<T>): Promise<{ result: T; columns: number[] }> {
  const columns: number[] = [];
  const stop = watchModels((n) => columns.push(n));
  try {
    return { result: await work(), columns };
  } finally {
    stop();
  }
}

/** How many cheapest-witness searches `work` ran. */
async function searches(work: () => Promise<unknown>): Promise<number> {
  const before = witnessSearchCount();
  await work();
  return witnessSearchCount() - before;
}

/** The column count of the whole LP of `view` under `hidden`: the model an audit of it creates. */
async function wholeLpColumns(model: TableModel, view: AttackerView, hidden: ReadonlySet<number>, node: number) {
  const program = await ViewProgram.open(model, view, (i) => isHidden(model, hidden, i), { fixed: true });
  try {
    const { columns } = await models(async () => program.intervals([node]));
    return columns[0]!;
  } finally {
    program.dispose();
  }
}

describe('keepRanges, a range shown narrower near its count widened first', () => {
  it('leaves the old pattern without the whole LP the grown pattern does not need', async () => {
    const { model, views, attack, parts, suppressed, small, allNewHidden } = await jointRelease(AREAS, LEVEL);
    const aids = () => ({ reaches: attack.reaches.bind(attack), memo: new IntervalMemo() });
    // The ranges the records table alone leaves the persons counts, as the release splits them.
    const { narrowed } = await splitByEarlier(model, views, allNewHidden, small, LEVEL, undefined, aids());
    const limits = { fixed: parts.shown, current: new Set(parts.currentNodes) };

    // First: the whole LP's tables of a pattern are remembered for the next program on it.
    const now = new Set(suppressed);
    const { columns } = await models(() => keepRanges(model, views, now, narrowed, limits, aids()));
    // The old path: every view checked (the whole LP where the near bounds do not decide), then every widening.
    const old = new Set(suppressed);
    const oldAids = aids();
    const rounds: Array<Array<{ node: number; view: number }>> = [];
    const { columns: oldColumns } = await models(async () => {
      for (let round = 0; round < 3; round++) {
        const further = await narrowedFurther(model, views, old, narrowed, oldAids);
        rounds.push(further);
        if (further.length === 0) return;
        let hid = 0;
        for (const { node, view } of further)
          hid += await widenTo(model, [views[view]!], old, node, narrowed.get(node)![view]!, { fixed: parts.shown });
        if (hid === 0) break;
      }
    });
    // Some ranges were narrowed in one view only, and more was hidden for them.
    const widenedViews = new Set(rounds[0]!.map(({ view }) => view));
    expect(widenedViews.size).toBe(1);
    expect(old.size).toBeGreaterThan(suppressed.size);

    expect([...now].sort((a, b) => a - b)).toEqual([...old].sort((a, b) => a - b));
    // The other view's whole LP under the first pattern: the old path asked it, the new one did not.
    const other = views.findIndex((_, index) => !widenedViews.has(index));
    const node = [...narrowed.keys()].find((n) => isHidden(model, suppressed, n))!;
    const otherLp = await wholeLpColumns(model, views[other]!, suppressed, node);
    expect(oldColumns).toContain(otherLp);
    expect(columns).not.toContain(otherLp);
    expect(columns.length).toBeLessThan(oldColumns.length);
  }, 300_000);
});

describe('widenTo, an end the hidden numbers already reach', () => {
  it('hides what the cheapest tables by LP hide, with no LP where a flow reaches the end', async () => {
    const { model, views, attack, parts, suppressed, small, allNewHidden } = await jointRelease(AREAS, LEVEL);
    const reaches = attack.reaches.bind(attack);
    const { narrowed } = await splitByEarlier(model, views, allNewHidden, small, LEVEL, undefined, { reaches });
    const further = await narrowedFurther(model, views, suppressed, narrowed, { reaches });
    expect(further.length).toBeGreaterThan(0);
    const byLp = new Set(suppressed);
    const withFlows = new Set(suppressed);
    let lps = 0;
    let fewer = 0;
    for (const { node, view } of further) {
      const range = narrowed.get(node)![view]!;
      const limits = { fixed: parts.shown };
      const lpSearches = await searches(() => widenTo(model, [views[view]!], byLp, node, range, limits));
      const flowSearches = await searches(() =>
        widenTo(model, [views[view]!], withFlows, node, range, limits, reaches),
      );
      expect([...withFlows].sort((a, b) => a - b)).toEqual([...byLp].sort((a, b) => a - b));
      lps += lpSearches;
      fewer += lpSearches - flowSearches;
    }
    // By LP, the cheapest table at each end of each range (no printed zero needed): one search
    // each (its LPs on a neighbourhood, or one on the whole view).
    expect(lps).toBe(2 * further.length);
    expect(fewer).toBeGreaterThan(0);
  }, 300_000);
});
