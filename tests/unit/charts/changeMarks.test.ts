// Year-on-year change marks on charts: a trend by financial year with intervals marks ▲ or ▼
// over a value only where its change is more than noise, in the chart model, on screen (Plotly
// annotations and hover) and in the SVG, the same cells the table marks; and only where the
// chart plots what was compared (counts, or the percentages whose change was tested). The
// counts' marks are checked against a second test worked out here: the normal approximation of
// the conditional binomial test, on changes far from its edge.
import { describe, expect, it } from 'vitest';
import { chartModel } from '../../../shared/chartModel.ts';
import type { QueryResult, QuerySpec } from '../../../shared/query.ts';
import { changeMarkNotes } from '../../../src-main/export/chartChangeMarks.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { finalizeResult, type EngineResult } from '../../../src-main/engine/finalizeResult.ts';
import { plotlyFigure } from '../../../src-renderer/charts/plotlyFigure.ts';
import { rawOf } from '../disclosure/statsIntruder.ts';
import { parseSvg } from '../export/exportTestKit.ts';

const YEARS = ['2019/20', '2020/21', '2021/22', '2022/23'];
const labelOf = (field: string): string => ({ financial_year: 'Financial year', sex: 'Sex' })[field] ?? field;

function byYear(counts: number[][], cols: string[][], percent: QuerySpec['percent']): QueryResult {
  const raw = rawOf(counts);
  const spec: QuerySpec = {
    cohort: 'victims',
    filters: [],
    rows: ['financial_year'],
    cols: cols[0]?.length ? ['sex'] : [],
    measure: 'records',
    percent,
    stats: false,
    disclosure: null,
    intervals: true,
  };
  const engine: EngineResult = {
    spec,
    rows: { fields: ['financial_year'], keys: YEARS.slice(0, counts.length).map((y) => [y]) },
    cols: { fields: spec.cols, keys: cols },
    counts: raw.counts,
    rowTotals: raw.rowTotals,
    colTotals: raw.colTotals,
    total: raw.total,
    suppressed: [],
    disclosure: null,
    meta: { cohort: 'victims', measure: 'records', recordsMatched: 0, recordsTotal: 0, elapsedMs: 0, warnings: [] },
  };
  return finalizeResult(engine) as QueryResult;
}

/** Up, down or null by the normal approximation of the exact conditional test of two counts. */
function normalChange(before: number, after: number): 'up' | 'down' | null {
  const n = before + after;
  const z = (after - n / 2) / Math.sqrt(n / 4);
  return Math.abs(z) < 1.96 ? null : z > 0 ? 'up' : 'down';
}

describe('change marks on a trend chart', () => {
  const counts = [[100], [104], [200], [150]];
  const result = byYear(counts, [[]], 'none');

  it('marks the counts’ changes that are more than noise, as a second test says', () => {
    for (const chart of ['line', 'bar', 'hbar'] as const) {
      const series = chartModel(result, { chart, labelOf }).series[0]!;
      const expected = counts.map((line, r) => (r === 0 ? null : normalChange(counts[r - 1]![0]!, line[0]!)));
      expect(series.changes).toEqual(expected);
      expect(expected.filter((c) => c !== null)).toEqual(['up', 'down']);
    }
  });

  it('draws the same marks on screen and in the SVG, with the footnote that says what they mean', () => {
    const model = chartModel(result, { chart: 'line', labelOf });
    const marked = model.categories.flatMap((c, i) =>
      model.series[0]!.changes![i] ? [{ category: c.label, change: model.series[0]!.changes![i] }] : [],
    );
    const figure = plotlyFigure(result, 'line', { labelOf, valueLabel: 'Records' })!;
    const annotations = (figure.layout.annotations as Array<{ text: string; name: string }>).filter((a) =>
      ['▲', '▼'].includes(a.text),
    );
    expect(annotations.map((a) => JSON.parse(a.name) as { category: string; change: string })).toEqual(
      marked.map((m) => ({ series: 'Records', ...m })),
    );
    const hover = (figure.data[0] as { hovertext: string[] }).hovertext;
    expect(hover[2]).toContain('▲ up from the previous year');
    expect(hover[1]).not.toContain('previous year');

    const svg = renderChartSvg(
      result,
      { chart: 'line', title: 'Victims by year' },
      { width: 960, height: 600, labelOf, footnote: changeMarkNotes(result, 'line') },
    );
    const texts = parseSvg(svg).getElementsByTagName('text');
    const marks = Array.from({ length: texts.length }, (_v, i) => texts.item(i)!).filter(
      (e) => e.getAttribute('class') === 'change-mark',
    );
    const drawn = marks.map((e) => ({
      category: e.getAttribute('data-category'),
      change: e.getAttribute('data-change'),
    }));
    expect(drawn).toEqual(marked);
    expect(svg).toContain('exact conditional test of two Poisson counts');
  });

  it('marks percentages only where their change was tested, and never a stack', () => {
    const bySex = [
      [300, 300],
      [300, 420],
      [310, 300],
    ];
    const sexes = [['Female'], ['Male']];
    const rowShares = byYear(bySex, sexes, 'row');
    expect(rowShares.changes?.of).toBe('percents');
    const model = chartModel(rowShares, { chart: 'bar', labelOf });
    expect(model.percent).toBe(true);
    model.series.forEach((series, c) =>
      expect(series.changes).toEqual(rowShares.changes!.flags.map((line) => (line[c] === 'same' ? null : line[c]))),
    );
    expect(model.series.flatMap((s) => s.changes ?? []).filter((c) => c !== null).length).toBeGreaterThan(0);

    // Column shares of each sex: the table compared counts, the chart plots shares; no marks.
    const colShares = byYear(bySex, sexes, 'col');
    expect(colShares.changes?.of).toBe('counts');
    expect(chartModel(colShares, { chart: 'bar', labelOf }).series.every((s) => s.changes === undefined)).toBe(true);
    expect(changeMarkNotes(colShares, 'bar')).toEqual([]);
    const counts = byYear(bySex, sexes, 'none');
    expect(chartModel(counts, { chart: 'stacked', labelOf }).series.every((s) => s.changes === undefined)).toBe(true);
  });
});
