// Parity: the screen's Plotly figure and the exported SVG are drawn from one chart model, and
// this test reads back what each one draws — bars (or points, slices, districts) with their
// values and colours, category labels, [c] marks — and requires them to be the same, for every
// chart type. The SVG side is read from the parsed file; bar lengths are checked against their
// values, and every category label's lines must add up to the whole label (never cut).
import { describe, expect, it } from 'vitest';
import type { ChartType } from '../../../shared/figure.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { plotlyFigure, type PlotlyFigure } from '../../../src-renderer/charts/plotlyFigure.ts';
import { plainFromPlotly } from '../../../src-renderer/charts/plotlyText.ts';
import { parseSvg, svgTexts as svgTextsOf, type XmlElement } from '../export/exportTestKit.ts';
import { handResult } from '../export/fakeResults.ts';
import { ageBySex, byDistrict, byYear, labelOf } from '../export/fixtureTables.ts';
import { ageSexRates, districtSexRates, withRateIntervals } from './rateTables.ts';

const HOSTILE = '<a href="https://evil.example/leak">Theft</a> & <b>bold</b>';

/** Offence by sex with a hostile label, an empty category and an empty "Unknown" series. */
function offences(): QueryResult {
  const result = handResult({
    rows: ['offence_group'],
    rowKeys: [['Violence against the person'], ['Sexual offences'], [HOSTILE], ['Robbery']],
    cols: ['sex'],
    colKeys: [['Female'], ['Male'], ['Unknown']],
    counts: [
      [520, 610, 0],
      [88, 3, 0],
      [300, 280, 0],
      [0, 0, 0],
    ],
  });
  // Margins published, as secondary suppression allows: 100% stacks then show the hidden share.
  result.rowTotals[1] = 91;
  return result;
}

function byOffence(): QueryResult {
  return handResult({
    rows: ['offence_group'],
    rowKeys: [['Violence against the person'], ['Sexual offences'], [HOSTILE], ['Robbery']],
    cols: [],
    colKeys: [],
    counts: [[1130], [3], [580], [0]],
  });
}

function fixtureFor(chart: ChartType): QueryResult {
  if (chart === 'pyramid') return ageBySex();
  if (chart === 'map') return byDistrict();
  if (chart === 'line') return byYear();
  if (chart === 'donut') return byOffence();
  return offences();
}

interface Drawn {
  items: string[];
  marks: string[];
  labels: string[];
}

const round = (v: number): string => (Math.round(v * 1e6) / 1e6).toString();
/** Labels compared without their whitespace: a line break may fall inside a long word. */
const squeeze = (label: string | null | undefined): string => (label ?? '').replace(/\s+/g, '');

/** An attribute's value, null when absent (the XML parser answers '' for a missing one). */
function attr(e: XmlElement, name: string): string | null {
  const value = e.getAttribute(name);
  return value === null || value === '' ? null : value;
}

function all(doc: ReturnType<typeof parseSvg>, tag: string): XmlElement[] {
  const list = doc.getElementsByTagName(tag);
  return Array.from({ length: list.length }, (_v, i) => list.item(i)).filter((e): e is XmlElement => e !== null);
}

function svgFill(fill: string | null): string {
  return fill?.startsWith('url(') ? 'hatch' : (fill ?? '').toLowerCase();
}

