// The flow, funnel and combinations figures: the screen's Plotly figure and the exported SVG
// draw one model each, and this test reads back what each draws (bands or bars with their
// values and colours, [c] marks, labels) and requires them to be the same, as the parity test
// does for the other types. Their numbers are checked against a second, plain computation
// from the table: band widths against counts, funnel rates against the counts they divide,
// combinations ordered by count with every set's dots where the labels say.
import { describe, expect, it } from 'vitest';
import { combinationsModel, setsOf } from '../../../shared/chartCombinations.ts';
import { flowModel } from '../../../shared/chartFlow.ts';
import { funnelModel } from '../../../shared/chartFunnel.ts';
import type { ChartType } from '../../../shared/figure.ts';
import { JOURNEY_TARGETS, JOURNEY_ROLES } from '../../../shared/journeys.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { chartAvailability, plotlyFigure, type PlotlyFigure } from '../../../src-renderer/charts/plotlyFigure.ts';
import { plainFromPlotly } from '../../../src-renderer/charts/plotlyText.ts';
import { parseSvg, svgTexts, type XmlElement } from '../export/exportTestKit.ts';
import { handResult } from '../export/fakeResults.ts';
import { labelOf } from '../export/fixtureTables.ts';

const HOSTILE = '<a href="https://evil.example/x">Drugs</a> & <b>bold</b>';

/** A journeys table: first role by later role, one small (suppressed) flow given as `hidden`. */
function journeys(hidden = 3): QueryResult {
  const targets = JOURNEY_TARGETS;
  const counts = [
    [0, 0, 40, 120, 12, 30],
    [25, 90, 0, 0, hidden, 18],
    [9, 44, 6, 20, 0, 0],
  ];
  return handResult({
    rows: ['first_seen_as'],
    rowKeys: JOURNEY_ROLES.map((r) => [r]),
    cols: ['then_seen_as'],
    colKeys: targets.map((t) => [t]),
    counts,
    cohort: 'journeys',
    measure: 'persons',
  });
}

function ageSteps(): QueryResult {
  return handResult({
    rows: ['age_band'],
    rowKeys: [['18-24'], ['25-34'], ['35-44'], ['45-54'], ['55-64']],
    cols: [],
    colKeys: [],
    counts: [[800], [520], [3], [150], [60]],
  });
}

function needCombinations(): QueryResult {
  return handResult({
    rows: ['needs'],
    rowKeys: [
      ['Accommodation'],
      ['Accommodation + Drugs'],
      [`Alcohol + ${HOSTILE}`],
      ['Accommodation + Drugs + Alcohol'],
      ['Drugs'],
      ['Alcohol + Drugs'],
    ],
    cols: [],
    colKeys: [],
    counts: [[210], [95], [2], [130], [60], [4]],
  });
}

const FIXTURES: Record<'flow' | 'funnel' | 'combinations', () => QueryResult> = {
  flow: journeys,
  funnel: ageSteps,
  combinations: needCombinations,
};
const CHARTS = Object.keys(FIXTURES) as Array<keyof typeof FIXTURES>;
const SIZE = { width: 960, height: 600, labelOf, footnote: ['Footnote.'] };
const squeeze = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, '');
const round = (v: number): string => (Math.round(v * 1e6) / 1e6).toString();

function attr(e: XmlElement, name: string): string | null {
  const value = e.getAttribute(name);
  return value === null || value === '' ? null : value;
}

function all(doc: ReturnType<typeof parseSvg>, tag: string): XmlElement[] {
  const list = doc.getElementsByTagName(tag);
  return Array.from({ length: list.length }, (_v, i) => list.item(i)).filter((e): e is XmlElement => e !== null);
}

interface Drawn {
  items: string[];
  marks: string[];
}

function fromSvg(svg: string): Drawn {
  const doc = parseSvg(svg);
  const shapes = [...all(doc, 'rect'), ...all(doc, 'path')].filter(
    (e) =>
      attr(e, 'data-series') !== null && (attr(e, 'data-value') !== null || e.getAttribute('fill')?.startsWith('url(')),
  );
  const items = shapes.map((e) =>
    [
      squeeze(attr(e, 'data-category')),
      squeeze(attr(e, 'data-series')),
      attr(e, 'data-value') === null ? '' : round(Number(attr(e, 'data-value'))),
      e.getAttribute('fill')?.startsWith('url(') ? 'hatch' : (e.getAttribute('fill') ?? '').toLowerCase(),
    ].join('|'),
  );
  const marks = all(doc, 'text')
    .filter((t) => t.getAttribute('class') === 'mark')
    .map((t) => [squeeze(attr(t, 'data-category')), squeeze(attr(t, 'data-series')), t.textContent].join('|'));
  return { items: items.sort(), marks: marks.sort() };
}

