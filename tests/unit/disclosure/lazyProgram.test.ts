// A program's HiGHS model is made at its first solve (linearProgram.ts): on a real
// records-then-persons release, a count whose every end a flow or a remembered table proves is
// audited without any model, with the interval the LP alone finds; and bounds changed before
// the first solve are the model's start, as if it had been made with them. An audit program's
// rows are read at its first solve too (viewProgram.ts): one never solved reads none, and
// numbers hidden before that solve are free in it as if hidden when it was opened.
import { describe, expect, it } from 'vitest';
import { auditNodes } from '../../../src-main/disclosure/attackerBounds.ts';
import { isHidden } from '../../../src-main/disclosure/attackerBounds.ts';
import {
  type Solution,
  createdModels,
  openProgram,
  openedPrograms,
} from '../../../src-main/disclosure/linearProgram.ts';
import { ViewProgram } from '../../../src-main/disclosure/viewProgram.ts';
import { constraintRows, hiddenVariable, variableName } from '../../../src-main/disclosure/attackerViews.ts';
import { jointRelease } from './jointRelease.ts';

const LEVEL = 5;

describe('a program whose model is made at its first solve', () => {
  it('audits a count proven without an LP with no model, and the same interval', async () => {
    const { model, views, attack, small, suppressed } = await jointRelease(20, LEVEL);
    const reaches = attack.reaches.bind(attack);
    let withoutModel = 0;
    for (const view of views) {
      for (const node of small) {
        const before = createdModels();
        const opened = openedPrograms();
        const proven = await auditNodes(model, [view], suppressed, [node], LEVEL, { reaches });
        if (createdModels() > before) continue;
        withoutModel += 1;
        // No model, and no rows read for one either (the whole release's, every time).
        expect(openedPrograms()).toBe(opened);
        const byLp = await auditNodes(model, [view], suppressed, [node], LEVEL);
        expect(proven).toEqual(byLp);
      }
    }
    // Some counts of the final pattern have both ends proven (13 distinct and 40 additive of 130 today).
    expect(withoutModel).toBeGreaterThan(5);
  });

  it('frees the numbers hidden before its first solve, as one opened with them hidden', async () => {
    const { model, views, small, suppressed } = await jointRelease(20, LEVEL);
    const view = views.find((v) => v.label === 'distinct') ?? views[0]!;
    // Half the hidden numbers at the start, the other half hidden before anything is solved.
    const hidden = [...suppressed].filter((n) => isHidden(model, suppressed, n));
    const first = new Set(hidden.filter((_, i) => i % 2 === 0));
    const targets = small.filter((n) => isHidden(model, suppressed, n)).slice(0, 6);
    expect(targets.length).toBeGreaterThan(0);
    const late = await ViewProgram.open(model, view, (n) => isHidden(model, first, n));
    for (const node of hidden) late.hide(node);
    // The oracle: the view's relations as rows of their own, every number of the pattern a
    // variable, each published one a constant.
    const valueOf = (n: number) => view.values[n] ?? model.nodes[n]!.value ?? 0;
    const rows = constraintRows(
      view.constraints,
      (n) => (isHidden(model, suppressed, n) ? null : valueOf(n)),
      hiddenVariable,
    );
    const whole = await openProgram(rows);
    try {
      const found = late.intervals(targets);
      targets.forEach((node, i) => {
        const objective = new Map([[variableName(node), 1]]);
        expect(found[i]!.lower).toBeCloseTo(valueOf0(whole.optimize('min', objective)), 6);
        expect(found[i]!.upper).toBeCloseTo(valueOf0(whole.optimize('max', objective)), 6);
      });
      // At least one count moves further than the half hidden at the start would let it.
      const early = await ViewProgram.open(model, view, (n) => isHidden(model, first, n));
      try {
        expect(early.intervals(targets)).not.toEqual(found);
      } finally {
        early.dispose();
      }
    } finally {
      late.dispose();
      whole.dispose();
    }
  });

  it('starts from bounds changed before the first solve', async () => {
    // x + y = 10, x <= 7 (y >= 3); then x is freed to [0, 10] before anything is solved.
    const rows = [
      {
        terms: new Map([
          ['x', 1],
          ['y', 1],
        ]),
        lower: 10,
        upper: 10,
      },
    ];
    const bounds = new Map([['x', { lower: 0, upper: 7 }]]);
    const before = createdModels();
    const late = await openProgram(rows, bounds, { primal: true });
    late.setBounds('x', 0, 10);
    expect(createdModels()).toBe(before);
    const made = await openProgram(rows, new Map([['x', { lower: 0, upper: 10 }]]), { primal: true });
    try {
      for (const direction of ['min', 'max'] as const) {
        const objective = new Map([['y', 1]]);
        const expected = made.optimize(direction, objective);
        expect(expected.status).toBe('optimal');
        expect(late.optimize(direction, objective)).toMatchObject({ status: 'optimal', value: valueOf(expected) });
      }
      // min y with x free to 10 is 0: the late bound took.
      expect(valueOf(late.optimize('min', new Map([['y', 1]])))).toBe(0);
      expect(createdModels()).toBe(before + 2);
    } finally {
      late.dispose();
      made.dispose();
    }
  });
});

/** An optimum's value; unbounded as Infinity (an interval's open end). */
function valueOf0(solution: Solution): number {
  if (solution.status === 'unbounded') return Infinity;
  if (solution.status !== 'optimal') throw new Error(`no optimum: ${solution.status}`);
  return solution.value;
}

function valueOf(solution: Solution): number | undefined {
  return solution.status === 'optimal' ? solution.value : undefined;
}
