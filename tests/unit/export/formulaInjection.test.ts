// Labels from an extract that a spreadsheet would run as formulas: CSV cells are neutralised
// (a leading apostrophe) unless they are plain numbers; XLSX keeps them as text, never as
// formulas (checked in the workbook's own XML, not only through exceljs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { csvField, neutraliseFormula } from '../../../src-main/export/csvCell.ts';
import { exportFigure } from '../../../src-main/export/exportFigure.ts';
import { tableToCsv } from '../../../src-main/export/tableExport.ts';
import { handResult } from './fakeResults.ts';
import { tempDir } from './exportTestKit.ts';
import { labelOf } from './fixtureTables.ts';

const HOSTILE = [
  '=1+1',
  '-2+3',
  "-1+cmd|' /C calc'!A0",
  '+44 1223 000000',
  '@SUM(A1:A9)',
  '\tTab first',
  '\rCR first',
  '=HYPERLINK("http://x.test","click")',
];
const HARMLESS = ['Fenland', 'E01018088', '18-24', "O'Brien", '-', ''];
const generatedAt = new Date('2026-11-27T10:00:00Z');

/** What Excel does with a cell's text: the first character decides whether it is a formula. */
const runAsFormula = (cell: string): boolean => /^[=+\-@\t\r]/.test(cell.replace(/^"/, ''));

describe('CSV cells', () => {
  it('neutralises every formula-like text and leaves numbers and plain text alone', () => {
    for (const text of HOSTILE) expect(neutraliseFormula(text)).toBe(`'${text}`);
    for (const text of ['-2', '-0.5', '12', '3.25']) expect(neutraliseFormula(text)).toBe(text);
    expect(neutraliseFormula('-')).toBe("'-");
    for (const text of HARMLESS.filter((t) => t !== '-')) expect(neutraliseFormula(text)).toBe(text);
    expect(csvField(-3)).toBe('-3');
    expect(csvField('=A1,"x"')).toBe(`"'=A1,""x"""`);
  });

  it('writes no cell of a table export that a spreadsheet would run', () => {
    const labels = [...HOSTILE, ...HARMLESS.filter((l) => l !== '')];
    const result = handResult({
      rows: ['lsoa'],
      rowKeys: labels.map((l) => [l]),
      cols: ['sex'],
      colKeys: [['=cmd'], ['Male']],
      counts: labels.map(() => [10, 20]),
    });
    const csv = tableToCsv(result, { title: '-title', labelOf, footnote: [], spec: {}, generatedAt, synthetic: false });
    // Cells of the table (before the footnotes), split on commas outside quotes.
    const table = csv.replace(/^\uFEFF/, '').split('\r\n# ')[0] ?? '';
    const cells = table.match(/("([^"]|"")*"|[^,\r\n]*)(?=,|\r\n|$)/g) ?? [];
    expect(cells.filter((cell) => cell !== '' && runAsFormula(cell))).toEqual([]);
    for (const label of HOSTILE.filter((l) => !/[\r"]/.test(l))) expect(table).toContain(`'${label}`);
    expect(table).toContain(",'=cmd,");
  });
});

describe('XLSX cells', () => {
  it('keeps formula-like labels as text, not formulas', async () => {
    const labels = HOSTILE;
    const result = handResult({
      rows: ['lsoa'],
      rowKeys: labels.map((l) => [l]),
      cols: [],
      colKeys: [],
      counts: labels.map(() => [10]),
    });
    const out = join(tempDir(), 'hostile.xlsx');
    const figure = {
      name: 'h',
      chart: 'table' as const,
      title: '=title',
      query: { cohort: 'victims', rows: ['lsoa'] },
    };
    await exportFigure(result, figure, 'xlsx', out, { labelOf, footnote: [], generatedAt, synthetic: false });

    const files = unzipSync(readFileSync(out));
    const sheets = Object.keys(files).filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name));
    expect(sheets.length).toBeGreaterThan(0);
    for (const name of sheets) expect(strFromU8(files[name] as Uint8Array)).not.toMatch(/<f[ >]/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    // XML reads a carriage return back as a line feed; that is a matter of text, not of formulas.
    const expected = labels.map((l) => l.replace(/\r/g, '\n'));
    const found: string[] = [];
    workbook.getWorksheet('Table_1')?.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && expected.includes(cell.value)) {
          expect(cell.type).toBe(ExcelJS.ValueType.String);
          found.push(cell.value);
        }
      }),
    );
    expect(found.sort()).toEqual([...expected].sort());
  });
});