function fromSvg(svg: string, chart: ChartType): Drawn {
  const doc = parseSvg(svg);
  const shapes = [...all(doc, 'rect'), ...all(doc, 'circle'), ...all(doc, 'path')].filter(
    (e) => attr(e, 'data-value') !== null || (chart === 'map' && attr(e, 'data-category') !== null),
  );
  const items = shapes.map((e) =>
    [
      squeeze(attr(e, 'data-category')),
      attr(e, 'data-series') ?? '',
      chart === 'map' ? '' : round(Number(attr(e, 'data-value'))),
      svgFill(e.getAttribute('fill')),
    ].join('|'),
  );
  const marks = all(doc, 'text')
    .filter((t) => t.getAttribute('class') === 'mark')
    .map((t) => [squeeze(attr(t, 'data-category')), attr(t, 'data-series'), t.textContent].join('|'));
  if (chart === 'donut')
    for (const t of all(doc, 'text'))
      if (t.textContent?.endsWith(': [c]')) marks.push(`${squeeze(t.textContent.slice(0, -5))}|[c]`);
  const labels = all(doc, 'g')
    .filter((g) => g.getAttribute('class') === 'category-label')
    .map((g) => squeeze(attr(g, 'data-category')));
  // A label's drawn lines together are the whole label: wrapped, never cut.
  for (const g of all(doc, 'g').filter((g) => g.getAttribute('class') === 'category-label')) {
    const text = all(g as unknown as ReturnType<typeof parseSvg>, 'text')
      .map((t) => t.textContent ?? '')
      .join(' ');
    expect(squeeze(text)).toBe(squeeze(attr(g, 'data-category')));
  }
  return { items: items.sort(), marks: marks.sort(), labels };
}

type Trace = Record<string, unknown> & { marker?: { color?: string; colors?: string[]; pattern?: unknown } };

function fromPlotly(figure: PlotlyFigure, chart: ChartType): Drawn {
  const items: string[] = [];
  const marks: string[] = [];
  let labels: string[] = [];
  const traces = figure.data as Trace[];
  if (chart === 'donut') {
    const pie = traces[0] as Trace & { labels: string[]; values: number[]; hovertext: string[] };
    const colours = pie.marker?.colors ?? [];
    pie.labels.forEach((label, i) => {
      const plain = plainFromPlotly(label);
      if (plain === '[c] suppressed') {
        const hidden = plainFromPlotly(pie.hovertext[i] ?? '').replace('[c] suppressed: ', '');
        for (const name of hidden.split(', ')) marks.push(`${squeeze(name)}|[c]`);
        return;
      }
      // A slice of zero has no area: the SVG draws none, both list it in the legend.
      if (pie.values[i] === 0) return;
      items.push([squeeze(plain), '', round(pie.values[i] ?? 0), (colours[i] ?? '').toLowerCase()].join('|'));
    });
    return { items: items.sort(), marks: marks.sort(), labels: [] };
  }
  if (chart === 'map') {
    for (const t of traces.filter((t) => t.fill === 'toself'))
      items.push(
        [
          squeeze(plainFromPlotly(String(t.name))),
          '',
          '',
          t.fillpattern ? 'hatch' : String(t.fillcolor).toLowerCase(),
        ].join('|'),
      );
    return { items: items.sort(), marks: [], labels: [] };
  }
  const horizontal = chart === 'hbar' || chart === 'pyramid';
  const axis = (figure.layout[horizontal ? 'yaxis' : 'xaxis'] ?? {}) as { categoryarray?: string[] };
  labels = (axis.categoryarray ?? []).map((l) => squeeze(plainFromPlotly(l)));
  for (const t of traces) {
    const values = (horizontal ? t.x : t.y) as Array<number | null>;
    const colour = t.marker?.pattern ? 'hatch' : (t.marker?.color ?? '').toLowerCase();
    values.forEach((v, i) => {
      if (v === null) return;
      items.push(
        [labels[i], plainFromPlotly(String(t.name)), round(chart === 'pyramid' ? Math.abs(v) : v), colour].join('|'),
      );
    });
  }
  for (const a of (figure.layout.annotations ?? []) as Array<{ text: string; name?: string }>) {
    if (a.name === undefined) continue;
    const where = JSON.parse(a.name) as { series: string; category: string };
    marks.push([squeeze(where.category), where.series, a.text].join('|'));
  }
  return { items: items.sort(), marks: marks.sort(), labels };
}

