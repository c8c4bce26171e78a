// Percentage charts with error bars, from tables protected by the real disclosure control and
// finished by the engine's own step: a bar is the published count over its published
// denominator, a whisker the Wilson 95% interval of those two numbers, worked out here a second
// way (the roots of the score equation, with jStat's normal quantile), and a share of a hidden
// count or of a hidden total draws neither, marked [c]. Since the test reads only published
// numbers to predict every bar and whisker, the chart can tell a reader nothing the table does not.
import fc from 'fast-check';
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { chartModel, type ChartModel } from '../../../shared/chartModel.ts';
import type { ChartType } from '../../../shared/figure.ts';
import type { QueryResult, QuerySpec } from '../../../shared/query.ts';
import { errorBarNotes } from '../../../src-main/export/chartErrorBars.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { protectTable } from '../../../src-main/disclosure/protectTable.ts';
import { finalizeResult, type EngineResult } from '../../../src-main/engine/finalizeResult.ts';
import { plotlyFigure } from '../../../src-renderer/charts/plotlyFigure.ts';
import { rawOf } from '../disclosure/statsIntruder.ts';
import { parseSvg } from '../export/exportTestKit.ts';

type Percent = 'row' | 'col' | 'total';
const SEXES = ['Female', 'Male', 'Unknown', 'Other'];
const DISTRICTS = ['Cambridge', 'Fenland', 'Huntingdonshire', 'Peterborough'];
const labelOf = (field: string): string => ({ district: 'District', sex: 'Sex' })[field] ?? field;

/** Wilson's limits (in %) as the roots of (n + z²)p² - (2x + z²)p + x²/n = 0. */
function wilsonRoots(x: number, n: number): { lower: number; upper: number } {
  const z = jStat.normal.inv(0.975, 0, 1);
  const a = n + z * z;
  const b = -(2 * x + z * z);
  const c = (x * x) / n;
  const root = Math.sqrt(Math.max(0, b * b - 4 * a * c));
  return { lower: (100 * (-b - root)) / (2 * a), upper: (100 * (-b + root)) / (2 * a) };
}

async function protectedPercents(counts: number[][], percent: Percent, intervals = true): Promise<QueryResult> {
  const raw = rawOf(counts);
  const spec: QuerySpec = {
    cohort: 'victims',
    filters: [],
    rows: ['district'],
    cols: ['sex'],
    measure: 'records',
    percent,
    stats: false,
    disclosure: { threshold: 5, secondary: true, round: null, suppressZeros: false },
    ...(intervals ? { intervals: true } : {}),
  };
  const engine: EngineResult = {
    spec,
    rows: { fields: ['district'], keys: counts.map((_l, i) => [DISTRICTS[i]!]) },
    cols: { fields: ['sex'], keys: counts[0]!.map((_v, j) => [SEXES[j]!]) },
    counts: raw.counts,
    rowTotals: raw.rowTotals,
    colTotals: raw.colTotals,
    total: raw.total,
    suppressed: [],
    disclosure: null,
    meta: {
      cohort: 'victims',
      measure: 'records',
      recordsMatched: raw.total,
      recordsTotal: raw.total,
      elapsedMs: 0,
      warnings: [],
    },
  };
  const { table, report } = await protectTable(raw, spec.disclosure!);
  return finalizeResult(engine, {
    ...table,
    suppressed: [...report.primary, ...report.secondary],
    disclosure: report,
  }) as QueryResult;
}

/** The published denominator of a cell's percentage. */
function denominator(result: QueryResult, percent: Percent, r: number, c: number): number | null {
  return (percent === 'row' ? result.rowTotals[r] : percent === 'col' ? result.colTotals[c] : result.total) ?? null;
}

/** Every drawn bar and whisker of the model against the published numbers; how many were drawn. */
function checkAgainstPublished(model: ChartModel, result: QueryResult, percent: Percent, withErrors: boolean): number {
  let drawn = 0;
  model.categories.forEach((category, i) => {
    const r = result.rows.keys.findIndex((k) => k[0] === category.key[0]);
    model.series.forEach((series) => {
      const c = result.cols.keys.findIndex((k) => k[0] === series.key[0]);
      const x = result.counts[r]?.[c] ?? null;
      const n = denominator(result, percent, r, c);
      const value = series.values[i] ?? null;
      const error = series.errors?.[i] ?? null;
      if (x === null || n === null || n === 0) {
        expect([value, error, series.marks[i]]).toEqual([null, null, n === 0 ? '[z]' : '[c]']);
        return;
      }
      expect(value).toBeCloseTo((100 * x) / n, 9);
      if (!withErrors) {
        expect(series.errors).toBeUndefined();
        return;
      }
      const w = wilsonRoots(x, n);
      expect(error?.lower).toBeCloseTo(w.lower, 7);
      expect(error?.upper).toBeCloseTo(w.upper, 7);
      drawn += 1;
    });
  });
  return drawn;
}

// Fenland's 3 and Peterborough's 2 are hidden; Fenland's total (and so its row) stays published.
const COUNTS = [
  [412, 380, 22, 9],
  [151, 3, 40, 11],
  [260, 244, 17, 14],
  [330, 301, 2, 18],
];

