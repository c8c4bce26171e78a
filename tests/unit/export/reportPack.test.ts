// The report pack on disk: every item rendered to its files, an index workbook and an HTML
// contact sheet; an item whose spec no longer fits the data is reported and gets no file.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CODEBOOK, findColumn } from '../../../shared/codebook.ts';
import { FigureSpecSchema, type FigureSpec } from '../../../shared/figure.ts';
import type { QuerySpec } from '../../../shared/query.ts';
import { buildReportPack, type ReportPackDeps } from '../../../src-main/export/reportPack.ts';
import { victimsTemplate } from '../../../src-main/export/infographic/templates.ts';
import { fakeResolver } from './fakeResults.ts';
import { pdfInfo, pngSize, svgTexts, tempDir } from './exportTestKit.ts';
import { labelOf } from './fixtureTables.ts';

const figures: Record<string, FigureSpec> = {
  offences: FigureSpecSchema.parse({
    name: 'offences',
    title: 'Victims by offence group and sex',
    chart: 'bar',
    query: {
      cohort: 'victims',
      rows: ['offence_group'],
      cols: ['sex'],
      filters: [{ field: 'financial_year', in: ['2023/24'] }],
    },
  }),
  districts: FigureSpecSchema.parse({
    name: 'districts',
    title: 'Victims by district',
    chart: 'table',
    query: { cohort: 'victims', rows: ['district'], filters: [{ field: 'financial_year', in: ['2023/24'] }] },
  }),
  vanished: FigureSpecSchema.parse({
    name: 'vanished',
    title: 'Cyber offences by sex',
    chart: 'bar',
    query: { cohort: 'victims', rows: ['sex'], filters: [{ field: 'offence_group', in: ['Cyber crime'] }] },
  }),
};

/** Checks filter values and fields against the built-in codebook, as the lead's validator would. */
function validate(spec: QuerySpec): string[] {
  const problems: string[] = [];
  for (const field of [...spec.rows, ...spec.cols, ...spec.filters.map((f) => f.field)]) {
    if (!findColumn(BUILT_IN_CODEBOOK, field)) problems.push(`the column "${field}" is missing`);
  }
  for (const filter of spec.filters) {
    const column = findColumn(BUILT_IN_CODEBOOK, filter.field);
    if (column && column.categories.length > 0 && 'in' in filter)
      for (const value of filter.in)
        if (!column.categories.includes(value))
          problems.push(`the category "${value}" of ${column.label} no longer exists`);
  }
  return problems;
}

function deps(): ReportPackDeps {
  return {
    figure: (name) => figures[name],
    infographic: (name) => (name === 'victims-page' ? victimsTemplate('2023/24') : undefined),
    resolve: fakeResolver().resolve,
    validate,
    labelOf,
    source: 'Test extracts',
    synthetic: true,
    generatedAt: new Date('2026-11-27T10:00:00Z'),
  };
}

describe('buildReportPack', () => {
  it('renders every item, indexes the tables, and reports the items that no longer fit', async () => {
    const out = tempDir();
    const report = {
      name: 'Needs assessment 2023/24',
      items: [
        { kind: 'figure' as const, name: 'offences' },
        { kind: 'figure' as const, name: 'districts' },
        { kind: 'figure' as const, name: 'vanished' },
        { kind: 'infographic' as const, name: 'victims-page' },
        { kind: 'figure' as const, name: 'deleted-figure' },
      ],
    };
    const result = await buildReportPack(report, deps(), out);

    expect(result.problems).toEqual([
      {
        item: report.items[2],
        message:
          'Figure "vanished": its spec no longer fits the data: the category "Cyber crime" of Offence group no longer exists',
      },
      { item: report.items[4], message: 'Figure "deleted-figure": no saved figure has this name any more.' },
    ]);
    const names = readdirSync(out).sort();
    expect(names).toEqual(
      [
        '.vso-report-pack.json',
        '01-offences.pdf',
        '01-offences.png',
        '01-offences.svg',
        '02-districts.csv',
        '02-districts.xlsx',
        '04-victims-page.pdf',
        '04-victims-page.png',
        '04-victims-page.svg',
        'index.html',
        'tables.xlsx',
      ].sort(),
    );
    expect(names.some((n) => n.startsWith('03-') || n.startsWith('05-'))).toBe(false);
    for (const file of result.files) expect(existsSync(file.path)).toBe(true);

    expect(svgTexts(readFileSync(join(out, '01-offences.svg'), 'utf8'))).toContain('Victims by offence group and sex');
    expect(pngSize(readFileSync(join(out, '04-victims-page.png')))).toEqual({ width: 2480, height: 3508 });
    expect(pdfInfo(join(out, '04-victims-page.pdf')).pages).toBe(1);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'tables.xlsx'));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Cover', 'Contents', 'Notes', 'Table_1', 'Table_2']);
    expect(workbook.getWorksheet('Table_1')?.getCell('A1').value).toBe('Victims by offence group and sex');
    expect(workbook.getWorksheet('Table_2')?.getCell('A1').value).toBe('Victims by district');

    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain(
      'Not drawn: its spec no longer fits the data: the category &quot;Cyber crime&quot; of Offence group no longer exists',
    );
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(http/);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    expect(result.disclosure.length).toBeGreaterThan(3);
  });

  it('reports an item whose query fails instead of stopping the pack', async () => {
    const out = tempDir();
    const failing = {
      ...deps(),
      resolve: async () => {
        throw new Error('the column "district" is missing from the workspace');
      },
    };
    const result = await buildReportPack({ name: 'r', items: [{ kind: 'figure', name: 'offences' }] }, failing, out);
    expect(result.problems[0]?.message).toBe('Figure "offences": the column "district" is missing from the workspace');
    expect(readdirSync(out).sort()).toEqual(['.vso-report-pack.json', 'index.html']);
  });
});
