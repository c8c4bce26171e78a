// LocalRelaxation.moves looks for a table moving only the hidden numbers near a flow's moved
// cells. A persons margin is in an `atLeast` with every cell under it: spreading through it took
// every hidden cell under the margin into the region (at 5,000 x 13, nearly the whole release per
// count). The region stops at such a margin, and what moves proves still holds in the whole LP.
import { describe, expect, it } from 'vitest';
import type { AttackerView } from '../../../src-main/disclosure/attackerViews.ts';
import { constraintRows, hiddenVariable, variableName } from '../../../src-main/disclosure/attackerViews.ts';
import { openProgram, watchModels } from '../../../src-main/disclosure/linearProgram.ts';
import { LocalRelaxation } from '../../../src-main/disclosure/localRelaxation.ts';
import type { Constraint } from '../../../src-main/disclosure/tableModel.ts';

const ROWS = 80;
const COLUMNS = 3;
const LEVEL = 3;

/**
 * A persons-like table: cell (r, c) is node r * COLUMNS + c; each row's total is the sum of its
 * cells; each column has a distinct-persons margin at least every cell under it, and a records
 * total summing them (ROWS + 1 numbers: too large to be a small relation).
 */
function table(): { view: AttackerView; cell: (r: number, c: number) => number; margin: (c: number) => number } {
  const cell = (r: number, c: number) => r * COLUMNS + c;
  const rowTotal = (r: number) => ROWS * COLUMNS + r;
  const margin = (c: number) => ROWS * COLUMNS + ROWS + c;
  const columnSum = (c: number) => ROWS * COLUMNS + ROWS + COLUMNS + c;
  const values: number[] = [];
  const constraints: Constraint[] = [];
  for (let r = 0; r < ROWS; r++) {
    for (let c = 0; c < COLUMNS; c++) values[cell(r, c)] = 1 + ((r * 7 + c * 3) % 9);
  }
  for (let r = 0; r < ROWS; r++) {
    const members = Array.from({ length: COLUMNS }, (_, c) => cell(r, c));
    values[rowTotal(r)] = members.reduce((s, m) => s + values[m]!, 0);
    constraints.push({ kind: 'sum', total: rowTotal(r), members });
  }
  for (let c = 0; c < COLUMNS; c++) {
    const members = Array.from({ length: ROWS }, (_, r) => cell(r, c));
    values[columnSum(c)] = members.reduce((s, m) => s + values[m]!, 0);
    values[margin(c)] = Math.max(...members.map((m) => values[m]!)) + 2;
    constraints.push({ kind: 'sum', total: columnSum(c), members });
    for (const m of members) constraints.push({ kind: 'atLeast', total: margin(c), member: m });
  }
  return { view: { label: 'distinct', constraints, values }, cell, margin };
}

/** The oracle: whether the LP over every relation of the view moves `node` by `level` either way. */
async function wholeLpMoves(
  view: AttackerView,
  hidden: (n: number) => boolean,
  node: number,
  level: number,
): Promise<boolean> {
  const rows = constraintRows(view.constraints, (n) => (hidden(n) ? null : view.values[n]!), hiddenVariable);
  const program = await openProgram(rows, new Map());
  try {
    const objective = new Map([[variableName(node), 1]]);
    const high = program.optimize('max', objective);
    const low = program.optimize('min', objective);
    const value = view.values[node]!;
    const rises = high.status === 'unbounded' || (high.status === 'optimal' && high.value >= value + level - 1e-6);
    const falls = low.status === 'optimal' && low.value <= value - level + 1e-6;
    return rises || falls;
  } finally {
    program.dispose();
  }
}

describe('LocalRelaxation.moves', () => {
  it('does not spread through a margin over many cells, and what it proves the whole LP confirms', async () => {
    const { view, cell, margin } = table();
    // Every cell of columns 0 and 1 hidden, and the margin of column 0: a rectangle of two rows
    // and those columns moves any cell, the margin only bounding it from above.
    const hiddenSet = new Set<number>([margin(0)]);
    for (let r = 0; r < ROWS; r++) for (const c of [0, 1]) hiddenSet.add(cell(r, c));
    const hidden = (n: number) => hiddenSet.has(n);
    const local = new LocalRelaxation(view, hidden, (n) => view.values[n]!);
    const columns: number[] = [];
    try {
      for (let r = 0; r + 1 < ROWS; r += 9) {
        const target = cell(r, 0);
        // A flow's moved cells: the rectangle, and the column's margin it stays under.
        const around = [cell(r, 1), cell(r + 1, 0), cell(r + 1, 1), margin(0)];
        // Only moves' own programs are counted: the oracle's spans every hidden number.
        const stop = watchModels((count) => columns.push(count));
        const found = await local.moves(target, LEVEL, around).finally(stop);
        expect(found).toBe(true);
        expect(await wholeLpMoves(view, hidden, target, LEVEL)).toBe(true);
      }
    } finally {
      local.dispose();
    }
    // The rectangle's cells, their rows' hidden cells and the margin: not the column's 80 cells.
    expect(columns.length).toBeGreaterThan(0);
    for (const count of columns) expect(count).toBeLessThanOrEqual(8);
  });

  it('answers no more than the whole LP on random patterns (a found table is a real one)', async () => {
    const { view, cell, margin } = table();
    let seed = 19;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let agreed = 0;
    for (let trial = 0; trial < 12; trial++) {
      const hiddenSet = new Set<number>();
      for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLUMNS; c++) if (random() < 0.4) hiddenSet.add(cell(r, c));
      for (let c = 0; c < COLUMNS; c++) if (random() < 0.7) hiddenSet.add(margin(c));
      const hidden = (n: number) => hiddenSet.has(n);
      const cells = [...hiddenSet].filter((n) => n < ROWS * COLUMNS);
      const local = new LocalRelaxation(view, hidden, (n) => view.values[n]!);
      try {
        for (let k = 0; k < 4 && cells.length > 0; k++) {
          const target = cells[Math.floor(random() * cells.length)]!;
          const around = [...cells.filter(() => random() < 0.05), margin(target % COLUMNS)];
          if (await local.moves(target, LEVEL, around)) {
            expect(await wholeLpMoves(view, hidden, target, LEVEL)).toBe(true);
            agreed += 1;
          }
        }
      } finally {
        local.dispose();
      }
    }
    // The check above ran: some patterns do let a count move near its flow.
    expect(agreed).toBeGreaterThan(0);
  });
});