/** Error bars Plotly draws: category|series|lower|upper, from each value and its distances. */
function errorBarsFromPlotly(figure: PlotlyFigure, chart: ChartType): string[] {
  const horizontal = chart === 'hbar' || chart === 'pyramid';
  const axis = (figure.layout[horizontal ? 'yaxis' : 'xaxis'] ?? {}) as { categoryarray?: string[] };
  const labels = (axis.categoryarray ?? []).map((l) => squeeze(plainFromPlotly(l)));
  const bars: string[] = [];
  for (const t of figure.data as Trace[]) {
    const values = (horizontal ? t.x : t.y) as Array<number | null>;
    const error = t[horizontal ? 'error_x' : 'error_y'] as
      { array: Array<number | null>; arrayminus: Array<number | null> } | undefined;
    if (!error) continue;
    values.forEach((v, i) => {
      const up = error.array[i];
      const down = error.arrayminus[i];
      if (v === null || up === null || up === undefined || down === null || down === undefined) return;
      // The pyramid's male side runs leftwards: its limits are the negated ends.
      const [lower, upper] = v < 0 ? [-(v + up), -(v - down)] : [v - down, v + up];
      bars.push([labels[i], plainFromPlotly(String(t.name)), round(lower), round(upper)].join('|'));
    });
  }
  return bars.sort();
}

/** Error bars the SVG draws, read from their limits. */
function errorBarsFromSvg(svg: string): string[] {
  const doc = parseSvg(svg);
  return all(doc, 'path')
    .filter((p) => p.getAttribute('class') === 'error-bar')
    .map((p) =>
      [
        squeeze(attr(p, 'data-category')),
        attr(p, 'data-series'),
        round(Number(attr(p, 'data-lower'))),
        round(Number(attr(p, 'data-upper'))),
      ].join('|'),
    )
    .sort();
}

/** Every string Plotly would render, with the keys it reads as text. */
function renderedStrings(value: unknown, key = ''): string[] {
  if (key === 'customdata') return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => renderedStrings(v, key));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => renderedStrings(v, k));
  return [];
}

const CHARTS: ChartType[] = ['bar', 'stacked', 'stacked100', 'hbar', 'line', 'pyramid', 'donut', 'map'];
const SIZE = { width: 960, height: 600, labelOf, footnote: ['Footnote.'] };

