// The LP of a view is opened only when a check needs a solve: a table built by raising a hidden
// number settles most checks of a persons table, and opening the program of thousands of
// relations cost more than those checks. Its answers stay the independent attacker's, and a
// program grown by `hide` before its first solve holds the grown pattern.
import { describe, expect, it } from 'vitest';
import { attackerViews } from '../../../src-main/disclosure/attackerViews.ts';
import { type RawTable, keyedTable, placeCells } from '../../../src-main/disclosure/queryTable.ts';
import { buildModel } from '../../../src-main/disclosure/tableModel.ts';
import { ViewProgram } from '../../../src-main/disclosure/viewProgram.ts';
import { attackPersonsTable } from './independentAttacker.ts';

const LEVEL = 3;

// Persons by 2 rows x 2 columns; a person may sit in both columns of a row, so totals are not sums.
const raw: RawTable = {
  counts: [
    [2, 40],
    [30, 25],
  ],
  rowTotals: [41, 50],
  colTotals: [32, 60],
  total: 88,
  measure: 'persons',
};

async function setUp() {
  const placed = placeCells(raw);
  const model = buildModel([keyedTable(raw, placed)], 'persons');
  const nodeAt = (row: number | null, col: number | null) =>
    model.indexOf.get(model.idOf(placed.find((p) => p.position.row === row && p.position.col === col)!.key))!;
  const view = (await attackerViews(model)).find((v) => v.label === 'distinct')!;
  return { model, view, nodeAt };
}

/** The independent attacker's range of cell (0, 0) with the cell and its row total hidden. */
async function cornerRange() {
  const ranges = await attackPersonsTable(raw, {
    counts: [
      [null, 40],
      [30, 25],
    ],
    rowTotals: [null, 50],
    colTotals: [32, 60],
    total: 88,
  });
  return ranges.find((r) => r.name === 'c0,0')!;
}

describe('the LP of a view, opened on first need', () => {
  it('settles a count a raised table moves without opening the LP, then opens it for an interval', async () => {
    const { model, view, nodeAt } = await setUp();
    const hidden = new Set([nodeAt(0, 0), nodeAt(0, null)]);
    const program = await ViewProgram.open(model, view, (n) => hidden.has(n), { fixed: true });
    try {
      const range = await cornerRange();
      expect(range.upper).toBeGreaterThanOrEqual(range.value + LEVEL);
      expect(program.canMove(nodeAt(0, 0), LEVEL)).toBe(true);
      expect(program.lpOpened).toBe(false);
      // Its lowest value needs a solve.
      expect(program.interval(nodeAt(0, 0))).toEqual({ lower: range.lower, upper: range.upper });
      expect(program.lpOpened).toBe(true);
    } finally {
      program.dispose();
    }
  });

  it('grown before its first solve, it answers for the grown pattern', async () => {
    const { model, view, nodeAt } = await setUp();
    const program = await ViewProgram.open(model, view, () => false);
    try {
      program.hide(nodeAt(0, 0));
      program.hide(nodeAt(0, null));
      expect(program.lpOpened).toBe(false);
      const range = await cornerRange();
      expect(program.interval(nodeAt(0, 0))).toEqual({ lower: range.lower, upper: range.upper });
    } finally {
      program.dispose();
    }
  });
});
