// Time to outcome as a saved figure on a real workspace: suspects with outcome dates imported
// from generated extracts, a figure of the median and quartiles of days to outcome by offence
// group and sex saved, exported to SVG, PNG and PDF files read back from disk (the preview is
// the SVG file byte for byte), drawn into an infographic tile, and drawn again by a report pack
// after next year's suspects are imported. Every range drawn is checked against the quartiles
// of the extracts' own rows (jStat's type-7 percentile), and every cell too small to show
// against its records and persons counted from the same rows.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import jStat from 'jstat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeFigureQuery, TimeToOutcomeSpecSchema } from '../../../shared/contract/outcomes.ts';
import type { InfographicDoc } from '../../../shared/infographic.ts';
import { parseSvg, pdfText, pngSize } from '../export/exportTestKit.ts';
import type { FigureInput } from './figureSpecs.ts';
import { generated, openWorld, type ReportWorld } from './reportTestKit.ts';

const percentile = (jStat as unknown as { percentile(values: number[], k: number): number }).percentile;
const THRESHOLD = 5;

let world: ReportWorld;
const extracts: string[] = [];

const OUTCOME: FigureInput = {
  name: 'days to outcome',
  title: 'Days from offence to outcome',
  chart: 'outcome',
  query: outcomeFigureQuery(
    TimeToOutcomeSpecSchema.parse({ rows: ['offence_group'], cols: ['sex'], disclosure: { threshold: THRESHOLD } }),
  ),
};

interface Cell {
  days: number[];
  persons: Set<string>;
}

