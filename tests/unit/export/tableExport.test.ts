// Tables as XLSX and CSV, read back from disk: exceljs for the workbook, plain text for CSV.
// Suppressed cells must read [c]; footnotes and metadata must be there; no disclosure, no file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors.ts';
import {
  auditDetailForExport,
  exportFigure,
  formatFromPath,
  type ExportFormat,
} from '../../../src-main/export/exportFigure.ts';
import { tableToCsv } from '../../../src-main/export/tableExport.ts';
import { handResult } from './fakeResults.ts';
import { tempDir } from './exportTestKit.ts';
import { FOOTNOTE, labelOf, offenceBySex } from './fixtureTables.ts';

const figure = {
  name: 'offences',
  chart: 'table' as const,
  title: 'Victims by offence group and sex',
  notes: 'Recorded crime only.',
  query: { cohort: 'victims', rows: ['offence_group'], cols: ['sex'] },
};
const generatedAt = new Date('2026-11-27T10:00:00Z');

async function readSheet(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

describe('XLSX export', () => {
  it('writes the cover, the cross-tab with [c] and number formats on its own sheet, the notes and a Metadata sheet', async () => {
    const out = join(tempDir(), 'table.xlsx');
    await exportFigure(offenceBySex(), figure, 'xlsx', out, {
      labelOf,
      footnote: FOOTNOTE,
      generatedAt,
      synthetic: true,
    });
    const workbook = await readSheet(out);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Cover', 'Contents', 'Notes', 'Table_1', 'Metadata']);
    expect(workbook.getWorksheet('Cover')?.getCell('A1').value).toBe('Victims by offence group and sex');
    const sheet = workbook.getWorksheet('Table_1');
    if (!sheet) throw new Error('no table sheet');
    expect(sheet.getCell('A1').value).toBe('Victims by offence group and sex');
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    // The figure's own notes are internal: not printed anywhere in the file.
    const everything = workbook.worksheets.flatMap((s) =>
      s.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : [])),
    );
    expect(everything).not.toContain('Recorded crime only.');
    // Header on row 5: Offence group | Female | Male | Total
    expect([1, 2, 3, 4].map((c) => sheet.getRow(5).getCell(c).value)).toEqual([
      'Offence group',
      'Female',
      'Male',
      'Total',
    ]);
    expect(sheet.getRow(5).getCell(2).font?.bold).toBe(true);
    expect([1, 2, 3, 4].map((c) => sheet.getRow(6).getCell(c).value)).toEqual([
      'Violence against the person',
      520,
      610,
      1130,
    ]);
    expect(sheet.getRow(6).getCell(2).numFmt).toBe('#,##0');
    expect([1, 2, 3, 4].map((c) => sheet.getRow(7).getCell(c).value)).toEqual(['Sexual offences', 88, '[c]', '[c]']);
    expect(sheet.getRow(9).getCell(1).value).toBe('Total');
    expect(sheet.getRow(9).getCell(3).value).toBe('[c]');
    const notes: unknown[] = [];
    workbook.getWorksheet('Notes')?.eachRow((row) => notes.push(row.getCell(2).value));
    for (const line of FOOTNOTE) expect(notes).toContain(line);
    const meta = workbook.getWorksheet('Metadata');
    if (!meta) throw new Error('no Metadata sheet');
    const pairs = new Map<string, unknown>();
    meta.eachRow((row) => pairs.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(JSON.parse(String(pairs.get('Spec (JSON)')))).toEqual(figure.query);
    expect(JSON.parse(String(pairs.get('Disclosure rule')))).toMatchObject({ threshold: 5, secondary: true });
    expect(pairs.get('Generated at')).toBe('2026-11-27T10:00:00.000Z');
    expect(String(pairs.get('Synthetic data'))).toMatch(/^Yes/);
    expect(pairs.get('App version')).toMatch(/^\d+\.\d+\.\d+/);
    expect(pairs.get('Cells suppressed (primary)')).toBe(1);
  });

  it('puts the percentages, rounded to 1 decimal, on a sheet of their own', async () => {
    const result = offenceBySex();
    result.percents = [
      [46.04999, 53.95001],
      [97, null],
      [51.77777, 48.22223],
    ];
    const out = join(tempDir(), 'pct.xlsx');
    await exportFigure(result, figure, 'xlsx', out, { labelOf, footnote: FOOTNOTE, generatedAt });
    const sheet = (await readSheet(out)).getWorksheet('Table_1_percent');
    const values: unknown[][] = [];
    sheet?.eachRow((row, r) => {
      if (r > 5) values.push([1, 2, 3].map((c) => row.getCell(c).value));
    });
    expect(values).toEqual([
      ['Violence against the person', 46, 54],
      ['Sexual offences', 97, '[c]'],
      ['Theft', 51.8, 48.2],
    ]);
  });
});

