// The needs together (heatmap) figure on a real workspace: saved and reopened with its spec,
// exported to SVG, PNG, PDF, CSV and XLSX files read back from disk, filling an infographic's
// chart tile, and drawn again by a report pack after more data is imported, each time with the
// protected matrix the engine answers for the saved spec; the register holds the tables the
// matrix was read from.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InfographicDoc } from '../../../shared/infographic.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { openRelease, publicationsOf } from '../../../src-main/store/publications.ts';
import { parseSvg, pdfText, pngSize } from '../export/exportTestKit.ts';
import type { FigureInput } from './figureSpecs.ts';
import { generated, openWorld, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;

const TOGETHER: FigureInput = {
  name: 'needs together',
  title: 'Offender needs together',
  chart: 'heatmap',
  query: { cohort: 'needs', measure: 'persons' },
};

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('offenders', await generated(world, 'offenders', 1500, 5));
  await world.dispatcher.call('figures.save', { figure: TOGETHER });
  const { doc } = await world.dispatcher.call('infographic.fromTemplate', { template: 'offenders', year: '2022/23' });
  let swapped = false;
  const blocks = doc.blocks.map((block) => {
    if (swapped || block.kind !== 'chart') return block;
    swapped = true;
    return { ...block, figure: TOGETHER.name };
  });
  expect(swapped).toBe(true);
  await world.dispatcher.call('infographics.save', { doc: { ...doc, blocks, name: 'Needs page' } as InfographicDoc });
  await world.dispatcher.call('reports.save', {
    report: {
      name: 'Needs pack',
      items: [
        { kind: 'figure', name: TOGETHER.name },
        { kind: 'infographic', name: 'Needs page' },
      ],
    },
  });
}, 300_000);
afterAll(async () => world?.close());

/** The published values the squares draw, sorted. */
function drawnValues(svg: string): number[] {
  const list = parseSvg(svg).getElementsByTagName('rect');
  const values: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const v = list.item(i)?.getAttribute('data-value');
    if (v !== null && v !== undefined && v !== '') values.push(Number(v));
  }
  return values.sort((a, b) => a - b);
}

async function published(): Promise<QueryResult> {
  return (await world.dispatcher.call('engine.query', TOGETHER.query)) as QueryResult;
}

const sortedCells = (result: QueryResult): number[] =>
  result.counts
    .flat()
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);

describe('the needs together figure on a real workspace', () => {
  it('reopens with its chart and spec', async () => {
    const { figure } = await world.dispatcher.call('figures.get', { name: TOGETHER.name });
    expect(figure.chart).toBe('heatmap');
    expect(figure.query).toMatchObject({ cohort: 'needs', measure: 'persons' });
  });

  it('exports SVG, PNG, PDF, CSV and XLSX with the protected matrix, and records its tables', async () => {
    const result = await published();
    const expected = sortedCells(result);
    expect(expected.length).toBeGreaterThan(50);
    const base = world.file('needs-together');
    for (const format of ['svg', 'png', 'pdf', 'csv', 'xlsx'] as const)
      await world.dispatcher.call('export.figure', { name: TOGETHER.name, format, path: `${base}.${format}` });
    const svg = readFileSync(`${base}.svg`, 'utf8');
    expect(drawnValues(svg)).toEqual(expected);
    expect(svg).toContain('cells do not add up');
    expect(pngSize(readFileSync(`${base}.png`)).width).toBeGreaterThan(900);
    expect(pdfText(`${base}.pdf`)).toContain(TOGETHER.title);
    const csv = readFileSync(`${base}.csv`, 'utf8');
    for (const need of ['Accommodation', 'Drugs', 'Thinking and behaviour']) expect(csv).toContain(need);
    expect(readFileSync(`${base}.xlsx`).subarray(0, 2).toString('latin1')).toBe('PK');
    const preview = await world.dispatcher.call('figure.previewSvg', { name: TOGETHER.name });
    expect(Buffer.from(preview.svg, 'utf8').equals(readFileSync(`${base}.svg`))).toBe(true);

    // The register holds the tables the matrix is read from, each as the offenders table it is.
    const db = world.services.session.current().db;
    const tables = publicationsOf(db, openRelease(db)!.id).flatMap((p) => p.tables);
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.every((t) => t.spec.cohort === 'offenders' && t.spec.measure === 'persons')).toBe(true);
    // The screen, after the release published them, shows what the exports printed.
    expect(sortedCells(await published())).toEqual(expected);
  }, 300_000);

  it('fills an infographic tile and re-runs in a report pack on more data', async () => {
    const build = async (dir: string): Promise<{ figure: string; page: string }> => {
      const result = await world.dispatcher.call('report.build', { name: 'Needs pack', outDir: world.file(dir) });
      expect(result.problems).toEqual([]);
      const path = (stem: string): string => result.files.find((f) => f.path.endsWith(`${stem}.svg`))?.path ?? '';
      return {
        figure: readFileSync(path('01-needs-together'), 'utf8'),
        page: readFileSync(path('02-needs-page'), 'utf8'),
      };
    };
    const first = await build('pack-1');
    const before = sortedCells(await published());
    expect(drawnValues(first.figure)).toEqual(before);
    const tile = drawnValues(first.page);
    for (const value of before) expect(tile).toContain(value);

    await world.importFile('offenders', await generated(world, 'offenders', 1500, 9));
    await world.dispatcher.call('releases.start', { name: 'With more offenders' });
    const second = await build('pack-2');
    const after = sortedCells(await published());
    expect(after).not.toEqual(before);
    expect(drawnValues(second.figure)).toEqual(after);
  }, 300_000);
});
