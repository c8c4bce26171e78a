// An infographic tile that plots percentages with intervals by financial year says what its
// whiskers and change marks are, as the figure's own export does: the saved infographic is
// exported through the API as SVG and PDF on a real encrypted workspace of generated victims,
// and the files are read back. The footer carries the error-bar line (Wilson 95%) and the
// change-mark line (▲ ▼) word for word as the same figure's exported footnote does, where the
// tile draws them; a tile without intervals carries neither, and a top-N tile (no longer a run
// of years, so unmarked) carries the error-bar line alone.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../shared/query.ts';
import { parseSvg, pdfText, svgTexts, type XmlElement } from './exportTestKit.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';

let world: ReportWorld;

const SPEC = {
  cohort: 'victims',
  rows: ['financial_year'],
  cols: ['sex'],
  percent: 'row',
  intervals: true,
} as const;
const FIGURE = { name: 'shares by year', title: 'Victims by year, % of each year by sex', chart: 'bar', query: SPEC };
const AT = { col: 0, row: 0, colSpan: 12, rowSpan: 12 };

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 4000, 7));
  await world.dispatcher.call('figures.save', { figure: FIGURE, overwrite: true });
  const docs = [
    { name: 'Shares', blocks: [{ kind: 'chart', at: AT, figure: FIGURE }] },
    {
      name: 'Shares plain',
      blocks: [{ kind: 'chart', at: AT, figure: { ...FIGURE, query: { ...SPEC, intervals: false } } }],
    },
    { name: 'Top shares', blocks: [{ kind: 'chart', at: AT, figure: FIGURE, top: 3 }] },
  ];
  for (const doc of docs) await world.dispatcher.call('infographics.save', { doc, overwrite: true });
}, 300_000);
afterAll(async () => world?.close());

/** The elements of a tag whose class list holds `className`. */
function withClass(svg: string, tag: string, className: string): XmlElement[] {
  const list = parseSvg(svg).getElementsByTagName(tag);
  return Array.from({ length: list.length }, (_v, i) => list.item(i) as XmlElement).filter((e) =>
    (e.getAttribute('class') ?? '').split(' ').includes(className),
  );
}

/** Text with its line breaks and runs of spaces made single spaces (footers wrap). */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

async function exported(name: string, format: 'svg' | 'pdf'): Promise<string> {
  const path = world.file(`${name.replace(/ /g, '-')}.${format}`);
  const { warnings } = await world.dispatcher.call('export.infographic', { name, format, path });
  // Nothing cut: the footer holds its new lines whole.
  expect(warnings).toEqual([]);
  return path;
}

describe('the footer of an infographic with a percentage tile', () => {
  it('carries the figure’s error-bar and change-mark lines where the tile draws them', async () => {
    const result = (await world.dispatcher.call('engine.query', SPEC)) as QueryResult;
    const [intervalNote] = result.intervals?.notes ?? [];
    const changeNote = result.changes?.note;
    expect(result.changes?.of).toBe('percents');
    expect(intervalNote).toBeDefined();
    expect(changeNote).toBeDefined();
    const errorLine = `Error bars show 95% confidence intervals. ${intervalNote!}`;

    // The same figure exported on its own: the lines a figure's footnote carries.
    const figurePdf = world.file('figure.pdf');
    await world.dispatcher.call('export.figure', { name: FIGURE.name, format: 'pdf', path: figurePdf });
    const figureText = flat(pdfText(figurePdf));
    expect(figureText).toContain(flat(errorLine));

    const svg = readFileSync(await exported('Shares', 'svg'), 'utf8');
    const footer = flat(svgTexts(svg).join(' '));
    expect(footer).toContain(flat(errorLine));
    expect(footer).toContain(flat(changeNote!));
    // What the lines describe is drawn: each whisker at its share's limits, the same whiskers
    // as the figure's own SVG (an empty series is drawn by neither), and each marked change.
    const figureSvg = world.file('figure.svg');
    await world.dispatcher.call('export.figure', { name: FIGURE.name, format: 'svg', path: figureSvg });
    const whiskersOf = (file: string): string[] =>
      withClass(file, 'path', 'error-bar').map((w) => {
        const series = w.getAttribute('data-series')!;
        const category = w.getAttribute('data-category')!;
        const r = result.rows.keys.findIndex(([year]) => year === category);
        const c = result.cols.keys.findIndex(([sex]) => sex === series);
        expect(Number(w.getAttribute('data-lower'))).toBeCloseTo(result.intervals!.percents!.lower[r]![c]!, 9);
        expect(Number(w.getAttribute('data-upper'))).toBeCloseTo(result.intervals!.percents!.upper[r]![c]!, 9);
        return `${series} ${category}`;
      });
    const whiskers = whiskersOf(svg);
    expect(whiskers.length).toBeGreaterThanOrEqual(result.rows.keys.length * 2);
    expect(whiskers).toEqual(whiskersOf(readFileSync(figureSvg, 'utf8')));
    const marked = result.changes!.flags.flat().filter((f) => f === 'up' || f === 'down').length;
    expect(withClass(svg, 'text', 'change-mark').length).toBe(marked);

    const pdf = flat(pdfText(await exported('Shares', 'pdf')));
    expect(pdf).toContain(flat(errorLine));
    // pdftotext may drop the marks themselves; the words after them are the test.
    expect(pdf).toContain(flat(changeNote!.replace(/^▲ ▼ /, '')));
  });

  it('carries neither line for a tile without intervals, and no change line for a top-N tile', async () => {
    const plain = flat(svgTexts(readFileSync(await exported('Shares plain', 'svg'), 'utf8')).join(' '));
    expect(plain).not.toContain('Error bars');
    expect(plain).not.toContain('more than chance');
    const top = readFileSync(await exported('Top shares', 'svg'), 'utf8');
    const topText = flat(svgTexts(top).join(' '));
    expect(topText).toContain('Error bars show 95% confidence intervals.');
    expect(topText).not.toContain('more than chance');
    expect(withClass(top, 'text', 'change-mark')).toEqual([]);
  });
});