describe('a percentage chart', () => {
  for (const percent of ['row', 'col', 'total'] as const) {
    it(`plots the ${percent} percentages with Wilson limits of the published numbers, none where hidden`, async () => {
      const result = await protectedPercents(COUNTS, percent);
      expect(result.suppressed.length).toBeGreaterThanOrEqual(2);
      for (const chart of ['bar', 'hbar', 'line'] as const) {
        const model = chartModel(result, { chart, labelOf });
        expect(model.percent).toBe(true);
        expect(model.valueTitle).toBe(
          percent === 'row' ? '% of District' : percent === 'col' ? '% of Sex' : '% of all',
        );
        expect(checkAgainstPublished(model, result, percent, true)).toBeGreaterThan(8);
      }
    });
  }

  it('has no error bars without intervals, nor on the shares of stacks and donuts', async () => {
    const plain = await protectedPercents(COUNTS, 'row', false);
    expect(checkAgainstPublished(chartModel(plain, { chart: 'bar', labelOf }), plain, 'row', false)).toBe(0);
    const result = await protectedPercents(COUNTS, 'row');
    for (const chart of ['stacked', 'stacked100', 'donut'] as const) {
      const model = chartModel(result, { chart, labelOf });
      // Stacks and donuts of row percentages plot shares (shared/chartShares.ts), never with whiskers.
      expect(model.percent).toBe(true);
      expect(model.series.every((s) => s.errors === undefined)).toBe(true);
    }
    expect(chartModel(result, { chart: 'stacked', labelOf }).series[0]?.values[0]).toBe(result.percents?.[0]?.[0]);
    // Percentages of the grand total are not parts of one whole per bar: a stack keeps its counts.
    const ofAll = await protectedPercents(COUNTS, 'total');
    expect(chartModel(ofAll, { chart: 'stacked', labelOf }).percent).toBe(false);
    expect(chartModel(ofAll, { chart: 'stacked', labelOf }).series[0]?.values[0]).toBe(412);
  });

  it('hides a whole row’s shares when its total is hidden, and draws no whisker there', async () => {
    // Fenland's total is 4: hidden, so none of its row percentages is published.
    const counts = [
      [412, 380, 22, 9],
      [1, 1, 1, 1],
      [260, 244, 17, 14],
    ];
    const result = await protectedPercents(counts, 'row');
    expect(result.rowTotals[1]).toBeNull();
    const model = chartModel(result, { chart: 'bar', labelOf });
    const row = model.categories.findIndex((c) => c.label === 'Fenland');
    for (const series of model.series) {
      expect([series.values[row], series.errors?.[row] ?? null, series.marks[row]]).toEqual([null, null, '[c]']);
    }
    checkAgainstPublished(model, result, 'row', true);
  });

  it('predicts every bar and whisker from the published table alone, on random protected tables', async () => {
    const count = fc.oneof(
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 4 }) },
      { weight: 3, arbitrary: fc.integer({ min: 5, max: 60 }) },
    );
    const table = fc
      .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }))
      .chain(([rows, cols]) =>
        fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
      );
    let hidden = 0;
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.constantFrom<Percent>('row', 'col', 'total'),
        fc.constantFrom<ChartType>('bar', 'hbar', 'line'),
        async (counts, percent, chart) => {
          const result = await protectedPercents(counts, percent);
          hidden += result.suppressed.length;
          checkAgainstPublished(chartModel(result, { chart, labelOf, keepEmpty: true }), result, percent, true);
        },
      ),
      { numRuns: 60, seed: 20261205 },
    );
    expect(hidden).toBeGreaterThan(30);
  }, 120_000);
});

describe('a percentage chart drawn', () => {
  it('on screen, gives Plotly the distances to each limit and a % axis', async () => {
    const result = await protectedPercents(COUNTS, 'row');
    const model = chartModel(result, { chart: 'bar', labelOf });
    const figure = plotlyFigure(result, 'bar', { labelOf, valueLabel: 'Records' });
    const female = figure?.data.find((t) => t.name === 'Female') as {
      y: Array<number | null>;
      error_y: { array: Array<number | null>; arrayminus: Array<number | null> };
    };
    const series = model.series.find((s) => s.name === 'Female')!;
    series.values.forEach((v, i) => {
      const e = series.errors?.[i] ?? null;
      expect(female.y[i]).toBe(v);
      expect(female.error_y.array[i]).toBe(v === null || e === null ? null : e.upper - v);
      expect(female.error_y.arrayminus[i]).toBe(v === null || e === null ? null : v - e.lower);
    });
    expect((figure?.layout.yaxis as { ticksuffix?: string }).ticksuffix).toBe('%');
  });

  it('in the SVG, draws a whisker per published percentage at its limits, with the footnote naming Wilson', async () => {
    const result = await protectedPercents(COUNTS, 'col');
    const svg = renderChartSvg(
      result,
      { chart: 'bar', title: 'Victims by district and sex' },
      { width: 960, height: 600, labelOf, footnote: errorBarNotes(result, 'bar') },
    );
    expect(svg).toContain('Wilson score intervals for percentages');
    const doc = parseSvg(svg);
    const paths = doc.getElementsByTagName('path');
    const whiskers = Array.from({ length: paths.length }, (_v, i) => paths.item(i)!).filter(
      (p) => p.getAttribute('class') === 'error-bar',
    );
    let published = 0;
    result.counts.forEach((line, r) =>
      line.forEach((x, c) => {
        const n = result.colTotals[c] ?? null;
        const whisker = whiskers.find(
          (w) => w.getAttribute('data-category') === DISTRICTS[r] && w.getAttribute('data-series') === SEXES[c],
        );
        if (x === null || n === null) {
          expect(whisker).toBeUndefined();
          return;
        }
        published += 1;
        const w = wilsonRoots(x, n);
        expect(Number(whisker?.getAttribute('data-lower'))).toBeCloseTo(w.lower, 7);
        expect(Number(whisker?.getAttribute('data-upper'))).toBeCloseTo(w.upper, 7);
      }),
    );
    expect(whiskers).toHaveLength(published);
  });
});