/** Per "offence group|sex", the days from offence to outcome of the extracts' rows, and their persons. */
function cellsOf(paths: readonly string[]): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  for (const path of paths) {
    const rows = parse(readFileSync(path, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
    for (const row of rows) {
      const from = row.date ?? '';
      const to = row.outcome_date ?? '';
      if (from === '' || to === '' || to < from) continue;
      const key = `${row.offence_group}|${row.sex}`;
      const cell = cells.get(key) ?? { days: [], persons: new Set<string>() };
      cell.days.push(day(to) - day(from));
      cell.persons.add(row.person_ref ?? '');
      cells.set(key, cell);
    }
  }
  return cells;
}

interface Drawn {
  key: string;
  q1: number;
  median: number;
  q3: number;
}

function drawnRanges(svg: string): Drawn[] {
  const groups = parseSvg(svg).getElementsByTagName('g');
  const out: Drawn[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups.item(i);
    if (g?.getAttribute('class') !== 'range') continue;
    out.push({
      key: `${g.getAttribute('data-category')}|${g.getAttribute('data-series')}`,
      q1: Number(g.getAttribute('data-q1')),
      median: Number(g.getAttribute('data-median')),
      q3: Number(g.getAttribute('data-q3')),
    });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

function marked(svg: string): string[] {
  const texts = parseSvg(svg).getElementsByTagName('text');
  const out: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const t = texts.item(i);
    if (t?.getAttribute('class') === 'mark')
      out.push(`${t.getAttribute('data-category')}|${t.getAttribute('data-series')}`);
  }
  return out;
}

/** Every drawn range is the quartiles of its cell's rows; every cell left out has too few records or persons. */
function expectRangesOf(svg: string, paths: readonly string[]): void {
  const cells = cellsOf(paths);
  const drawn = drawnRanges(svg);
  expect(drawn.length).toBeGreaterThan(3);
  for (const range of drawn) {
    const cell = cells.get(range.key);
    expect(cell, range.key).toBeDefined();
    expect(cell!.days.length).toBeGreaterThanOrEqual(THRESHOLD);
    expect(cell!.persons.size).toBeGreaterThanOrEqual(THRESHOLD);
    expect(range.q1).toBeCloseTo(percentile(cell!.days, 0.25), 9);
    expect(range.median).toBeCloseTo(percentile(cell!.days, 0.5), 9);
    expect(range.q3).toBeCloseTo(percentile(cell!.days, 0.75), 9);
  }
  const drawnKeys = new Set(drawn.map((d) => d.key));
  const marks = new Set(marked(svg));
  for (const key of cells.keys()) {
    if (drawnKeys.has(key)) continue;
    // Not drawn: it is marked, and (when small) because it is small; a larger one hides its quartiles to protect another.
    expect(marks.has(key), key).toBe(true);
  }
  const small = [...cells].filter(([, c]) => c.days.length < THRESHOLD || c.persons.size < THRESHOLD);
  for (const [key] of small) expect(drawnKeys.has(key), key).toBe(false);
}

beforeAll(async () => {
  world = await openWorld();
  extracts.push(await generated(world, 'suspects', 2500, 5));
  await world.importFile('suspects', extracts[0]!);
  await world.dispatcher.call('figures.save', { figure: OUTCOME });
  const { doc } = await world.dispatcher.call('infographic.fromTemplate', { template: 'victims', year: '2022/23' });
  let swapped = false;
  const blocks = doc.blocks.map((block) => {
    if (swapped || block.kind !== 'chart') return block;
    swapped = true;
    return { ...block, figure: OUTCOME.name };
  });
  expect(swapped).toBe(true);
  await world.dispatcher.call('infographics.save', {
    doc: { ...doc, blocks, name: 'Outcomes page' } as InfographicDoc,
  });
  await world.dispatcher.call('reports.save', {
    report: {
      name: 'Outcomes pack',
      items: [
        { kind: 'figure', name: OUTCOME.name },
        { kind: 'infographic', name: 'Outcomes page' },
      ],
    },
  });
}, 180_000);
afterAll(async () => world?.close());

describe('time to outcome as a saved figure', () => {
  it('reopens as saved, with its chart type and query', async () => {
    const { figures } = await world.dispatcher.call('figures.list', {});
    const saved = figures.find((f) => f.name === OUTCOME.name);
    expect(saved?.figure.chart).toBe('outcome');
    expect(saved?.figure.query.timeToOutcome).toBe(true);
    const result = await world.dispatcher.call('engine.query', saved!.figure.query);
    expect(result.outcomes?.cells.length).toBe(result.counts.length);
  });

  it('exports SVG, PNG and PDF files with the quartiles of the records; the preview is the SVG file', async () => {
    const base = world.file('days-to-outcome');
    for (const format of ['svg', 'png', 'pdf'] as const)
      await world.dispatcher.call('export.figure', { name: OUTCOME.name, format, path: `${base}.${format}` });
    const svg = readFileSync(`${base}.svg`, 'utf8');
    expectRangesOf(svg, extracts);
    expect(pngSize(readFileSync(`${base}.png`)).width).toBeGreaterThan(900);
    expect(pdfText(`${base}.pdf`)).toContain(OUTCOME.title);
    const preview = await world.dispatcher.call('figure.previewSvg', { name: OUTCOME.name });
    expect(Buffer.from(preview.svg, 'utf8').equals(readFileSync(`${base}.svg`))).toBe(true);
  });

  it('exports its table as CSV with the same quartiles as the chart', async () => {
    const path = world.file('days-to-outcome.csv');
    await world.dispatcher.call('export.figure', { name: OUTCOME.name, format: 'csv', path });
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    const lines = parse(text.split('\r\n\r\n')[0] ?? '', { columns: true }) as Array<Record<string, string>>;
    const drawn = new Map(drawnRanges(readFileSync(world.file('days-to-outcome.svg'), 'utf8')).map((d) => [d.key, d]));
    let compared = 0;
    for (const line of lines) {
      const range = drawn.get(`${line['Offence group']}|${line.Sex}`);
      if (range === undefined) continue;
      expect(Number(line['Median (days)'])).toBe(range.median);
      expect(Number(line['Lower quartile (days)'])).toBe(range.q1);
      expect(Number(line['Upper quartile (days)'])).toBe(range.q3);
      compared++;
    }
    expect(compared).toBe(drawn.size);
    expect(text).toContain('quartiles shown only where');
  });

  it('fills an infographic tile and re-runs in a report pack on next year’s data', async () => {
    const build = async (dir: string): Promise<{ figure: string; page: string }> => {
      const result = await world.dispatcher.call('report.build', { name: 'Outcomes pack', outDir: world.file(dir) });
      expect(result.problems).toEqual([]);
      const path = (stem: string): string => result.files.find((f) => f.path.endsWith(`${stem}.svg`))?.path ?? '';
      return {
        figure: readFileSync(path('01-days-to-outcome'), 'utf8'),
        page: readFileSync(path('02-outcomes-page'), 'utf8'),
      };
    };
    const first = await build('pack-1');
    expectRangesOf(first.figure, extracts);
    const tile = drawnRanges(first.page).map((r) => r.median);
    for (const range of drawnRanges(first.figure)) expect(tile).toContain(range.median);

    extracts.push(await generated(world, 'suspects', 2500, 9));
    await world.importFile('suspects', extracts[1]!);
    await world.dispatcher.call('releases.start', { name: 'Next year' });
    const second = await build('pack-2');
    expectRangesOf(second.figure, extracts);
    expect(drawnRanges(second.figure)).not.toEqual(drawnRanges(first.figure));
  });
});