describe('screen and export draw the same chart', () => {
  it.each(CHARTS)('%s: same bars, values, colours, labels and marks', (chart) => {
    const result = fixtureFor(chart);
    const svg = renderChartSvg(result, { chart, title: 'Parity' }, SIZE);
    const figure = plotlyFigure(result, chart, { title: 'Parity', labelOf, valueLabel: 'Records' });
    if (figure === null) throw new Error('no figure');
    const screen = fromPlotly(figure, chart);
    const file = fromSvg(svg, chart);
    expect(screen.items.length).toBeGreaterThan(0);
    expect(screen.items).toEqual(file.items);
    expect(screen.marks).toEqual(file.marks);
    if (chart !== 'donut' && chart !== 'map') {
      expect(screen.labels).toEqual(file.labels);
      expect(screen.marks.length).toBeGreaterThan(0);
    }
  });

  it.each(['bar', 'hbar', 'line', 'pyramid'] as const)(
    '%s of rates: same rates, titles and [c] and [x] marks',
    (chart) => {
      const { result } = chart === 'pyramid' ? ageSexRates() : districtSexRates();
      const svg = renderChartSvg(result, { chart, title: 'Rates' }, SIZE);
      // The screen passes its own label for the measure; a rate chart is titled by the rate all the same.
      const figure = plotlyFigure(result, chart, { title: 'Rates', labelOf, valueLabel: 'Rate per 1,000 residents' });
      if (figure === null) throw new Error('no figure');
      const screen = fromPlotly(figure, chart);
      const file = fromSvg(svg, chart);
      expect(screen.items).toEqual(file.items);
      expect(screen.marks).toEqual(file.marks);
      expect(screen.labels).toEqual(file.labels);
      const rates = (result.rates ?? []).flat().filter((v): v is number => v !== null);
      expect(screen.items.map((item) => Number(item.split('|')[2])).sort()).toEqual(
        rates.map(round).map(Number).sort(),
      );
      expect(screen.marks.some((m) => m.endsWith('|[c]'))).toBe(true);
      if (chart !== 'pyramid') expect(screen.marks.some((m) => m.endsWith('|[x]'))).toBe(true);
      const valueAxis = (figure.layout[chart === 'bar' || chart === 'line' ? 'yaxis' : 'xaxis'] ?? {}) as {
        title?: { text?: string };
      };
      expect(valueAxis.title?.text).toBe('Victims per 1,000 residents');
      expect(svgTextsOf(svg)).toContain('Victims per 1,000 residents');
    },
  );

  it.each(['bar', 'hbar', 'line', 'pyramid'] as const)(
    '%s of rates with intervals: the same error bars on screen and in the file, at the limits',
    (chart) => {
      const { result } = withRateIntervals(chart === 'pyramid' ? ageSexRates() : districtSexRates());
      const svg = renderChartSvg(result, { chart, title: 'Rates' }, SIZE);
      const figure = plotlyFigure(result, chart, { title: 'Rates', labelOf, valueLabel: 'Rates' });
      if (figure === null) throw new Error('no figure');
      const screen = errorBarsFromPlotly(figure, chart);
      const file = errorBarsFromSvg(svg);
      expect(screen).toEqual(file);
      // One per published rate, at the engine's limits; none for a hidden or unavailable rate.
      const bounds = result.intervals!.rates!;
      const expected = result.counts.flatMap((row, r) =>
        row.flatMap((_count, c) => {
          const lower = bounds.lower[r]![c];
          return lower === null || lower === undefined ? [] : [`${round(lower)}|${round(bounds.upper[r]![c]!)}`];
        }),
      );
      expect(screen.map((bar) => bar.split('|').slice(2).join('|')).sort()).toEqual(expected.sort());
      expect(screen.length).toBeGreaterThan(3);
      if (chart === 'bar' || chart === 'hbar') {
        // Drawn to the bars' scale: a whisker's length over its range is a bar's length over its value.
        const doc = parseSvg(svg);
        const bar = all(doc, 'rect').find((r) => attr(r, 'data-value') !== null)!;
        const perUnit =
          Number(bar.getAttribute(chart === 'bar' ? 'height' : 'width')) / Number(attr(bar, 'data-value'));
        for (const p of all(doc, 'path').filter((e) => e.getAttribute('class') === 'error-bar')) {
          const ends = (attr(p, 'd') ?? '').split('M').filter(Boolean)[1]!;
          const [start, end] =
            chart === 'bar'
              ? [ends.split('V')[0]!.split(' ')[1], ends.split('V')[1]]
              : [ends.split(' ')[0], ends.split('H')[1]];
          const drawn = Math.abs(Number(end) - Number(start));
          const range = Number(attr(p, 'data-upper')) - Number(attr(p, 'data-lower'));
          expect(drawn / range / perUnit).toBeCloseTo(1, 1);
        }
      }
    },
  );

  it.each(['bar', 'hbar', 'pyramid'] as const)('%s: every drawn bar is as long as its value says', (chart) => {
    const result = fixtureFor(chart);
    const doc = parseSvg(renderChartSvg(result, { chart, title: 'Lengths' }, SIZE));
    const bars = all(doc, 'rect').filter((r) => attr(r, 'data-value') !== null);
    const ratios = bars.map(
      (r) => Number(r.getAttribute(chart === 'bar' ? 'height' : 'width')) / Number(r.getAttribute('data-value')),
    );
    expect(bars.length).toBeGreaterThan(3);
    for (const ratio of ratios) expect(ratio / (ratios[0] ?? 1)).toBeCloseTo(1, 2);
  });

  it('wraps screen labels under a few bars between words, never inside one', () => {
    const { result } = districtSexRates();
    result.rows.keys.splice(1, 0, ['East Cambridgeshire'], ['South Cambridgeshire'], ['Huntingdonshire']);
    result.counts.splice(1, 0, [50, 60], [70, 80], [90, 100]);
    result.rowTotals.splice(1, 0, 110, 150, 190);
    result.rates?.splice(1, 0, [1, 2], [3, 4], [5, 6]);
    const figure = plotlyFigure(result, 'bar', { labelOf, valueLabel: 'Records' });
    const labels = ((figure?.layout.xaxis ?? {}) as { categoryarray?: string[] }).categoryarray ?? [];
    expect(labels).toHaveLength(7);
    labels.forEach((label, i) => {
      const words = new Set((result.rows.keys[i]?.[0] ?? '').split(' '));
      for (const line of label.split('<br>')) for (const word of line.split(' ')) expect(words).toContain(word);
    });
  });

  it('drops the empty category and the empty Unknown series on both', () => {
    const figure = plotlyFigure(offences(), 'bar', { labelOf, valueLabel: 'Records' });
    const names = figure?.data.map((t) => t.name);
    expect(names).toEqual(['Female', 'Male']);
    const svg = renderChartSvg(offences(), { chart: 'bar', title: '' }, SIZE);
    expect(svg).not.toContain('Robbery');
    expect(svg).not.toContain('data-series="Unknown"');
  });

  it.each(CHARTS)('%s, empty categories shown: the same on both', (chart) => {
    const result = fixtureFor(chart);
    const svg = renderChartSvg(result, { chart, title: 'Parity', keepEmpty: true }, SIZE);
    const figure = plotlyFigure(result, chart, { title: 'Parity', labelOf, valueLabel: 'Records', keepEmpty: true });
    if (figure === null) throw new Error('no figure');
    const screen = fromPlotly(figure, chart);
    const file = fromSvg(svg, chart);
    expect(screen.items).toEqual(file.items);
    expect(screen.marks).toEqual(file.marks);
    expect(screen.labels).toEqual(file.labels);
    if (chart === 'donut') {
      const pie = figure.data[0] as { labels: string[] };
      expect(pie.labels.map(plainFromPlotly)).toContain('Robbery');
      expect(svgTextsOf(svg)).toContain('Robbery: 0');
    }
  });

  it('shows the empty category and the empty Unknown series on both when asked', () => {
    const result = offences();
    const figure = plotlyFigure(result, 'bar', { labelOf, valueLabel: 'Records', keepEmpty: true });
    if (figure === null) throw new Error('no figure');
    const screen = fromPlotly(figure, 'bar');
    const file = fromSvg(renderChartSvg(result, { chart: 'bar', title: '', keepEmpty: true }, SIZE), 'bar');
    // Every category and series of the result, counted from the result itself.
    const categories = result.rows.keys.map((k) => squeeze(k.join(' / ')));
    const series = result.cols.keys.map((k) => k.join(' / '));
    for (const drawn of [screen, file]) {
      expect(drawn.labels).toEqual(categories);
      expect([...new Set(drawn.items.map((item) => item.split('|')[1]))].sort()).toEqual([...series].sort());
      expect(drawn.items.filter((item) => item.startsWith('Robbery|'))).toHaveLength(series.length);
    }
  });

  it.each(CHARTS)('%s: imported text reaches Plotly escaped, never as markup', (chart) => {
    const figure = plotlyFigure(fixtureFor(chart), chart, {
      title: '<b>Title</b> <a href="https://evil.example">x</a>',
      labelOf,
      valueLabel: 'Records',
    });
    const strings = renderedStrings(figure);
    const tags = strings.flatMap((s) => s.match(/<[^>]*>/g) ?? []);
    expect(new Set(tags)).toEqual(new Set(tags.filter((t) => ['<br>'].includes(t))));
    if (chart !== 'line' && chart !== 'pyramid' && chart !== 'map')
      expect(strings.some((s) => plainFromPlotly(s).includes(HOSTILE))).toBe(true);
  });
});

