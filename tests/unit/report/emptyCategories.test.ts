// A saved figure's "Show empty categories" through the real dispatcher on a real encrypted
// workspace: the exported SVG file (and its preview, the same file) draws the categories and
// series whose total is zero when the figure keeps them, and only the others when it does not.
// Which ones are empty is read from the engine's own result for the same spec.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuerySpecInput } from '../../../shared/query.ts';
import { parseSvg } from '../export/exportTestKit.ts';
import { generated, openWorld, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;

// Fenland filtered out: its row counts zero, as do the Unknown district and the Unknown sex.
const QUERY: QuerySpecInput = {
  cohort: 'victims',
  rows: ['district'],
  cols: ['sex'],
  filters: [{ kind: 'notIn', field: 'district', notIn: ['Fenland'] }],
};

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 4000, 5));
  for (const keepEmpty of [true, false])
    await world.dispatcher.call('figures.save', {
      figure: { name: `kept-${keepEmpty}`, title: 'Victims by district', chart: 'bar', keepEmpty, query: QUERY },
      overwrite: true,
    });
});
afterAll(async () => world?.close());

/** The category labels and series an SVG draws. */
function drawn(svg: string): { categories: string[]; series: string[] } {
  const doc = parseSvg(svg);
  const groups = doc.getElementsByTagName('g');
  const categories: string[] = [];
  for (let i = 0; i < groups.length; i += 1) {
    const g = groups.item(i);
    if (g?.getAttribute('class') === 'category-label') categories.push(g.getAttribute('data-category') ?? '');
  }
  const rects = doc.getElementsByTagName('rect');
  const series = new Set<string>();
  for (let i = 0; i < rects.length; i += 1) {
    const name = rects.item(i)?.getAttribute('data-series');
    if (name) series.add(name);
  }
  return { categories, series: [...series] };
}

describe('a saved figure’s empty categories in its export', () => {
  it.each([true, false])('keepEmpty %s: the SVG draws exactly the categories the choice asks for', async (keep) => {
    const result = await world.dispatcher.call('engine.query', QUERY);
    const rows = result.rows.keys.map((k) => k.join(' / '));
    const emptyRows = rows.filter((_r, i) => result.rowTotals[i] === 0);
    const cols = result.cols.keys.map((k) => k.join(' / '));
    const emptyCols = cols.filter((_c, j) => result.colTotals[j] === 0);
    expect(emptyRows).toContain('Fenland');
    expect(emptyCols.length).toBeGreaterThan(0);

    const name = `kept-${keep}`;
    const path = world.file(`${name}.svg`);
    await world.dispatcher.call('export.figure', { name, format: 'svg', path });
    const file = readFileSync(path, 'utf8');
    const preview = await world.dispatcher.call('figure.previewSvg', { name });
    expect(preview.svg).toBe(file);

    const { categories, series } = drawn(file);
    expect(categories).toEqual(keep ? rows : rows.filter((r) => !emptyRows.includes(r)));
    expect(series.sort()).toEqual((keep ? cols : cols.filter((c) => !emptyCols.includes(c))).sort());
  });

  it('reopens with the choice it was saved with; a figure saved without one keeps it off', async () => {
    expect((await world.dispatcher.call('figures.get', { name: 'kept-true' })).figure.keepEmpty).toBe(true);
    await world.dispatcher.call('figures.save', {
      figure: { name: 'older', title: 'Older', chart: 'bar', query: QUERY },
      overwrite: true,
    });
    expect((await world.dispatcher.call('figures.get', { name: 'older' })).figure.keepEmpty).toBe(false);
  });
});
