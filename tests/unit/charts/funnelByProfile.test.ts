// The victims' services funnel by profile: a table of furthest steps by sex draws a funnel for
// each sex side by side, in the exported SVG and on screen alike. Each bar is those of that sex
// who reached the step at least (its count and every later step's, summed here apart), [c]
// where a hidden later step would be needed; each rate is of that sex's own steps; a sex with
// no records draws no funnel; a click names the step and the sex.
import { describe, expect, it } from 'vitest';
import { SERVICES_STEPS } from '../../../shared/codebook.ts';
import { chartAvailability, plotlyFigure } from '../../../src-renderer/charts/plotlyFigure.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { parseSvg, svgTexts, type XmlElement } from '../export/exportTestKit.ts';
import { handResult } from '../export/fakeResults.ts';
import { labelOf } from '../export/fixtureTables.ts';

const SEXES = ['Female', 'Male', 'Unknown'];
// Rows: not entitled, entitled, referred, service used, unknown; Male's 3 referred are hidden.
const COUNTS = [
  [300, 200, 0],
  [70, 50, 0],
  [40, 3, 0],
  [180, 120, 0],
  [20, 20, 0],
];
const result = handResult({
  rows: ['services_step'],
  rowKeys: [...SERVICES_STEPS, 'Unknown'].map((k) => [k]),
  cols: ['sex'],
  colKeys: SEXES.map((s) => [s]),
  counts: COUNTS,
});

/** Those of column `c` who reached each step of the path at least; null where a hidden count is needed. */
function reached(c: number): Array<number | null> {
  return [1, 2, 3].map((k) => {
    const later = COUNTS.slice(k, SERVICES_STEPS.length).map((row) => row[c]!);
    return later.some((v) => v > 0 && v < 5) ? null : later.reduce((a, b) => a + b, 0);
  });
}

describe('the services funnel by sex', () => {
  it('draws a funnel for each sex with records, in the SVG, bars and rates from its own steps', () => {
    expect(chartAvailability(result).funnel).toBeNull();
    const svg = renderChartSvg(
      result,
      { chart: 'funnel', title: 'Services by sex' },
      { width: 960, height: 600, labelOf, footnote: [] },
    );
    const rects = Array.from(parseSvg(svg).getElementsByTagName('rect')) as XmlElement[];
    for (const [c, sex] of ['Female', 'Male'].entries()) {
      const bars = rects.filter((r) => r.getAttribute('data-series') === sex && r.getAttribute('data-value'));
      const expected = reached(c);
      expect(bars.map((b) => b.getAttribute('data-category'))).toEqual(
        SERVICES_STEPS.slice(1).filter((_s, k) => expected[k] !== null),
      );
      expect(bars.map((b) => Number(b.getAttribute('data-value')))).toEqual(expected.filter((v) => v !== null));
    }
    expect(rects.some((r) => r.getAttribute('data-series') === 'Unknown')).toBe(false);
    const [entitled, referred, used] = reached(0) as number[];
    const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}%`;
    const texts = svgTexts(svg);
    expect(texts).toContain(`${pct(referred!, entitled!)} of previous · ${pct(referred!, entitled!)} of first`);
    expect(texts).toContain(`${pct(used!, referred!)} of previous · ${pct(used!, entitled!)} of first`);
    // Male's referred step is hidden, so its entitled and referred bars are too; service used is shown.
    expect(reached(1)).toEqual([null, null, 120]);
    expect(texts).toContain('[c] of previous · [c] of first');
  });

  it('draws the same funnels on screen, one per sex, and a click names the step and the sex', () => {
    const figure = plotlyFigure(result, 'funnel', { labelOf, valueLabel: 'Records' });
    const traces = (figure?.data ?? []) as Array<{
      name?: string;
      x?: Array<number | null>;
      customdata?: Array<{ row: string[]; col: string[] }>;
    }>;
    expect(traces.map((t) => t.name)).toEqual(['Female', 'Male']);
    traces.forEach((trace, c) => {
      expect(trace.x).toEqual(reached(c));
      expect(trace.customdata).toEqual(SERVICES_STEPS.slice(1).map((step) => ({ row: [step], col: [SEXES[c]] })));
    });
  });
});
