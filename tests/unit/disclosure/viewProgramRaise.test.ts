// The open LP's raised tables (viewProgram.ts `raise`) checked against relations of many
// members: a hidden cell of a 40 x 40 table whose row total and other row cells are printed
// cannot move, so no raised table may claim it does. Its row and column sums hold it among 40
// members while it is in two relations: membership is read from the cell's shorter list.
import { describe, expect, it } from 'vitest';
import { attackerViews } from '../../../src-main/disclosure/attackerViews.ts';
import { type RawTable, keyedTable, placeCells } from '../../../src-main/disclosure/queryTable.ts';
import { buildModel } from '../../../src-main/disclosure/tableModel.ts';
import { ViewProgram } from '../../../src-main/disclosure/viewProgram.ts';

const SIZE = 40;

describe('a raised table in a long row', () => {
  it('counts the raised cell in the row it belongs to', async () => {
    const counts = Array.from({ length: SIZE }, (_, i) => Array.from({ length: SIZE }, (_, j) => 1 + ((i + j) % 3)));
    const raw: RawTable = {
      counts,
      rowTotals: counts.map((line) => line.reduce((a, b) => a + b, 0)),
      colTotals: Array.from({ length: SIZE }, (_, j) => counts.reduce((sum, line) => sum + line[j]!, 0)),
      total: counts.flat().reduce((a, b) => a + b, 0),
      measure: 'records',
    };
    const placed = placeCells(raw);
    const model = buildModel([keyedTable(raw, placed)], 'records');
    const nodeAt = (row: number, col: number) =>
      model.indexOf.get(model.idOf(placed.find(({ position }) => position.row === row && position.col === col)!.key))!;
    // Two cells of the first column hidden: the first row, printed but for its first cell, pins it.
    const cell = nodeAt(0, 0);
    const hidden = new Set([cell, nodeAt(1, 0)]);
    for (const view of await attackerViews(model)) {
      const program = await ViewProgram.open(model, view, (n) => hidden.has(n), { fixed: true });
      try {
        expect(program.canMove(cell, 3)).toBe(false);
        expect(program.interval(cell)).toEqual({ lower: 1, upper: 1 });
      } finally {
        program.dispose();
      }
    }
  });
});