type Trace = Record<string, unknown>;

function fromPlotly(figure: PlotlyFigure, chart: ChartType, valueLabel: string): Drawn {
  const items: string[] = [];
  const traces = figure.data as Trace[];
  if (chart === 'flow') {
    for (const t of traces) {
      const meta = t.meta as { series?: string; value?: number | null; node?: boolean };
      if (meta.node) continue;
      const hatched = t.fillpattern !== undefined;
      items.push(
        [
          squeeze(plainFromPlotly(String(t.name))),
          squeeze(plainFromPlotly(meta.series ?? '')),
          meta.value === null || meta.value === undefined ? '' : round(meta.value),
          hatched ? 'hatch' : String(t.fillcolor).toLowerCase(),
        ].join('|'),
      );
    }
  } else {
    const bars = traces.filter((t) => t.type === 'bar');
    for (const t of bars) {
      const horizontal = t.orientation === 'h';
      const labels = (horizontal ? t.y : t.x) as string[];
      const values = (horizontal ? t.x : t.y) as Array<number | null>;
      values.forEach((v, i) => {
        if (v === null) return;
        items.push(
          [
            squeeze(plainFromPlotly(labels[i] ?? '')),
            squeeze(valueLabel),
            round(v),
            String((t.marker as { color?: string }).color).toLowerCase(),
          ].join('|'),
        );
      });
    }
  }
  const marks = ((figure.layout.annotations ?? []) as Array<{ text: string; name?: string }>)
    .filter((a) => a.name !== undefined)
    .map((a) => {
      const where = JSON.parse(a.name ?? '{}') as { series: string; category: string };
      return [squeeze(plainFromPlotly(where.category)), squeeze(plainFromPlotly(where.series)), a.text].join('|');
    });
  return { items: items.sort(), marks: marks.sort() };
}

function renderedStrings(value: unknown, key = ''): string[] {
  if (key === 'customdata') return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => renderedStrings(v, key));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => renderedStrings(v, k));
  return [];
}

describe('flow, funnel and combinations: screen and export draw the same chart', () => {
  it.each(CHARTS)('%s: same bands or bars, values, colours and [c] marks', (chart) => {
    const result = FIXTURES[chart]();
    const valueLabel = result.meta.measure === 'persons' ? 'Persons' : 'Records';
    const svg = renderChartSvg(result, { chart, title: 'Parity' }, SIZE);
    const figure = plotlyFigure(result, chart, { title: 'Parity', labelOf, valueLabel });
    if (figure === null) throw new Error('no figure');
    const screen = fromPlotly(figure, chart, valueLabel);
    const file = fromSvg(svg);
    expect(screen.items.length).toBeGreaterThan(3);
    expect(screen.items).toEqual(file.items);
    expect(screen.marks).toEqual(file.marks);
    expect(screen.marks.length).toBeGreaterThan(0);
    expect(screen.marks.every((m) => m.endsWith('|[c]'))).toBe(true);
    // Every published count is drawn once, on both: counted from the table itself.
    const published = result.counts.flat().filter((v): v is number => v !== null && v > 0);
    expect(
      file.items
        .filter((i) => !i.endsWith('|hatch'))
        .map((i) => Number(i.split('|')[2]))
        .sort(),
    ).toEqual(published.map(Number).sort());
    expect(chartAvailability(result)[chart]).toBeNull();
  });

  it.each(CHARTS)('%s: imported text reaches Plotly escaped, never as markup', (chart) => {
    const figure = plotlyFigure(FIXTURES[chart](), chart, {
      title: '<b>Title</b> <a href="https://evil.example">x</a>',
      labelOf,
      valueLabel: 'Records',
    });
    const strings = renderedStrings(figure);
    const tags = strings.flatMap((s) => s.match(/<[^>]*>/g) ?? []);
    expect(new Set(tags)).toEqual(new Set(tags.filter((t) => ['<br>', '<b>', '</b>'].includes(t))));
    if (chart === 'combinations') expect(strings.some((s) => plainFromPlotly(s).includes(HOSTILE))).toBe(true);
  });

  it('lets each type draw only the tables of its shape, and says why not', () => {
    const flat = ageSteps();
    const twoWay = journeys();
    expect(chartAvailability(flat).flow).toMatch(/row field and one column/);
    // A funnel for each column: one column field is a profile, two row fields are not steps.
    expect(chartAvailability(twoWay).funnel).toBeNull();
    const nested = { ...twoWay, rows: { fields: ['a', 'b'], keys: twoWay.rows.keys.map((k) => [...k, 'x']) } };
    expect(chartAvailability(nested).funnel).toMatch(/one row field .* at most one column field/);
    expect(chartAvailability(flat).combinations).toMatch(/“ \+ ”/);
  });
});

