// The analyses of a needs assessment as figures on a real encrypted workspace: repeat
// victimisation (records by district, repeats within the window or not), proven reoffending by number
// of needs (row percentages with intervals), the most common combinations of needs and the
// victims' services funnel by sex are saved, reopen as saved, export as SVG, fill an infographic's
// tiles and are drawn by a report pack; after next year's victims and offenders are imported
// (the records of a generated file's last year moved one year on) the pack, in a new release,
// draws the new numbers. Every count drawn is a true count of the engine's unprotected table
// (nothing is altered, only hidden), the pack draws what an export of the same figure in the
// same release draws, and the tiles draw the same numbers.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InfographicDoc } from '../../../shared/infographic.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { parseSvg } from '../export/exportTestKit.ts';
import type { FigureInput } from './figureSpecs.ts';
import { generated, nextYearExtract, openWorld, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;

const FIGURES: FigureInput[] = [
  {
    name: 'repeat victimisation',
    title: 'Victimisations by district, repeats within 12 months',
    chart: 'bar',
    query: { cohort: 'victims', rows: ['district'], cols: ['repeat_record'] },
  },
  {
    name: 'reoffending by needs',
    title: 'Proven reoffending by number of needs',
    chart: 'bar',
    query: { cohort: 'offenders', rows: ['needs_count'], cols: ['reoffended'], percent: 'row', intervals: true },
  },
  {
    name: 'needs combinations',
    title: 'The most common combinations of needs',
    chart: 'combinations',
    query: { cohort: 'offenders', rows: ['needs_combination'], measure: 'persons' },
  },
  {
    name: 'services funnel',
    title: 'Victims’ services by sex: entitled, referred, used',
    chart: 'funnel',
    query: { cohort: 'victims', rows: ['services_step'], cols: ['sex'] },
  },
];
/** Figures whose bars are counts (the others draw percentages or sums of steps). */
const COUNTED = ['repeat victimisation', 'needs combinations'];

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 31));
  await world.importFile('offenders', await generated(world, 'offenders', 2000, 32));
  for (const figure of FIGURES) await world.dispatcher.call('figures.save', { figure });
  const blocks = FIGURES.map((f, i) => ({
    kind: 'chart',
    at: { col: (i % 2) * 6, row: Math.floor(i / 2) * 8, colSpan: 6, rowSpan: 8 },
    figure: f.name,
  }));
  await world.dispatcher.call('infographics.save', {
    doc: { name: 'Analyses page', blocks } as unknown as InfographicDoc,
  });
  await world.dispatcher.call('reports.save', {
    report: {
      name: 'Analyses pack',
      items: [
        ...FIGURES.map((f) => ({ kind: 'figure' as const, name: f.name })),
        { kind: 'infographic', name: 'Analyses page' },
      ],
    },
  });
}, 300_000);
afterAll(async () => world?.close());

function all(svg: string, tag: string) {
  const list = parseSvg(svg).getElementsByTagName(tag);
  return Array.from({ length: list.length }, (_v, i) => list.item(i)).filter((e) => e !== null);
}

/** The values drawn (bars, bands and slices with a data-value), sorted. */
function drawnValues(svg: string): number[] {
  return [...all(svg, 'path'), ...all(svg, 'rect')]
    .map((e) => e.getAttribute('data-value'))
    .filter((v): v is string => v !== null && v !== '')
    .map(Number)
    .sort((a, b) => a - b);
}

/** Builds the pack into a folder: each figure's SVG by name, and the page's. */
async function buildPack(dir: string): Promise<{ figures: Map<string, string>; page: string }> {
  const result = await world.dispatcher.call('report.build', { name: 'Analyses pack', outDir: world.file(dir) });
  expect(result.problems).toEqual([]);
  const svgOf = (index: number): string => {
    const prefix = `${String(index + 1).padStart(2, '0')}-`;
    const file = result.files.find((f) => f.path.split(/[\\/]/).pop()?.startsWith(prefix) && f.path.endsWith('.svg'));
    expect(file, prefix).toBeDefined();
    return readFileSync(file!.path, 'utf8');
  };
  return { figures: new Map(FIGURES.map((f, i) => [f.name, svgOf(i)])), page: svgOf(FIGURES.length) };
}

/** Every count of the engine's table without disclosure control: what a drawn count may be. */
async function trueCounts(figure: FigureInput): Promise<Set<number>> {
  const raw = (await world.dispatcher.call('engine.query', { ...figure.query, disclosure: null })) as QueryResult;
  return new Set(raw.counts.flat().filter((v): v is number => v !== null));
}

async function checkPack(dir: string): Promise<Map<string, number[]>> {
  const pack = await buildPack(dir);
  const drawn = new Map<string, number[]>();
  const pageValues = drawnValues(pack.page);
  for (const figure of FIGURES) {
    const values = drawnValues(pack.figures.get(figure.name)!);
    expect(values.filter((v) => v > 0).length, figure.name).toBeGreaterThan(2);
    // An export of the same figure in the same release draws the same numbers.
    const path = world.file(`${dir}-${figure.name.replace(/\W+/g, '-')}.svg`);
    await world.dispatcher.call('export.figure', { name: figure.name, format: 'svg', path });
    expect(drawnValues(readFileSync(path, 'utf8')), figure.name).toEqual(values);
    // The tile draws them too.
    for (const value of values.filter((v) => v > 0)) expect(pageValues, figure.name).toContain(value);
    if (COUNTED.includes(figure.name)) {
      const counts = await trueCounts(figure);
      for (const value of values) expect(counts.has(value), `${figure.name}: ${value}`).toBe(true);
    }
    drawn.set(figure.name, values);
  }
  return drawn;
}

describe('the analyses as figure types', () => {
  it('reopen as saved', async () => {
    for (const figure of FIGURES) {
      const saved = await world.dispatcher.call('figures.get', { name: figure.name });
      expect(saved.figure).toMatchObject({ name: figure.name, chart: figure.chart, query: figure.query });
    }
  });

  it('export, fill tiles and re-run in a report pack on next year’s data', async () => {
    const before = await checkPack('pack-1');

    for (const [cohort, seed] of [
      ['victims', 41],
      ['offenders', 42],
    ] as const) {
      const source = await generated(world, cohort, 3000, seed);
      const moved = nextYearExtract(source, '2022/23', world.file(`${cohort}-2023-24.csv`));
      expect(moved).toBeGreaterThan(100);
      expect(await world.importFile(cohort, world.file(`${cohort}-2023-24.csv`))).toBe(moved);
    }
    await world.dispatcher.call('releases.start', { name: 'Needs assessment 2023/24' });
    const after = await checkPack('pack-2');
    for (const figure of FIGURES) expect(after.get(figure.name), figure.name).not.toEqual(before.get(figure.name));
  }, 600_000);
});