describe('CSV export', () => {
  it('is UTF-8 with a BOM, [c] for suppressed cells, and footnotes as trailing # lines', async () => {
    const out = join(tempDir(), 'table.csv');
    await exportFigure(offenceBySex(), figure, 'csv', out, { labelOf, footnote: FOOTNOTE, generatedAt });
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines.slice(0, 5)).toEqual([
      'Offence group,Female,Male,Total',
      'Violence against the person,520,610,1130',
      'Sexual offences,88,[c],[c]',
      'Theft,300,280,580',
      'Total,908,[c],1801',
    ]);
    expect(lines[5]).toBe('');
    for (const line of FOOTNOTE) expect(lines).toContain(`# ${line}`);
  });

  it('quotes commas and defuses text a spreadsheet would run as a formula', () => {
    const result = handResult({
      rows: ['x'],
      rowKeys: [['a, b'], ['=SUM(A1)']],
      cols: [],
      colKeys: [],
      counts: [[10], [20]],
    });
    const csv = tableToCsv(result, { title: 't', labelOf, footnote: [], spec: {}, generatedAt, synthetic: false });
    expect(csv).toContain('"a, b",10');
    expect(csv).toContain("'=SUM(A1),20");
  });
});

describe('disclosure control is required', () => {
  it.each(['xlsx', 'csv', 'png', 'svg', 'pdf'] as ExportFormat[])(
    'refuses to export %s without disclosure control, writing nothing',
    async (format) => {
      const raw = handResult({
        rows: ['sex'],
        rowKeys: [['Female'], ['Male']],
        cols: [],
        colKeys: [],
        counts: [[3], [40]],
        disclosure: false,
      });
      const out = join(tempDir(), `raw.${format}`);
      const error = await exportFigure(raw, { ...figure, chart: 'bar' }, format, out, {
        labelOf,
        footnote: FOOTNOTE,
      }).catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('DISCLOSURE_REQUIRED');
      expect(existsSync(out)).toBe(false);
    },
  );
});

describe('export helpers', () => {
  it('tells the format from the file name, and refuses an unknown one', () => {
    expect(formatFromPath('/x/OUT.XLSX')).toBe('xlsx');
    expect(() => formatFromPath('/x/out.docx')).toThrow(/\.png, \.svg, \.pdf, \.xlsx or \.csv/);
  });

  it('describes an export for the audit log: what, where, which rule', () => {
    const result = offenceBySex();
    const detail = auditDetailForExport({
      what: 'figure',
      name: 'offences',
      files: [{ path: '/out/a.png', bytes: 10, format: 'png' }],
      disclosure: result.disclosure ? [result.disclosure] : [],
    });
    expect(detail).toMatchObject({
      what: 'figure',
      name: 'offences',
      files: [{ path: '/out/a.png', format: 'png', bytes: 10 }],
      rule: { threshold: 5 },
      suppressedCells: 1,
    });
    expect(String(detail.footnote)).toContain('suppressed');
  });
});
