// A count whose first neighbourhood fills up with a margin's relations before the ones that
// bound it (localIntervals.ts, localRelaxation.ts `nearest`): at 5,000 x 13 a persons row total
// whose records row alone bounds it, each of its cells also under a persons column total in an
// `atLeast` with thousands of cells. Here the same shape, small: a hidden persons row total
// T <= c1 + c2 + c3, each persons cell c_i <= its records cell r_i, the records row printed
// (r1 + r2 + r3 = 8), and a hidden column total H >= each c_i and >= 500 other hidden cells.
// The whole view's LP, written out here, is the oracle.
import { describe, expect, it } from 'vitest';
import {
  type AttackerView,
  constraintRows,
  hiddenVariable,
  variableName,
} from '../../../src-main/disclosure/attackerViews.ts';
import { openProgram } from '../../../src-main/disclosure/linearProgram.ts';
import { LocalRelaxation } from '../../../src-main/disclosure/localRelaxation.ts';
import { localIntervals } from '../../../src-main/disclosure/localIntervals.ts';
import type { Constraint } from '../../../src-main/disclosure/tableModel.ts';

const T = 0;
const CELLS = [1, 2, 3];
const RECORDS = [4, 5, 6];
const RECORDS_ROW = 7;
const HUB = 8;
const OTHERS = 500;

function rowUnderMargin(): AttackerView {
  const others = Array.from({ length: OTHERS }, (_, k) => 9 + k);
  const constraints: Constraint[] = [
    { kind: 'atMostSum', total: T, members: CELLS },
    ...CELLS.map((c): Constraint => ({ kind: 'atLeast', total: T, member: c })),
    // The margin reached before the first cell's records, after the last's: grown breadth first
    // it is the first number expanded, grown by depth the first after T's cells.
    ...CELLS.flatMap((c, i): Constraint[] => {
      const records: Constraint = { kind: 'atLeast', total: RECORDS[i]!, member: c };
      const margin: Constraint = { kind: 'atLeast', total: HUB, member: c };
      return i === 0 ? [margin, records] : [records, margin];
    }),
    ...others.map((o): Constraint => ({ kind: 'atLeast', total: HUB, member: o })),
    { kind: 'sum', total: RECORDS_ROW, members: RECORDS },
  ];
  const values = [4, 1, 2, 1, 3, 3, 2, 8, 600, ...others.map(() => 1)];
  return { label: 'distinct', constraints, values };
}

const hidden = (node: number) => node !== RECORDS_ROW;

/** T's interval by the LP of every relation of the view, the printed row a constant. */
async function wholeInterval(view: AttackerView, isHidden = hidden): Promise<{ lower: number; upper: number }> {
  const rows = constraintRows(view.constraints, (n) => (isHidden(n) ? null : view.values[n]!), hiddenVariable);
  const program = await openProgram(rows, new Map(), { primal: true });
  try {
    const objective = new Map([[variableName(T), 1]]);
    const high = program.optimize('max', objective);
    const low = program.optimize('min', objective);
    if (high.status !== 'optimal' || low.status !== 'optimal') throw new Error('the whole LP has no optimum');
    return { lower: Math.round(low.value), upper: Math.round(high.value) };
  } finally {
    program.dispose();
  }
}

describe('a count whose neighbourhood a margin fills first', () => {
  it('is bounded by the neighbourhood grown nearest first, and proven as the whole LP finds it', async () => {
    const view = rowUnderMargin();
    const valueOf = (n: number) => view.values[n]!;
    const whole = await wholeInterval(view);
    expect(whole).toEqual({ lower: 0, upper: 8 });
    // Grown by depth, the margin's relations fill the neighbourhood: nothing bounds T above.
    const depth = new LocalRelaxation(view, hidden, valueOf);
    const nearest = new LocalRelaxation(view, hidden, valueOf, 'nearest');
    try {
      expect((await depth.bounds(T)).upper).toBe(Infinity);
      expect(await nearest.bounds(T)).toEqual(whole);
    } finally {
      depth.dispose();
      nearest.dispose();
    }
    const local = await localIntervals(view, hidden, valueOf, [T]);
    expect(local.proven.get(T)).toEqual(whole);
    expect(local.outer.get(T)).toEqual(whole);
  });

  it('is proven only where a table reaches its bound, never narrower than the whole LP', async () => {
    // Two printed columns of hundreds of cells, no small relations: one fixes c1 at 1, the other
    // r1 at 3. The whole LP then allows T up to 1 + (8 - 3) = 6 and no lower than c1 = 1; the relations near T
    // still allow 0 to 8.
    const view = rowUnderMargin();
    const start = view.values.length;
    const recordsColumn = Array.from({ length: OTHERS }, (_, k) => start + k);
    const personsColumn = Array.from({ length: OTHERS }, (_, k) => start + OTHERS + k);
    const [recordsTotal, personsTotal] = [start + 2 * OTHERS, start + 2 * OTHERS + 1];
    const values = [
      ...view.values,
      ...recordsColumn.map(() => 1),
      ...personsColumn.map(() => 1),
      3 + OTHERS,
      1 + OTHERS,
    ];
    const columns: AttackerView = {
      ...view,
      values,
      constraints: [
        ...view.constraints,
        { kind: 'sum', total: recordsTotal, members: [RECORDS[0]!, ...recordsColumn] },
        { kind: 'sum', total: personsTotal, members: [CELLS[0]!, ...personsColumn] },
      ],
    };
    const printed = (n: number) => n === RECORDS_ROW || n >= start;
    const isHidden = (n: number) => !printed(n);
    const valueOf = (n: number) => values[n]!;
    const whole = await wholeInterval(columns, isHidden);
    expect(whole).toEqual({ lower: 1, upper: 6 });
    const local = await localIntervals(columns, isHidden, valueOf, [T]);
    const outer = local.outer.get(T)!;
    expect(outer.lower).toBeLessThanOrEqual(whole.lower);
    expect(outer.upper).toBe(8);
    // No table reaches 8: not proven (the whole LP decides), never [0, 8].
    expect(local.proven.has(T)).toBe(false);
  });
});