type Ring = Array<[number, number]>;

/** A Plotly trace's rings (runs of points between nulls). */
function traceRings(trace: Record<string, unknown>): Ring[] {
  const xs = trace.x as Array<number | null>;
  const ys = trace.y as Array<number | null>;
  const rings: Ring[] = [[]];
  xs.forEach((x, i) => {
    const y = ys[i] ?? null;
    if (x === null || y === null) rings.push([]);
    else rings[rings.length - 1]?.push([x, y]);
  });
  return rings.filter((r) => r.length > 2);
}

/** The non-zero winding rule, SVG's default fill rule (the one Plotly's fill paths use). */
function windingNumber(point: [number, number], rings: Ring[]): number {
  let winding = 0;
  const [px, py] = point;
  for (const ring of rings)
    ring.forEach(([x1, y1], i) => {
      const [x2, y2] = ring[(i + 1) % ring.length] ?? [x1, y1];
      const side = (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1);
      if (y1 <= py && y2 > py && side > 0) winding += 1;
      else if (y1 > py && y2 <= py && side < 0) winding -= 1;
    });
  return winding;
}

function svgPathRings(d: string): Ring[] {
  return d
    .split('M')
    .filter((part) => part !== '')
    .map((part) =>
      part
        .replace('Z', '')
        .split('L')
        .map((pair) => pair.trim().split(' ').map(Number) as [number, number]),
    );
}

