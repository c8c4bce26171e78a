// Stacks and donuts of a percentage figure on a real encrypted workspace: victims imported from a
// generated extract, saved figures exported through the API as SVG and read back. Each stacked
// segment and each slice is the published percentage of its cell, and the extract's own count
// over its whole (counted here from the CSV) where that is published; a share of a hidden count
// is not drawn and reads [c], what the hidden shares hold together is one hatched share that
// fills the stack to 100%; no segment carries a whisker, and the footnote says the intervals
// are in the table.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../shared/query.ts';
import { parseSvg, svgTexts, type XmlElement } from '../export/exportTestKit.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';

let world: ReportWorld;
let extract: Array<Record<string, string>>;

// One district's victims by offence group and sex: enough small cells for some to be hidden.
const DISTRICT = 'Huntingdonshire';
const BASE = {
  cohort: 'victims',
  filters: [{ field: 'district', in: [DISTRICT] }],
  rows: ['offence_group'],
  cols: ['sex'],
  intervals: true,
} as const;
const FIGURES = {
  'stack of columns': { chart: 'stacked100', query: { ...BASE, percent: 'col' } },
  'stack of rows': { chart: 'stacked', query: { ...BASE, percent: 'row' } },
  'donut of shares': { chart: 'donut', query: { ...BASE, cols: [], percent: 'col' } },
} as const;

beforeAll(async () => {
  world = await openWorld();
  const path = await generated(world, 'victims', 3000, 11);
  const rows = parse(readFileSync(path, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
  extract = rows.filter((r) => r.district === DISTRICT);
  await world.importFile('victims', path);
  for (const [name, { chart, query }] of Object.entries(FIGURES))
    await world.dispatcher.call('figures.save', {
      figure: { name, title: `Victims: ${name}`, chart, query },
      overwrite: true,
    });
}, 120_000);
afterAll(async () => world?.close());

const countOf = (test: (r: Record<string, string>) => boolean): number => extract.filter(test).length;

/** The figure as published in a release of its own, so that it is protected as the query is. */
async function exportedSvg(name: string): Promise<string> {
  await world.dispatcher.call('releases.start', { name: `Only ${name}` });
  const path = world.file(`${name.replace(/ /g, '-')}.svg`);
  await world.dispatcher.call('export.figure', { name, format: 'svg', path });
  return readFileSync(path, 'utf8');
}

function elements(svg: string, tag: string): XmlElement[] {
  const list = parseSvg(svg).getElementsByTagName(tag);
  return Array.from({ length: list.length }, (_v, i) => list.item(i) as XmlElement);
}

/** Every drawn segment: `category|series` to its value. */
function segments(svg: string, tag: 'rect' | 'path'): Map<string, number> {
  const drawn = new Map<string, number>();
  for (const e of elements(svg, tag)) {
    const value = e.getAttribute('data-value') ?? '';
    if (value === '') continue;
    drawn.set(`${e.getAttribute('data-category') ?? ''}|${e.getAttribute('data-series') ?? ''}`, Number(value));
  }
  return drawn;
}

describe('stacks and donuts of a percentage figure', () => {
  for (const [name, kind] of [
    ['stack of columns', 'col'],
    ['stack of rows', 'row'],
  ] as const) {
    it(`draws the published ${kind} percentages as the ${name}, [c] where hidden`, async () => {
      const query = FIGURES[name].query;
      const result = (await world.dispatcher.call('engine.query', query)) as QueryResult;
      expect(result.suppressed.length).toBeGreaterThan(0);
      const svg = await exportedSvg(name);
      const drawn = segments(svg, 'rect');
      const hatched = new Map([...drawn].filter(([key]) => key.endsWith('|[c] suppressed')));
      let compared = 0;
      const wholes = kind === 'col' ? result.cols.keys : result.rows.keys;
      wholes.forEach(([whole], w) => {
        const denominator = kind === 'col' ? result.colTotals[w] : result.rowTotals[w];
        if (denominator === 0) return;
        let shown = 0;
        let hidden = 0;
        (kind === 'col' ? result.rows.keys : result.cols.keys).forEach(([part], p) => {
          const [r, c] = kind === 'col' ? [p, w] : [w, p];
          // A part with no victims at all is not drawn (as in the counts' chart).
          if ((kind === 'col' ? result.rowTotals[r] : result.colTotals[c]) === 0) return;
          const value = drawn.get(`${whole}|${part}`);
          const published = result.percents?.[r]?.[c] ?? null;
          if (published === null) {
            expect(value).toBeUndefined();
            hidden += 1;
            return;
          }
          expect(value).toBeCloseTo(published, 9);
          shown += published;
          // The same share counted from the extract, where its count and its whole are published.
          const [group, sex] = [result.rows.keys[r]![0], result.cols.keys[c]![0]];
          const x = countOf((v) => v.offence_group === group && v.sex === sex);
          const n = kind === 'col' ? countOf((v) => v.sex === sex) : countOf((v) => v.offence_group === group);
          if (result.counts[r]?.[c] === x && x > 0) {
            expect(published).toBeCloseTo((100 * x) / n, 9);
            compared += 1;
          }
        });
        // The hidden shares together: one hatched share that fills the stack to 100%.
        if (hidden > 0 && denominator !== null)
          expect(hatched.get(`${whole}|[c] suppressed`)).toBeCloseTo(100 - shown, 9);
        if (hidden === 0) expect(hatched.has(`${whole}|[c] suppressed`)).toBe(false);
      });
      expect(compared).toBeGreaterThanOrEqual(8);
      const texts = svgTexts(svg).join(' ');
      expect(texts).toContain('[c]');
      expect(elements(svg, 'path').filter((p) => p.getAttribute('class') === 'error-bar')).toEqual([]);
      expect(texts.replace(/\s+/g, ' ')).toContain('confidence intervals of these percentages are in the table');
    });
  }

  it('draws a donut of each offence group’s share of all victims, as published', async () => {
    const query = FIGURES['donut of shares'].query;
    const result = (await world.dispatcher.call('engine.query', query)) as QueryResult;
    const svg = await exportedSvg('donut of shares');
    const slices = [...segments(svg, 'path')];
    let compared = 0;
    result.rows.keys.forEach(([group], r) => {
      const published = result.percents?.[r]?.[0] ?? null;
      const slice = slices.find(([key]) => key.startsWith(`${group}|`))?.[1];
      if (published === null || published === 0) {
        expect(slice).toBeUndefined();
        return;
      }
      expect(slice).toBeCloseTo(published, 9);
      expect(published).toBeCloseTo((100 * countOf((v) => v.offence_group === group)) / extract.length, 9);
      compared += 1;
    });
    expect(compared).toBeGreaterThanOrEqual(4);
    // The legend gives shares, not counts; the ring's middle prints no count.
    const texts = svgTexts(svg);
    expect(texts.some((t) => /: \d+\.\d%$/.test(t))).toBe(true);
    expect(texts).not.toContain(String(result.total));
  });
});
