// The flow and funnel figure types on a real workspace: a saved journeys flow chart and an age
// funnel are exported to SVG, PNG and PDF files read back from disk, fill an infographic's
// chart tile, and are drawn again by a report pack after more data is imported, each time
// with the protected numbers the engine answers for the saved spec.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InfographicDoc } from '../../../shared/infographic.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { parseSvg, pdfText, pngSize } from '../export/exportTestKit.ts';
import type { FigureInput } from './figureSpecs.ts';
import { generated, openWorld, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;

const FLOW: FigureInput = {
  name: 'journeys',
  title: 'Journeys across cohorts',
  chart: 'flow',
  query: { cohort: 'journeys', measure: 'persons' },
};
const FUNNEL: FigureInput = {
  name: 'age funnel',
  title: 'Victims by age band',
  chart: 'funnel',
  query: { cohort: 'victims', rows: ['age_band'] },
};

beforeAll(async () => {
  world = await openWorld();
  for (const cohort of ['victims', 'suspects', 'offenders'] as const)
    await world.importFile(cohort, await generated(world, cohort, 2000, 5));
  await world.dispatcher.call('figures.save', { figure: FLOW });
  await world.dispatcher.call('figures.save', { figure: FUNNEL });
  const { doc } = await world.dispatcher.call('infographic.fromTemplate', { template: 'victims', year: '2022/23' });
  let swapped = false;
  const blocks = doc.blocks.map((block) => {
    if (swapped || block.kind !== 'chart') return block;
    swapped = true;
    return { ...block, figure: 'journeys' };
  });
  expect(swapped).toBe(true);
  await world.dispatcher.call('infographics.save', {
    doc: { ...doc, blocks, name: 'Journeys page' } as InfographicDoc,
  });
  await world.dispatcher.call('reports.save', {
    report: {
      name: 'Journeys pack',
      items: [
        { kind: 'figure', name: 'journeys' },
        { kind: 'figure', name: 'age funnel' },
        { kind: 'infographic', name: 'Journeys page' },
      ],
    },
  });
}, 180_000);
afterAll(async () => world?.close());

function all(svg: string, tag: string) {
  const list = parseSvg(svg).getElementsByTagName(tag);
  return Array.from({ length: list.length }, (_v, i) => list.item(i)).filter((e) => e !== null);
}

/** The published values drawn (bands or bars with a data-value), sorted. */
function drawnValues(svg: string): number[] {
  return [...all(svg, 'path'), ...all(svg, 'rect')]
    .map((e) => e.getAttribute('data-value'))
    .filter((v): v is string => v !== null && v !== '')
    .map(Number)
    .filter((v) => v !== 0)
    .sort((a, b) => a - b);
}

/** What a chart of the protected result should draw: every published non-zero count. */
async function publishedValues(query: FigureInput['query']): Promise<number[]> {
  const result = (await world.dispatcher.call('engine.query', query)) as QueryResult;
  return result.counts
    .flat()
    .filter((v): v is number => v !== null && v !== 0)
    .sort((a, b) => a - b);
}

describe('flow and funnel figures on a real workspace', () => {
  it.each([FLOW, FUNNEL])('$name: exports SVG, PNG and PDF files with the protected numbers', async (figure) => {
    const expected = await publishedValues(figure.query);
    expect(expected.length).toBeGreaterThan(2);
    const base = world.file(figure.name.replace(/\W+/g, '-'));
    for (const format of ['svg', 'png', 'pdf'] as const)
      await world.dispatcher.call('export.figure', { name: figure.name, format, path: `${base}.${format}` });
    expect(drawnValues(readFileSync(`${base}.svg`, 'utf8'))).toEqual(expected);
    expect(pngSize(readFileSync(`${base}.png`)).width).toBeGreaterThan(900);
    expect(pdfText(`${base}.pdf`)).toContain(figure.title);
    const preview = await world.dispatcher.call('figure.previewSvg', { name: figure.name });
    expect(Buffer.from(preview.svg, 'utf8').equals(readFileSync(`${base}.svg`))).toBe(true);
  });

  it('refuses journeys of another window in the same release (they would differ by the persons between)', async () => {
    await world.dispatcher.call('figures.save', {
      figure: { ...FLOW, name: 'journeys, 10 days', query: { ...FLOW.query, journeyWindowDays: 10 } },
    });
    await world.dispatcher.call('export.figure', { name: 'journeys', format: 'svg', path: world.file('j30.svg') });
    await expect(
      world.dispatcher.call('export.figure', { name: 'journeys, 10 days', format: 'svg', path: world.file('j10.svg') }),
    ).rejects.toMatchObject({
      code: 'DISCLOSURE_REQUIRED',
      message: expect.stringMatching(/different date or number range/),
    });
  });

  it('fills an infographic tile and re-runs in a report pack on more data', async () => {
    const build = async (dir: string): Promise<{ flow: string; page: string }> => {
      const out = world.file(dir);
      const result = await world.dispatcher.call('report.build', { name: 'Journeys pack', outDir: out });
      expect(result.problems).toEqual([]);
      const path = (stem: string): string => result.files.find((f) => f.path.endsWith(`${stem}.svg`))?.path ?? '';
      return { flow: readFileSync(path('01-journeys'), 'utf8'), page: readFileSync(path('03-journeys-page'), 'utf8') };
    };
    const first = await build('pack-1');
    const before = await publishedValues(FLOW.query);
    expect(drawnValues(first.flow)).toEqual(before);
    // The tile is the same flow chart, drawn into the page.
    const tileValues = drawnValues(first.page);
    for (const value of before) expect(tileValues).toContain(value);

    await world.importFile('suspects', await generated(world, 'suspects', 3000, 9));
    // New data is a new release: within the old one its journeys would be refused as changed.
    await world.dispatcher.call('releases.start', { name: 'With more suspects' });
    const second = await build('pack-2');
    const after = await publishedValues(FLOW.query);
    expect(after).not.toEqual(before);
    expect(drawnValues(second.flow)).toEqual(after);
  });
});
