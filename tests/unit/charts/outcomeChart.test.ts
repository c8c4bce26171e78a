// The time-to-outcome chart: the screen's Plotly figure and the exported SVG draw one model,
// and this test reads back what each draws (per category and series the median, the quartiles
// and the colour; [c] and [z] marks) and requires them to be the same and equal to the result's
// published quartiles, read a second way straight off the result. A table with no quartiles,
// or more than one field a side, cannot take the chart.
import { describe, expect, it } from 'vitest';
import { keyLabel } from '../../../shared/chartModel.ts';
import type { OutcomeDays } from '../../../shared/outcomeDays.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { chartAvailability, plotlyFigure } from '../../../src-renderer/charts/plotlyFigure.ts';
import { plainFromPlotly } from '../../../src-renderer/charts/plotlyText.ts';
import { parseSvg } from '../export/exportTestKit.ts';
import { handResult } from '../export/fakeResults.ts';
import { labelOf } from '../export/fixtureTables.ts';

const SIZE = { width: 960, height: 600, labelOf, footnote: ['Footnote.'] };
const GROUPS = ['Burglary', 'Robbery', 'Theft', 'Fraud'];
const SEXES = ['Female', 'Male'];

const days = (median: number | null, suppressed = false): OutcomeDays => ({
  q1: median === null ? null : median / 2,
  median,
  q3: median === null ? null : median * 1.5 + 1,
  suppressed,
});

/** Offence group by sex: Robbery's Female count is small (suppressed), Fraud's Male has no records. */
function outcomeResult(): QueryResult {
  const counts = [
    [40, 60],
    [3, 22],
    [80, 90],
    [15, 0],
  ];
  const result = handResult({
    rows: ['offence_group'],
    rowKeys: GROUPS.map((g) => [g]),
    cols: ['sex'],
    colKeys: SEXES.map((s) => [s]),
    counts,
  });
  const cells = counts.map((row, r) =>
    row.map((n, c) => (n === 0 ? days(null) : n < 5 ? days(null, true) : days(10 + 7 * r + 3 * c))),
  );
  return { ...result, outcomes: { cells, rowTotals: [], colTotals: [], total: days(20) } };
}

interface Point {
  median: number;
  q1: number;
  q3: number;
  colour: string;
}

function svgPoints(svg: string): { points: Map<string, Point>; marks: Map<string, string> } {
  const doc = parseSvg(svg);
  const points = new Map<string, Point>();
  const groups = doc.getElementsByTagName('g');
  for (let i = 0; i < groups.length; i++) {
    const g = groups.item(i);
    if (g?.getAttribute('class') !== 'range') continue;
    const line = g.getElementsByTagName('line').item(0);
    points.set(`${g.getAttribute('data-category')}|${g.getAttribute('data-series')}`, {
      median: Number(g.getAttribute('data-median')),
      q1: Number(g.getAttribute('data-q1')),
      q3: Number(g.getAttribute('data-q3')),
      colour: line?.getAttribute('stroke') ?? '',
    });
  }
  const marks = new Map<string, string>();
  const texts = doc.getElementsByTagName('text');
  for (let i = 0; i < texts.length; i++) {
    const t = texts.item(i);
    if (t?.getAttribute('class') === 'mark')
      marks.set(`${t.getAttribute('data-category')}|${t.getAttribute('data-series')}`, t.textContent ?? '');
  }
  return { points, marks };
}

function screenPoints(result: QueryResult): { points: Map<string, Point>; marks: Map<string, string> } {
  const figure = plotlyFigure(result, 'outcome', { labelOf, valueLabel: 'Records' });
  if (figure === null) throw new Error('no figure');
  const points = new Map<string, Point>();
  for (const trace of figure.data) {
    const ys = trace.y as string[];
    const xs = trace.x as Array<number | null>;
    const error = trace.error_x as { array: Array<number | null>; arrayminus: Array<number | null> };
    const colour = (trace.marker as { color: string }).color;
    ys.forEach((y, i) => {
      const median = xs[i];
      if (median === null || median === undefined) return;
      points.set(`${plainFromPlotly(y)}|${plainFromPlotly(String(trace.name))}`, {
        median,
        q1: median - (error.arrayminus[i] as number),
        q3: median + (error.array[i] as number),
        colour,
      });
    });
  }
  const marks = new Map<string, string>();
  for (const a of (figure.layout.annotations ?? []) as Array<{ name: string; text: string }>) {
    const where = JSON.parse(a.name) as { series: string; category: string };
    marks.set(`${plainFromPlotly(where.category)}|${plainFromPlotly(where.series)}`, a.text);
  }
  return { points, marks };
}

describe('the time-to-outcome chart', () => {
  it('draws the same medians, quartiles, colours and marks on screen and in the file, as published', () => {
    const result = outcomeResult();
    const file = svgPoints(renderChartSvg(result, { chart: 'outcome', title: 'Days to outcome' }, SIZE));
    const screen = screenPoints(result);
    expect(screen.points.size).toBe(file.points.size);
    for (const [key, point] of file.points) {
      const other = screen.points.get(key);
      expect(other?.colour).toBe(point.colour);
      for (const k of ['median', 'q1', 'q3'] as const) expect(other?.[k]).toBeCloseTo(point[k], 9);
    }
    expect(screen.marks).toEqual(file.marks);

    // Read a second way: every published quartile drawn, every withheld or empty cell marked.
    result.rows.keys.forEach((rowKey, r) =>
      result.cols.keys.forEach((colKey, c) => {
        const key = `${keyLabel(rowKey)}|${keyLabel(colKey)}`;
        const cell = result.outcomes?.cells[r]?.[c];
        if (cell?.median !== null && cell?.median !== undefined && !cell.suppressed) {
          expect(file.points.get(key)).toMatchObject({ median: cell.median, q1: cell.q1, q3: cell.q3 });
        } else {
          expect(file.marks.get(key)).toBe(result.counts[r]?.[c] === 0 ? '[z]' : '[c]');
        }
      }),
    );
    expect(file.marks.get('Robbery|Female')).toBe('[c]');
    expect(file.marks.get('Fraud|Male')).toBe('[z]');
  });

  it('is offered only for a table with quartiles and one field a side', () => {
    const result = outcomeResult();
    expect(chartAvailability(result).outcome).toBeNull();
    const { outcomes: _dropped, ...plain } = result;
    expect(chartAvailability(plain).outcome).toMatch(/time-to-outcome/);
    expect(chartAvailability({ ...result, rows: { fields: ['offence_group', 'district'], keys: [] } }).outcome).toMatch(
      /one row field/,
    );
  });
});
