// A saved rate figure on a real encrypted workspace: victims imported from a generated extract,
// the sample population table imported as the denominator, the figure exported as SVG through
// the API. Every bar drawn must be the extract's own count of its cell, counted here from the
// CSV, over the population table's residents of that district and sex (summed here from its
// CSV), times 1,000; suppressed cells are [c] and draw no bar.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import jStat from 'jstat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartModel } from '../../../shared/chartModel.ts';
import { POPULATION_SAMPLE_PATH } from '../../../src-main/sample/generator/population.ts';
import { parseSvg, svgTexts } from '../export/exportTestKit.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';

let world: ReportWorld;
let extract: string;

beforeAll(async () => {
  world = await openWorld();
  extract = await generated(world, 'victims', 3000, 11);
  await world.importFile('victims', extract);
  await world.dispatcher.call('population.import', { path: POPULATION_SAMPLE_PATH, name: 'Residents 2021' });
});
afterAll(async () => world?.close());

type Row = Record<string, string>;
const key = (district: string, sex: string): string => `${district}|${sex}`;

function tally(rows: Row[], value: (row: Row) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const row of rows) {
    const k = key(row.district ?? '', row.sex ?? '');
    sums.set(k, (sums.get(k) ?? 0) + value(row));
  }
  return sums;
}

const spec = {
  cohort: 'victims',
  rows: ['district'],
  cols: ['sex'],
  rate: { per: 1000, population: 'Residents 2021' },
} as const;

describe('a saved rate figure', () => {
  it('draws count / population * 1,000 from the extract and the population table, in the chart model and in the exported file', async () => {
    const counts = tally(parse(readFileSync(extract, 'utf8'), { columns: true }) as Row[], () => 1);
    const people = tally(parse(readFileSync(POPULATION_SAMPLE_PATH, 'utf8'), { columns: true }) as Row[], (r) =>
      Number(r.population),
    );
    const result = await world.dispatcher.call('engine.query', spec);
    const model = chartModel(result, { chart: 'bar', labelOf: (f) => f });
    expect(model.valueTitle).toBe('Victims per 1,000 residents');
    let compared = 0;
    model.categories.forEach((category, r) =>
      model.series.forEach((series) => {
        const population = people.get(key(category.label, series.name));
        const value = series.values[r] ?? null;
        if (population === undefined) expect(series.marks[r]).toBe('[x]');
        else if (value === null) expect(series.marks[r]).toBe('[c]');
        else {
          const count = counts.get(key(category.label, series.name)) ?? 0;
          expect(value).toBeCloseTo((count / population) * 1000, 9);
          compared += 1;
        }
      }),
    );
    expect(compared).toBeGreaterThanOrEqual(10);

    await world.dispatcher.call('figures.save', {
      figure: { name: 'Victim rate', title: 'Victim rate by district and sex', chart: 'bar', query: spec },
      overwrite: true,
    });
    const path = world.file('victim-rate.svg');
    await world.dispatcher.call('export.figure', { name: 'Victim rate', format: 'svg', path });
    const svg = readFileSync(path, 'utf8');
    expect(svgTexts(svg)).toContain('Victims per 1,000 residents');
    const rects = parseSvg(svg).getElementsByTagName('rect');
    const bars = Array.from({ length: rects.length }, (_v, i) => rects.item(i)).filter(
      (rect) => (rect?.getAttribute('data-value') ?? '') !== '',
    );
    expect(bars.length).toBe(compared);
    for (const bar of bars) {
      const cell = key(bar?.getAttribute('data-category') ?? '', bar?.getAttribute('data-series') ?? '');
      expect(Number(bar?.getAttribute('data-value'))).toBeCloseTo(
        ((counts.get(cell) ?? 0) / (people.get(cell) ?? NaN)) * 1000,
        9,
      );
    }
  });

  it('draws each rate’s 95% limits as an error bar in the exported file, with the footnote that says so', async () => {
    const counts = tally(parse(readFileSync(extract, 'utf8'), { columns: true }) as Row[], () => 1);
    const people = tally(parse(readFileSync(POPULATION_SAMPLE_PATH, 'utf8'), { columns: true }) as Row[], (r) =>
      Number(r.population),
    );
    await world.dispatcher.call('figures.save', {
      figure: {
        name: 'Rate ranges',
        title: 'Victim rate with ranges',
        chart: 'bar',
        query: { ...spec, intervals: true },
      },
      overwrite: true,
    });
    const path = world.file('victim-rate-ranges.svg');
    await world.dispatcher.call('export.figure', { name: 'Rate ranges', format: 'svg', path });
    const svg = readFileSync(path, 'utf8');
    expect(svgTexts(svg).join(' ')).toContain('Error bars show 95% confidence intervals');
    const paths = parseSvg(svg).getElementsByTagName('path');
    const whiskers = Array.from({ length: paths.length }, (_v, i) => paths.item(i)).filter(
      (p) => p?.getAttribute('class') === 'error-bar',
    );
    expect(whiskers.length).toBeGreaterThanOrEqual(10);
    for (const whisker of whiskers) {
      const cell = key(whisker?.getAttribute('data-category') ?? '', whisker?.getAttribute('data-series') ?? '');
      const count = counts.get(cell) ?? 0;
      const population = people.get(cell) ?? NaN;
      // By hand: exact limits from the chi-square quantiles below 10, Byar's formula from 10.
      const z = 1.959963984540054;
      const [lower, upper] =
        count < 10
          ? [count === 0 ? 0 : jStat.chisquare.inv(0.025, 2 * count) / 2, jStat.chisquare.inv(0.975, 2 * count + 2) / 2]
          : [
              count * (1 - 1 / (9 * count) - z / (3 * Math.sqrt(count))) ** 3,
              (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * Math.sqrt(count + 1))) ** 3,
            ];
      expect(Number(whisker?.getAttribute('data-lower'))).toBeCloseTo((lower / population) * 1000, 9);
      expect(Number(whisker?.getAttribute('data-upper'))).toBeCloseTo((upper / population) * 1000, 9);
    }
  });
});
