// A program's HiGHS model is made at its first solve (linearProgram.ts): on a real
// records-then-persons release, a count whose every end a flow or a remembered table proves is
// audited without any model, with the interval the LP alone finds; and bounds changed before
// the first solve are the model's start, as if it had been made with them.
import { describe, expect, it } from 'vitest';
import { auditNodes } from '../../../src-main/disclosure/attackerBounds.ts';
import { type Solution, createdModels, openProgram } from '../../../src-main/disclosure/linearProgram.ts';
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
        const proven = await auditNodes(model, [view], suppressed, [node], LEVEL, { reaches });
        if (createdModels() > before) continue;
        withoutModel += 1;
        const byLp = await auditNodes(model, [view], suppressed, [node], LEVEL);
        expect(proven).toEqual(byLp);
      }
    }
    // Some counts of the final pattern have both ends proven (13 distinct and 40 additive of 130 today).
    expect(withoutModel).toBeGreaterThan(5);
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

function valueOf(solution: Solution): number | undefined {
  return solution.status === 'optimal' ? solution.value : undefined;
}
