// The heatmap figure (needs together): the screen's Plotly heatmap and the exported SVG draw
// one model, read back here from each (every square's row, column, count and colour; every
// [c]) and required to be the same; the counts against the table itself, the shades ordered
// as the counts are, a hidden cell grey whatever it holds, and imported text escaped.
import { describe, expect, it } from 'vitest';
import { HEATMAP_HIDDEN, HEATMAP_HIGH, HEATMAP_LOW, heatmapColour } from '../../../shared/chartHeatmap.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { chartAvailability, plotlyFigure } from '../../../src-renderer/charts/plotlyFigure.ts';
import { plainFromPlotly } from '../../../src-renderer/charts/plotlyText.ts';
import { parseSvg, type XmlElement } from '../export/exportTestKit.ts';
import { handResult } from '../export/fakeResults.ts';
import { labelOf } from '../export/fixtureTables.ts';

const HOSTILE = '<a href="https://evil.example/x">Drugs</a> & <b>bold</b>';
const NEEDS = ['Accommodation', 'Alcohol', HOSTILE, 'Finance'];

/** A symmetric needs matrix: the diagonal the need, two small pairs (suppressed). */
function needsTogether(): QueryResult {
  const counts = [
    [120, 40, 3, 60],
    [40, 90, 25, 2],
    [3, 25, 200, 70],
    [60, 2, 70, 150],
  ];
  return handResult({
    rows: ['need'],
    rowKeys: NEEDS.map((n) => [n]),
    cols: ['with_need'],
    colKeys: NEEDS.map((n) => [n]),
    counts,
    cohort: 'needs',
    measure: 'persons',
  });
}

const SIZE = { width: 960, height: 720, labelOf, footnote: ['Footnote.'] };
const squeeze = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, '');

function all(svg: string, tag: string): XmlElement[] {
  const list = parseSvg(svg).getElementsByTagName(tag);
  return Array.from({ length: list.length }, (_v, i) => list.item(i)).filter((e): e is XmlElement => e !== null);
}

function fromSvg(svg: string): { squares: string[]; marks: string[] } {
  const squares = all(svg, 'rect')
    .filter((e) => e.getAttribute('data-series'))
    .map((e) =>
      [
        squeeze(e.getAttribute('data-category')),
        squeeze(e.getAttribute('data-series')),
        e.getAttribute('data-value') ?? '',
        (e.getAttribute('fill') ?? '').toLowerCase(),
      ].join('|'),
    );
  const marks = all(svg, 'text')
    .filter((t) => t.getAttribute('class') === 'mark')
    .map((t) =>
      [squeeze(t.getAttribute('data-category')), squeeze(t.getAttribute('data-series')), t.textContent].join('|'),
    );
  return { squares: squares.sort(), marks: marks.sort() };
}

function fromPlotly(result: QueryResult): { squares: string[]; marks: string[] } {
  const figure = plotlyFigure(result, 'heatmap', { title: 'Parity', labelOf, valueLabel: 'Persons' });
  if (figure === null) throw new Error('no figure');
  const trace = figure.data[0] as {
    x: string[];
    y: string[];
    z: Array<Array<number | null>>;
    customdata: Array<Array<number | null>>;
  };
  const squares = trace.y.flatMap((row, r) =>
    trace.x.map((col, c) => {
      const level = trace.z[r]?.[c] ?? null;
      const value = trace.customdata[r]?.[c] ?? null;
      return [
        squeeze(plainFromPlotly(row)),
        squeeze(plainFromPlotly(col)),
        value === null ? '' : String(value),
        level === null ? HEATMAP_HIDDEN : heatmapColour(level),
      ].join('|');
    }),
  );
  const marks = ((figure.layout.annotations ?? []) as Array<{ text: string; name?: string }>)
    .filter((a) => a.name !== undefined)
    .map((a) => {
      const where = JSON.parse(a.name ?? '{}') as { series: string; category: string };
      return [squeeze(plainFromPlotly(where.category)), squeeze(plainFromPlotly(where.series)), a.text].join('|');
    });
  return { squares: squares.sort(), marks: marks.sort() };
}

describe('the heatmap figure', () => {
  it('draws the same squares, counts, shades and [c] marks on screen and in the file', () => {
    const result = needsTogether();
    const svg = renderChartSvg(result, { chart: 'heatmap', title: 'Needs together' }, SIZE);
    const file = fromSvg(svg);
    const screen = fromPlotly(result);
    expect(screen.squares).toEqual(file.squares);
    expect(screen.marks).toEqual(file.marks);
    expect(file.squares.length).toBe(NEEDS.length * NEEDS.length);
    // Each published count once per square, from the table itself; every hidden one a grey [c].
    const published = result.counts.flat().filter((v): v is number => v !== null);
    const drawn = file.squares.map((s) => s.split('|')[2]).filter((v) => v !== '');
    expect(drawn.map(Number).sort((a, b) => a - b)).toEqual([...published].sort((a, b) => a - b));
    const hidden = result.counts.flat().filter((v) => v === null).length;
    expect(hidden).toBe(4);
    expect(file.marks.length).toBe(hidden);
    expect(file.marks.every((m) => m.endsWith('|[c]'))).toBe(true);
    expect(file.squares.filter((s) => s.endsWith(`|${HEATMAP_HIDDEN}`)).length).toBe(hidden);
    expect(chartAvailability(result).heatmap).toBeNull();
  });

  it('shades as the counts are ordered, the largest in the full colour', () => {
    const result = needsTogether();
    const file = fromSvg(renderChartSvg(result, { chart: 'heatmap', title: 'Needs together' }, SIZE));
    const shaded = file.squares
      .map((s) => s.split('|'))
      .filter((p) => p[2] !== '')
      .map((p) => ({
        value: Number(p[2]),
        blue: Number.parseInt((p[3] ?? '').slice(5, 7), 16),
        red: Number.parseInt((p[3] ?? '').slice(1, 3), 16),
      }));
    const byValue = [...shaded].sort((a, b) => a.value - b.value);
    // Red falls from white's 255 to the high colour's as the count grows.
    for (let i = 1; i < byValue.length; i++) expect(byValue[i]!.red).toBeLessThanOrEqual(byValue[i - 1]!.red);
    expect(heatmapColour(1)).toBe(HEATMAP_HIGH.toLowerCase());
    expect(heatmapColour(0)).toBe(HEATMAP_LOW);
    const largest = Math.max(...shaded.map((s) => s.value));
    expect(file.squares.some((s) => s.endsWith(`|${largest}|${HEATMAP_HIGH.toLowerCase()}`))).toBe(true);
  });

  it('escapes imported text in the SVG and on screen', () => {
    const result = needsTogether();
    const svg = renderChartSvg(result, { chart: 'heatmap', title: 'Needs together' }, SIZE);
    expect(svg).not.toContain('<a href');
    expect(svg).not.toContain('<b>');
    const figure = plotlyFigure(result, 'heatmap', { title: 'T', labelOf, valueLabel: 'Persons' });
    expect(JSON.stringify(figure)).not.toContain('<a href');
  });

  it('asks for one row field and one column field', () => {
    const oneWay = handResult({ rows: ['need'], rowKeys: [['A'], ['B']], cols: [], colKeys: [], counts: [[10], [20]] });
    expect(chartAvailability(oneWay).heatmap).toMatch(/one row field and one column field/);
  });
});
