// Stacks of column percentages on screen: Plotly draws the same shares as the chart model, each
// bar one column's whole, and a click on a segment names the table's cell it is a share of (the
// row and the column, not the other way round), so drilling down filters the right cell.
import { describe, expect, it } from 'vitest';
import { chartModel } from '../../../shared/chartModel.ts';
import { plotlyFigure } from '../../../src-renderer/charts/plotlyFigure.ts';
import { protectedResult } from '../disclosure/statsIntruder.ts';

const COUNTS = [
  [40, 2, 30, 25],
  [35, 28, 3, 40],
  [50, 44, 38, 60],
  [20, 31, 27, 9],
];
const labelOf = (field: string): string => field;

describe('a stack of column percentages on screen', () => {
  it('plots each published share at its own cell, and names that cell for a click', async () => {
    const { result } = await protectedResult(COUNTS, { threshold: 5 }, { percent: 'col' });
    expect(chartModel(result, { chart: 'stacked100', labelOf }).transposed).toBe(true);
    const figure = plotlyFigure(result, 'stacked100', { labelOf, valueLabel: 'Records' });
    let checked = 0;
    for (const trace of figure?.data ?? []) {
      const t = trace as { y?: Array<number | null>; customdata?: Array<{ row: string[]; col: string[] }> };
      if (!t.customdata) continue; // the hatched share of hidden cells is no cell of the table
      t.customdata.forEach(({ row, col }, i) => {
        const r = result.rows.keys.findIndex((k) => k[0] === row[0]);
        const c = result.cols.keys.findIndex((k) => k[0] === col[0]);
        expect([r, c].every((n) => n >= 0)).toBe(true);
        expect(t.y?.[i] ?? null).toBe(result.percents?.[r]?.[c] ?? null);
        checked += 1;
      });
    }
    expect(checked).toBe(COUNTS.length * COUNTS[0]!.length);
  });
});
