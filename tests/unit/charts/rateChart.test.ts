// A rate figure (per 1,000 residents against a population table) plots its rates, not its
// counts, in the chart types where a rate reads as a length, titled by the measure and printed
// to one decimal; stacks and donuts, which add their parts up, keep counts. Rates are checked
// against count / population * 1,000 worked out here from the table's own numbers.
import { describe, expect, it } from 'vitest';
import { chartModel, formatModelValue } from '../../../shared/chartModel.ts';
import { footnoteLines } from '../../../shared/figure.ts';
import { MARKER_FOOTNOTES } from '../../../shared/markers.ts';
import { parseQuerySpec } from '../../../shared/query.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { plotlyFigure } from '../../../src-renderer/charts/plotlyFigure.ts';
import { plainFromPlotly } from '../../../src-renderer/charts/plotlyText.ts';
import { parseSvg, svgTexts } from '../export/exportTestKit.ts';
import { labelOf } from '../export/fixtureTables.ts';
import { districtSexRates } from './rateTables.ts';

describe('a rate figure', () => {
  const table = districtSexRates();
  const model = chartModel(table.result, { chart: 'bar', labelOf, valueLabel: 'Rate per 1,000 residents' });

  it('plots count / population * 1,000 in a bar chart, [c] where suppressed and [x] with no population', () => {
    expect(model.rate).toBe(true);
    expect(model.valueTitle).toBe('Victims per 1,000 residents');
    model.categories.forEach((category, r) => {
      model.series.forEach((series, c) => {
        const count = table.counts[r]?.[c] ?? 0;
        const people = table.population[r]?.[c] ?? null;
        const value = series.values[r] ?? null;
        if (people === null) {
          expect([category.label, value, series.marks[r]]).toEqual([category.label, null, '[x]']);
        } else if (count < 5) {
          expect([category.label, value, series.marks[r]]).toEqual([category.label, null, '[c]']);
        } else {
          expect(value).toBeCloseTo((count * 1000) / people, 9);
          expect(series.marks[r]).toBeNull();
        }
      });
    });
  });

  it('prints rates to one decimal, a whole rate too', () => {
    expect(formatModelValue(model, 11.0628)).toBe('11.1');
    expect(formatModelValue(model, 2)).toBe('2.0');
    expect(formatModelValue({ percent: false, rate: false }, 2)).toBe('2');
  });

  it('keeps counts in stacks and donuts, titled as counts', () => {
    for (const chart of ['stacked', 'stacked100', 'donut'] as const) {
      const counts = chartModel(table.result, { chart, labelOf, valueLabel: 'Rate per 1,000 residents' });
      expect(counts.rate).toBe(false);
      expect(counts.valueTitle).toMatch(/^(Records|% of District)$/);
    }
    const stacked = chartModel(table.result, { chart: 'stacked', labelOf });
    expect(stacked.series[0]?.values[0]).toBe(table.counts[0]?.[0]);
  });

  it('hovers on screen with the rate to one decimal', () => {
    const figure = plotlyFigure(table.result, 'bar', { labelOf, valueLabel: 'Rate per 1,000 residents' });
    const female = figure?.data.find((t) => t.name === 'Female') as { hovertext: string[]; y: number[] };
    const expected = (((table.counts[0]?.[0] ?? 0) * 1000) / (table.population[0]?.[0] ?? 1)).toFixed(1);
    expect(plainFromPlotly(female.hovertext[0] ?? '')).toBe(`Cambridge · Female: ${expected}`);
    expect(female.y[0]).toBeCloseTo(Number(expected), 1);
  });

  it('draws the rates in the SVG with the [x] footnote, bars as long as rates', () => {
    const svg = renderChartSvg(
      table.result,
      { chart: 'bar', title: 'Victim rate' },
      {
        width: 960,
        height: 600,
        labelOf,
        footnote: ['Footnote.'],
      },
    );
    const texts = svgTexts(svg);
    expect(texts).toContain('Victims per 1,000 residents');
    expect(texts.join(' ')).toContain(MARKER_FOOTNOTES['[x]']);
    const doc = parseSvg(svg);
    const rects = doc.getElementsByTagName('rect');
    const values = Array.from({ length: rects.length }, (_v, i) => rects.item(i)?.getAttribute('data-value') ?? '')
      .filter((v) => v !== '')
      .map(Number);
    const largestRate = Math.max(...values);
    // The tallest bar is a rate (about 11 per 1,000), far below the largest count (1,210).
    expect(largestRate).toBeCloseTo((1_210 * 1000) / 108_100, 9);
    expect(values).not.toContain(1_210);
  });
});

describe('a rate figure’s footnote', () => {
  it('names the rate and the population table it is taken over', () => {
    const spec = parseQuerySpec({
      cohort: 'victims',
      rows: ['district'],
      rate: { per: 1000, population: 'Residents 2021' },
    });
    expect(footnoteLines(spec, labelOf, null)[0]).toBe(
      'Victims, records per 1,000 residents (population table “Residents 2021”). Period: All dates in the workspace.',
    );
    expect(footnoteLines({ ...spec, rate: undefined }, labelOf, null)[0]).toBe(
      'Victims, records. Period: All dates in the workspace.',
    );
  });
});