describe('the on-screen map', () => {
  const result = byDistrict();
  const figure = plotlyFigure(result, 'map', { labelOf, valueLabel: 'Records' });
  const traces = (figure?.data ?? []).filter((t) => t.fill === 'toself');
  const trace = (name: string): Record<string, unknown> => traces.find((t) => t.name === name) ?? {};

  it('leaves Cambridge uncovered by South Cambridgeshire’s fill (its hole is drawn)', () => {
    const cambridge = traceRings(trace('Cambridge'))[0] ?? [];
    const centre: [number, number] = [
      cambridge.reduce((a, p) => a + p[0], 0) / cambridge.length,
      cambridge.reduce((a, p) => a + p[1], 0) / cambridge.length,
    ];
    expect(windingNumber(centre, [cambridge])).not.toBe(0);
    const south = traceRings(trace('South Cambridgeshire'));
    expect(south.length).toBeGreaterThan(1);
    expect(windingNumber(centre, south)).toBe(0);
  });

  it('draws every district with as many rings as the export, in the export’s aspect', () => {
    const doc = parseSvg(renderChartSvg(result, { chart: 'map', title: 'Map' }, SIZE));
    const paths = all(doc, 'path').filter((p) => attr(p, 'data-category') !== null);
    expect(paths).toHaveLength(traces.length);
    const box = (rings: Ring[]): number => {
      const xs = rings.flat().map((p) => p[0]);
      const ys = rings.flat().map((p) => p[1]);
      return (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
    };
    const svgRings = paths.flatMap((p) => svgPathRings(p.getAttribute('d') ?? ''));
    const screenRings = traces.flatMap(traceRings);
    for (const path of paths) {
      const name = attr(path, 'data-category') ?? '';
      expect(traceRings(trace(name)).length).toBe(svgPathRings(path.getAttribute('d') ?? '').length);
    }
    expect(box(screenRings)).toBeCloseTo(box(svgRings), 2);
    expect(figure?.layout.xaxis).toMatchObject({ scaleanchor: 'y', scaleratio: 1 });
  });
});
