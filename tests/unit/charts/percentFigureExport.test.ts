// A saved percentage figure with intervals on a real encrypted workspace: victims imported from a
// generated extract, the figure exported through the API as SVG, PNG, PDF and CSV, and each file
// read back. Every bar is the extract's own count of its cell (counted here from the CSV) over
// its column's count, every whisker that count's Wilson interval worked out here a second way,
// and the CSV's limit columns say the same; hidden cells draw neither and read [c].
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import jStat from 'jstat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../shared/query.ts';
import { inkShare, parseSvg, pdfText, pngSize, svgTexts, type XmlElement } from '../export/exportTestKit.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';

let world: ReportWorld;
let extract: Array<Record<string, string>>;

// One district's victims by offence group: enough small cells for some to be hidden.
const DISTRICT = 'Huntingdonshire';
const SPEC = {
  cohort: 'victims',
  filters: [{ field: 'district', in: [DISTRICT] }],
  rows: ['offence_group'],
  cols: ['sex'],
  percent: 'col',
  intervals: true,
} as const;

beforeAll(async () => {
  world = await openWorld();
  const path = await generated(world, 'victims', 3000, 11);
  const rows = parse(readFileSync(path, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
  extract = rows.filter((r) => r.district === DISTRICT);
  await world.importFile('victims', path);
  for (const [name, query] of [
    ['shares', SPEC],
    ['shares plain', { ...SPEC, intervals: false }],
  ] as const)
    await world.dispatcher.call('figures.save', {
      figure: { name, title: 'Victims by offence group, % of each sex', chart: 'bar', query },
      overwrite: true,
    });
}, 120_000);
afterAll(async () => world?.close());

/** Wilson's limits (in %) as the roots of (n + z²)p² - (2x + z²)p + x²/n = 0. */
function wilsonRoots(x: number, n: number): { lower: number; upper: number } {
  const z = jStat.normal.inv(0.975, 0, 1);
  const a = n + z * z;
  const b = -(2 * x + z * z);
  const root = Math.sqrt(Math.max(0, b * b - (4 * a * x * x) / n));
  return { lower: (100 * (-b - root)) / (2 * a), upper: (100 * (-b + root)) / (2 * a) };
}

const countOf = (group: string, sex: string): number =>
  extract.filter((r) => r.offence_group === group && r.sex === sex).length;
const sexCount = (sex: string): number => extract.filter((r) => r.sex === sex).length;

async function exported(name: string, format: 'svg' | 'png' | 'pdf' | 'csv'): Promise<string> {
  const path = world.file(`${name.replace(/ /g, '-')}.${format}`);
  await world.dispatcher.call('export.figure', { name, format, path });
  return path;
}

describe('a saved percentage figure with intervals', () => {
  it('draws each published share with its Wilson interval in the SVG, as counted from the extract', async () => {
    const result = (await world.dispatcher.call('engine.query', SPEC)) as QueryResult;
    const svg = readFileSync(await exported('shares', 'svg'), 'utf8');
    expect(svgTexts(svg).join(' ')).toContain('Error bars show 95% confidence intervals');
    const doc = parseSvg(svg);
    const byClass = (tag: string, test: (e: XmlElement) => boolean) => {
      const list = doc.getElementsByTagName(tag);
      return Array.from({ length: list.length }, (_v, i) => list.item(i) as XmlElement).filter(test);
    };
    const whiskers = byClass('path', (p) => p.getAttribute('class') === 'error-bar');
    const bars = byClass('rect', (r) => (r.getAttribute('data-value') ?? '') !== '');
    let published = 0;
    result.rows.keys.forEach(([group], r) =>
      result.cols.keys.forEach(([sex], c) => {
        const at = (e: XmlElement) =>
          e.getAttribute('data-category') === group && e.getAttribute('data-series') === sex;
        if (result.counts[r]?.[c] === null || result.colTotals[c] === null) {
          expect([bars.some(at), whiskers.some(at)]).toEqual([false, false]);
          return;
        }
        if (sexCount(sex!) === 0 || countOf(group!, sex!) === 0) return;
        const x = countOf(group!, sex!);
        const n = sexCount(sex!);
        expect(Number(bars.find(at)?.getAttribute('data-value'))).toBeCloseTo((100 * x) / n, 9);
        const w = wilsonRoots(x, n);
        expect(Number(whiskers.find(at)?.getAttribute('data-lower'))).toBeCloseTo(w.lower, 7);
        expect(Number(whiskers.find(at)?.getAttribute('data-upper'))).toBeCloseTo(w.upper, 7);
        published += 1;
      }),
    );
    expect(published).toBeGreaterThanOrEqual(10);
    expect(result.suppressed.length).toBeGreaterThan(0);
  });

  it('carries the whiskers into the PNG and the PDF, with the footnote that names them', async () => {
    const png = readFileSync(await exported('shares', 'png'));
    const plainPng = readFileSync(await exported('shares plain', 'png'));
    expect(pngSize(png)).toEqual(pngSize(plainPng));
    expect(inkShare(png)).toBeGreaterThan(0.05);
    expect(png.equals(plainPng)).toBe(false);
    const text = pdfText(await exported('shares', 'pdf'));
    expect(text).toContain('Error bars show 95% confidence intervals');
    expect(text).toContain('Wilson score intervals for percentages');
    expect(pdfText(await exported('shares plain', 'pdf'))).not.toContain('Error bars');
  });

  it('exports the same limits as lower and upper columns in the CSV, [c] where hidden', async () => {
    const result = (await world.dispatcher.call('engine.query', SPEC)) as QueryResult;
    const csv = parse(readFileSync(await exported('shares', 'csv'), 'utf8'), {
      relax_column_count: true,
      bom: true,
    }) as string[][];
    const header = csv[0] ?? [];
    // A block runs from its title line to the next line of one cell.
    const block = (side: 'lower' | 'upper'): string[][] => {
      const start = csv.findIndex((l) => l[0]?.endsWith(`${side} 95% confidence limit`));
      const end = csv.findIndex((l, i) => i > start && l.length === 1);
      return csv.slice(start + 1, end);
    };
    for (const side of ['lower', 'upper'] as const) {
      const lines = block(side);
      let compared = 0;
      result.rows.keys.forEach(([group], r) =>
        result.cols.keys.forEach(([sex], c) => {
          const cell = lines.find((l) => l[0] === group)?.[header.indexOf(sex!)];
          if (result.counts[r]?.[c] === null) {
            expect(cell).toBe('[c]');
            return;
          }
          if (result.colTotals[c] === null || sexCount(sex!) === 0) return;
          expect(cell).toBe(wilsonRoots(countOf(group!, sex!), sexCount(sex!))[side].toFixed(1));
          compared += 1;
        }),
      );
      expect(compared).toBeGreaterThanOrEqual(10);
    }
  });
});