describe('the flow chart', () => {
  it('draws each published flow as wide as its count, every suppressed one alike, never by its value', () => {
    const result = journeys();
    const model = flowModel(result, { labelOf });
    // The outline runs along the upper edge from the source, then back along the lower edge to it.
    const widthOf = (outline: Array<[number, number]>): number =>
      (outline[outline.length - 1]?.[1] ?? 0) - (outline[0]?.[1] ?? 0);
    const published = model.links.filter((l) => l.value !== null);
    const ratios = published.map((l) => widthOf(l.outline) / (l.value ?? 1));
    for (const ratio of ratios) expect(ratio / (ratios[0] ?? 1)).toBeCloseTo(1, 6);
    const hidden = model.links.filter((l) => l.value === null);
    expect(hidden.length).toBeGreaterThan(0);
    // The suppressed flow's own count changes nothing that is drawn, on screen or in the file.
    for (const other of [1, 2, 4]) {
      expect(renderChartSvg(journeys(other), { chart: 'flow', title: 'x' }, SIZE)).toBe(
        renderChartSvg(result, { chart: 'flow', title: 'x' }, SIZE),
      );
      expect(JSON.stringify(plotlyFigure(journeys(other), 'flow', { labelOf, valueLabel: 'Persons' }))).toBe(
        JSON.stringify(plotlyFigure(result, 'flow', { labelOf, valueLabel: 'Persons' })),
      );
    }
    expect(svgTexts(renderChartSvg(result, { chart: 'flow', title: 'x' }, SIZE)).join(' ')).toMatch(/nominal width/);
  });

  it('joins each source to each target it has persons for, and no other', () => {
    const result = journeys();
    const model = flowModel(result, { labelOf });
    const drawn = model.links.map((l) => `${model.nodes[l.source]?.label}>${model.nodes[l.target]?.label}`).sort();
    const expected = result.counts
      .flatMap((row, r) =>
        row.map((v, c) => (v === 0 ? null : `${result.rows.keys[r]?.[0]}>${result.cols.keys[c]?.[0]}`)),
      )
      .filter((x): x is string => x !== null)
      .sort();
    expect(drawn).toEqual(expected);
  });
});

describe('the funnel', () => {
  it('gives each step its rate of the step before and of the first, from the published counts', () => {
    const result = ageSteps();
    const model = funnelModel(result, { labelOf });
    const counts = result.counts.map((row) => row[0] ?? null);
    model.steps.forEach((step, i) => {
      const previous = i === 0 ? null : (counts[i - 1] ?? null);
      const mine = counts[i] ?? null;
      const first = counts[0] ?? null;
      if (i === 0 || mine === null || previous === null) expect(step.ofPrevious).toBeNull();
      else expect(step.ofPrevious).toBeCloseTo((mine / previous) * 100, 9);
      if (i === 0 || mine === null || first === null) expect(step.ofFirst).toBeNull();
      else expect(step.ofFirst).toBeCloseTo((mine / first) * 100, 9);
    });
    const texts = svgTexts(renderChartSvg(result, { chart: 'funnel', title: 'Funnel' }, SIZE));
    expect(texts).toContain('65.0% of previous · 65.0% of first');
    // The step after a suppressed one has no rate of it.
    expect(texts).toContain('[c] of previous · 18.8% of first');
  });
});

describe('the combinations chart', () => {
  it('orders the published combinations by count, suppressed last, with dots where the labels say', () => {
    const result = needCombinations();
    const model = combinationsModel(result);
    const published = model.combinations.filter((c) => c.value !== null).map((c) => c.value ?? 0);
    expect(published).toEqual([...published].sort((a, b) => b - a));
    const firstHidden = model.combinations.findIndex((c) => c.value === null);
    expect(model.combinations.slice(firstHidden).every((c) => c.value === null)).toBe(true);
    const doc = parseSvg(renderChartSvg(result, { chart: 'combinations', title: 'Needs' }, SIZE));
    const dots = all(doc, 'circle').filter((c) => (c.getAttribute('class') ?? '').includes('member'));
    const drawn = dots.map((d) => `${d.getAttribute('data-combination')}|${d.getAttribute('data-set')}`).sort();
    const expected = result.rows.keys.flatMap((k) => setsOf(k[0] ?? '').map((s) => `${k[0]}|${s}`)).sort();
    expect(drawn).toEqual(expected);
    expect(model.sets).toEqual(['Accommodation', 'Drugs', 'Alcohol', HOSTILE]);
  });
});
