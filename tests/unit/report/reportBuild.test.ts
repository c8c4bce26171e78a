// report.build on a real workspace: a pack of figures and an infographic with progress per
// item and a precise problem for an item that is gone; then next year's extract is imported
// and the same report is rebuilt, and the numbers that should move do move in the files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../../shared/protocol.ts';
import { districtFigure, yearFigure } from './figureSpecs.ts';
import { generated, nextYearExtract, openWorld, svgTextsOf, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 5000, 21));
  await world.dispatcher.call('figures.save', { figure: districtFigure('districts') });
  await world.dispatcher.call('figures.save', { figure: yearFigure('years') });
  const { doc } = await world.dispatcher.call('infographic.fromTemplate', { template: 'victims', year: '2022/23' });
  await world.dispatcher.call('infographics.save', { doc: { ...doc, name: 'Victims page' } });
  await world.dispatcher.call('reports.save', {
    report: {
      name: 'Needs assessment',
      items: [
        { kind: 'figure', name: 'districts' },
        { kind: 'infographic', name: 'Victims page' },
        { kind: 'figure', name: 'years' },
        { kind: 'figure', name: 'deleted since' },
      ],
    },
  });
});
afterAll(async () => world?.close());

/** Year label to count, read from the index workbook's sheet of the "years" figure. */
async function yearCounts(xlsx: string): Promise<Record<string, number>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsx);
  const sheet = workbook.worksheets.find((s) => String(s.getCell('A1').value).includes('financial year'));
  if (!sheet) throw new Error(`no sheet for the years figure in ${workbook.worksheets.map((s) => s.name).join(', ')}`);
  const counts: Record<string, number> = {};
  sheet.eachRow((row) => {
    const label = row.getCell(1).value;
    const value = row.getCell(2).value;
    if (typeof label === 'string' && /^(\d{4}\/\d{2}|Total)$/.test(label) && typeof value === 'number')
      counts[label] = value;
  });
  return counts;
}

describe('report.build', () => {
  let firstYears: Record<string, number>;
  let firstDistrictTexts: string[];

  it('renders every item with progress, indexes the tables, and names the item that is gone', async () => {
    const out = world.file('pack-1');
    const progress: Progress[] = [];
    const result = await world.dispatcher.call(
      'report.build',
      { name: 'Needs assessment', outDir: out },
      { progress: (p) => progress.push(p) },
    );
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        item: { kind: 'figure', name: 'deleted since' },
        message: expect.stringContaining('no saved figure has this name'),
      },
    ]);
    const names = result.files.map((f) => f.path.slice(out.length + 1)).sort();
    expect(names).toEqual(
      [
        '01-districts.png',
        '01-districts.svg',
        '01-districts.pdf',
        '02-victims-page.svg',
        '02-victims-page.png',
        '02-victims-page.pdf',
        '03-years.png',
        '03-years.svg',
        '03-years.pdf',
        'tables.xlsx',
        'index.html',
      ].sort(),
    );
    for (const file of result.files) expect(readFileSync(file.path).length).toBe(file.bytes);
    expect(progress.filter((p) => p.phase !== 'Done').map((p) => [p.done, p.total])).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    expect(progress.at(-1)).toMatchObject({ phase: 'Done', done: 4, total: 4 });
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Not drawn');

    firstYears = await yearCounts(join(out, 'tables.xlsx'));
    expect(Object.keys(firstYears).sort()).toEqual(['2019/20', '2020/21', '2021/22', '2022/23', 'Total']);
    firstDistrictTexts = svgTextsOf(readFileSync(join(out, '01-districts.svg'), 'utf8'));

    const { entries } = await world.dispatcher.call('audit.list', { action: 'export.report' });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.detail).toMatchObject({ what: 'report', name: 'Needs assessment' });
    expect(entries[0]?.detail.problems).toEqual([expect.stringContaining('deleted since')]);
  });

  it('rebuilt after importing next year, shows the new year and the moved totals', async () => {
    const second = await generated(world, 'victims', 5000, 22);
    const moved = nextYearExtract(second, '2022/23', world.file('victims-2023-24.csv'));
    expect(moved).toBeGreaterThan(500);
    const accepted = await world.importFile('victims', world.file('victims-2023-24.csv'));
    expect(accepted).toBe(moved);

    const figures = await world.dispatcher.call('figures.list', {});
    expect(
      figures.figures
        .filter((f) => f.changed)
        .map((f) => f.name)
        .sort(),
    ).toEqual(['districts', 'years']);

    // Next year's pack is a new release: within the old one the new data would be refused, since
    // the old and new tables subtracted give the added records' counts.
    const out = world.file('pack-2');
    const refused = await world.dispatcher.call('report.build', {
      name: 'Needs assessment',
      outDir: world.file('pack-refused'),
    });
    expect(refused.problems.map((p) => p.message).join(' ')).toMatch(/data has changed since.*Start a new release/);
    await world.dispatcher.call('releases.start', { name: 'Needs assessment 2023/24' });
    const result = await world.dispatcher.call('report.build', { name: 'Needs assessment', outDir: out });
    const years = await yearCounts(join(out, 'tables.xlsx'));
    expect(Object.keys(years).sort()).toEqual(['2019/20', '2020/21', '2021/22', '2022/23', '2023/24', 'Total']);
    expect(years['2022/23']).toBe(firstYears['2022/23']);
    // The default rule suppresses only counts of 1 to 4 and does not round, so a year's count is exact.
    expect(years['2023/24']).toBe(accepted);
    expect(years.Total).toBe((firstYears.Total ?? 0) + accepted);
    const districtTexts = svgTextsOf(readFileSync(join(out, '01-districts.svg'), 'utf8'));
    expect(districtTexts).not.toEqual(firstDistrictTexts);
    expect(existsSync(join(out, '02-victims-page.png'))).toBe(true);
    expect(result.problems).toHaveLength(1);

    // Rebuilding the infographic for the new latest year: the headline compares with 2022/23.
    const { doc, financialYear } = await world.dispatcher.call('infographic.fromTemplate', { template: 'victims' });
    expect(financialYear).toBe('2023/24');
    const rendered = await world.dispatcher.call('infographic.render', { doc });
    expect(
      svgTextsOf(rendered.svg).some((t) =>
        t.includes(`on 2022/23 (${firstYears['2022/23']?.toLocaleString('en-GB')})`),
      ),
    ).toBe(true);
  });
});
