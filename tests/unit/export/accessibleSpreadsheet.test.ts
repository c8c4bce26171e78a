// XLSX exports laid out as the Government Analysis Function's guidance on releasing statistics in
// spreadsheets asks, checked on the files written to disk: read with exceljs, and below it as
// Excel reads them (the zip's XML: each sheet's tableParts, each table's name, range and columns,
// no mergeCells). The numbers are checked against the result by a second, simpler rounding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { describePeriod, footnoteLines } from '../../../shared/figure.ts';
import { MARKER_FOOTNOTES, MARKERS, type Marker } from '../../../shared/markers.ts';
import type { QueryResult, QuerySpec } from '../../../shared/query.ts';
import { exportFigure } from '../../../src-main/export/exportFigure.ts';
import { personsNote } from '../../../src-main/export/releaseTables.ts';
import { addTableSheet, newWorkbook } from '../../../src-main/export/tableExport.ts';
import { protectedResult } from '../disclosure/statsIntruder.ts';
import { tempDir } from './exportTestKit.ts';
import { labelOf, offenceBySex } from './fixtureTables.ts';
import { type XlsxSheet, xlsxSheets } from './xlsxPackage.ts';

const COUNTS = [
  [40, 2, 30, 25],
  [35, 28, 3, 40],
  [0, 0, 0, 0],
  [50, 44, 38, 60],
  [20, 31, 27, 1],
];
const SOURCE = 'Test constabulary extract';
const generatedAt = new Date('2026-12-05T10:00:00Z');
const HEADER_ROW = 5;

function footnoteOf(result: QueryResult): string[] {
  const spec = { filters: [], measure: 'records', ...(result.spec as object) } as unknown as QuerySpec;
  return footnoteLines(spec, labelOf, result.disclosure, { source: SOURCE });
}

async function writeXlsx(result: QueryResult, title: string): Promise<string> {
  const out = join(tempDir('vso-a11y-'), 'table.xlsx');
  await exportFigure(result, { name: 'n', chart: 'table', title, query: result.spec }, 'xlsx', out, {
    labelOf,
    footnote: footnoteOf(result),
    generatedAt,
  });
  return out;
}

async function readBook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

/** Cell values of a sheet's rows, 1-based rows, 0-based columns. */
function rowsOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, r) => {
    rows[r] = (row.values as unknown[]).slice(1);
  });
  return rows;
}

/** "A5:D9" -> first and last row, and the number of columns. */
function rangeOf(ref: string): { first: number; last: number; columns: number; start: string } {
  const match = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
  if (!match) throw new Error(`not a range: ${ref}`);
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return {
    first: Number(match[2]),
    last: Number(match[4]),
    columns: col(match[3]!) - col(match[1]!) + 1,
    start: `${match[1]}${match[2]}`,
  };
}

function textOf(value: unknown): string {
  if (value && typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  return value === null || value === undefined ? '' : String(value);
}

describe('an XLSX table export, as the guidance for releasing statistics in spreadsheets asks', async () => {
  const { result } = await protectedResult(COUNTS, { threshold: 5 }, { percent: 'row' });
  const path = await writeXlsx(result, 'Victims by district and offence group');
  const workbook = await readBook(path);
  const sheets = xlsxSheets(path);

  it('opens on a cover, then contents and notes, then one sheet per table, metadata last', () => {
    expect(sheets.map((s) => s.name)).toEqual([
      'Cover',
      'Contents',
      'Notes',
      'Table_1',
      'Table_1_percent',
      'Table_1_stats',
      'Table_1_expected',
      'Table_1_residuals',
      'Metadata',
    ]);
    expect(readFileSync(path).length).toBeGreaterThan(0);
  });

  it('has a cover with the title, source, period, contact and release', () => {
    const cover = rowsOf(workbook.getWorksheet('Cover')!);
    expect(cover[1]?.[0]).toBe('Victims by district and offence group');
    const after = (heading: string): string => {
      const at = cover.findIndex((row) => row?.[0] === heading);
      expect(at, heading).toBeGreaterThan(1);
      expect(workbook.getWorksheet('Cover')!.getCell(at, 1).font?.bold, `${heading} is a heading`).toBe(true);
      return textOf(cover[at + 1]?.[0]);
    };
    expect(after('Source')).toBe(SOURCE);
    expect(after('Period covered')).toBe(describePeriod(result.spec as QuerySpec));
    expect(after('Contact')).toMatch(/^Contact: not set\. Before release, add the name and email address/);
    expect(after('Release')).toContain('2026-12-05');
  });

  it('puts every table in a named Excel table at A5 under its title in A1, one header row, nothing merged', () => {
    const names = new Set<string>();
    for (const sheet of sheets.filter((s) => s.name !== 'Cover')) {
      expect(sheet.xml, sheet.name).not.toContain('<mergeCells');
      expect(sheet.xml, sheet.name).toMatch(/<tableParts count="1">/);
      expect(sheet.tables, sheet.name).toHaveLength(1);
      const table = sheet.tables[0]!;
      expect(names.has(table.name.toLowerCase()), `table name ${table.name} is unique`).toBe(false);
      names.add(table.name.toLowerCase());
      expect(table.name).toMatch(/^[A-Za-z_][A-Za-z0-9_.]*$/);
      expect(table.headerRowCount).toBe(1);
      const range = rangeOf(table.ref);
      expect(range.start, sheet.name).toBe(`A${HEADER_ROW}`);
      const rows = rowsOf(workbook.getWorksheet(sheet.name)!);
      expect(typeof rows[1]?.[0] === 'string' && rows[1][0] !== '', `${sheet.name} has a title in A1`).toBe(true);
      expect(rows[2]?.[0]).toBe('This worksheet contains one table.');
      // The header row is the table's column names, each given once.
      expect(rows[HEADER_ROW]!.slice(0, range.columns).map(textOf)).toEqual(table.columns);
      expect(new Set(table.columns.map((c) => c.toLowerCase())).size).toBe(table.columns.length);
      expect(table.columns.every((c) => c.trim() !== '')).toBe(true);
      // No blank row and no empty cell inside the table; nothing right after it.
      for (let r = range.first + 1; r <= range.last; r += 1)
        for (let c = 0; c < range.columns; c += 1)
          expect(textOf(rows[r]?.[c]), `${sheet.name} row ${r} column ${c + 1}`).not.toBe('');
      expect(rows.length - 1, `${sheet.name} ends with its table`).toBe(range.last);
    }
  });

  it('lists every sheet on the contents sheet, linked, with the title each sheet shows', () => {
    const contents = sheets.find((s) => s.name === 'Contents')!;
    const rows = rowsOf(workbook.getWorksheet('Contents')!).slice(HEADER_ROW + 1);
    const listed = sheets.filter((s) => s.name !== 'Cover' && s.name !== 'Contents');
    expect(rows.map((row) => textOf(row[0]))).toEqual(listed.map((s) => s.name));
    for (const row of rows) {
      const link = row[0] as { text: string; hyperlink: string };
      expect(link.hyperlink).toBe(`#'${link.text}'!A1`);
      const title = textOf(workbook.getWorksheet(link.text)!.getCell('A1').value);
      expect(row[1]).toBe(title);
    }
    expect(contents.xml).toMatch(/<hyperlink [^>]*ref="A6"/);
  });

  it('explains on the notes sheet every note a table refers to, and every marker a table shows', () => {
    const notesRows = rowsOf(workbook.getWorksheet('Notes')!).slice(HEADER_ROW + 1);
    const noteText = new Map(notesRows.map((row) => [textOf(row[0]), textOf(row[1])]));
    const numbered = [...noteText.keys()].filter((k) => k.startsWith('[note '));
    expect(numbered).toEqual(numbered.map((_k, i) => `[note ${i + 1}]`));
    const shown = new Set<Marker>();
    for (const sheet of sheets.filter((s) => s.name.startsWith('Table_'))) {
      const rows = rowsOf(workbook.getWorksheet(sheet.name)!);
      const refs = [...textOf(rows[3]?.[0]).matchAll(/\[note \d+\]/g)].map((m) => m[0]);
      expect(refs.length, `${sheet.name} refers to its notes`).toBeGreaterThan(0);
      for (const ref of refs) expect(noteText.has(ref), `${sheet.name} refers to ${ref}`).toBe(true);
      for (const row of rows.slice(HEADER_ROW + 1))
        for (const v of row ?? []) if (Object.values(MARKERS).includes(v as Marker)) shown.add(v as Marker);
    }
    expect([...shown].sort()).toEqual(['[c]', '[z]']);
    for (const marker of Object.values(MARKERS)) {
      if (shown.has(marker)) expect(noteText.get(marker)).toBe(MARKER_FOOTNOTES[marker]);
      else expect(noteText.has(marker)).toBe(false);
    }
    for (const line of footnoteOf(result)) expect([...noteText.values()]).toContain(line);
  });

  it('prints percentages to 1 decimal and the statistics as published', () => {
    const rows = rowsOf(workbook.getWorksheet('Table_1_percent')!).slice(HEADER_ROW + 1);
    result.percents!.forEach((line, r) =>
      line.forEach((p, c) => {
        const cell = rows[r]![c + 1];
        if (p === null) expect(['[c]', '[z]']).toContain(cell);
        else expect(cell).toBe(Number((Math.round(p * 10) / 10).toFixed(1)));
      }),
    );
    expect(workbook.getWorksheet('Table_1_percent')!.getCell(HEADER_ROW + 1, 2).numFmt).toBe('#,##0.0');
    const stats = new Map(
      rowsOf(workbook.getWorksheet('Table_1_stats')!)
        .slice(HEADER_ROW + 1)
        .map((row) => [row[0], row[1]]),
    );
    const printed = result.stats!.publication!.printed;
    expect(stats.get('Pearson chi-square')).toBe(printed.chi2 === null ? '[c]' : Number(printed.chi2));
    expect(stats.get('Degrees of freedom')).toBe(result.stats!.df);
  });
});

describe('persons tables', () => {
  it('say, in XLSX and CSV, that rows can add up to more than the total; records tables do not', async () => {
    const { result: persons } = await protectedResult(COUNTS, { threshold: 5 }, { measure: 'persons' });
    expect(persons.meta.measure).toBe('persons');
    const note = personsNote(persons)!;
    expect(note).toMatch(/more than their total/);
    const workbook = await readBook(await writeXlsx(persons, 'Victims (persons)'));
    const notes = rowsOf(workbook.getWorksheet('Notes')!).slice(HEADER_ROW + 1);
    const number = textOf(notes.find((row) => row[1] === note)?.[0]);
    expect(number).toMatch(/^\[note \d+\]$/);
    expect(textOf(workbook.getWorksheet('Table_1')!.getCell('A3').value)).toContain(number);

    const csvPath = join(tempDir('vso-a11y-'), 'persons.csv');
    await exportFigure(persons, { name: 'p', chart: 'table', title: 'Victims (persons)' }, 'csv', csvPath, {
      labelOf,
      footnote: footnoteOf(persons),
      generatedAt,
    });
    expect(readFileSync(csvPath, 'utf8')).toContain(`# ${note}`);

    const records = await readBook(await writeXlsx(offenceBySex(), 'Victims (records)'));
    const recordNotes = rowsOf(records.getWorksheet('Notes')!).map((row) => textOf(row?.[1]));
    expect(recordNotes.some((text) => /more than their total/.test(text))).toBe(false);
  });
});

describe('a table with nothing to note', () => {
  it('still gives the Notes table a data row, saying there is nothing', async () => {
    const result = offenceBySex();
    result.counts = [
      [520, 610],
      [88, 30],
      [300, 280],
    ];
    result.rowTotals = [1130, 118, 580];
    result.colTotals = [908, 920];
    result.total = 1828;
    const path = join(tempDir('vso-a11y-'), 'plain.xlsx');
    await exportFigure(result, { name: 'p', chart: 'table', title: 'Plain' }, 'xlsx', path, {
      labelOf,
      footnote: [],
      generatedAt,
    });
    const notes = xlsxSheets(path).find((s) => s.name === 'Notes')!;
    expect(rangeOf(notes.tables[0]!.ref).last).toBe(HEADER_ROW + 1);
    const rows = rowsOf((await readBook(path)).getWorksheet('Notes')!);
    expect(rows[HEADER_ROW + 1]?.[0]).toBe('None');
  });
});

describe('CSV numbers', () => {
  it('prints percentages with one decimal, never a float’s full expansion', async () => {
    const result = offenceBySex();
    result.percents = [
      [46.04999999999, 100 / 3],
      [97, null],
      [2 / 3, 48.25],
    ];
    const path = join(tempDir('vso-a11y-'), 'pct.csv');
    await exportFigure(result, { name: 'p', chart: 'table', title: 'T' }, 'csv', path, {
      labelOf,
      footnote: [],
      generatedAt,
    });
    const lines = Papa.parse<string[]>(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')).data;
    const at = lines.findIndex((row) => row[0]?.startsWith('Percentage'));
    expect(lines.slice(at + 1, at + 4)).toEqual([
      ['Violence against the person', '46.0', '33.3'],
      ['Sexual offences', '97.0', '[c]'],
      ['Theft', '0.7', '48.3'],
    ]);
  });
});

describe('a workbook of several tables (the report pack)', () => {
  it('numbers the table sheets, lists them all, and gives a shared note one number', async () => {
    const workbook = newWorkbook(generatedAt);
    const footnote = ['Victims, records. Period: Financial year 2023/24.', `Source: ${SOURCE}.`];
    const first = offenceBySex();
    const second = offenceBySex();
    second.percents = [
      [46, 54],
      [97, null],
      [52, 48],
    ];
    const context = { labelOf, footnote, spec: {}, generatedAt, synthetic: false };
    addTableSheet(workbook, first, { ...context, title: 'First table' });
    addTableSheet(workbook, second, { ...context, title: 'Second table' });
    const path = join(tempDir('vso-a11y-'), 'pack.xlsx');
    await workbook.xlsx.writeFile(path);
    const sheets: XlsxSheet[] = xlsxSheets(path);
    expect(sheets.map((s) => s.name)).toEqual(['Cover', 'Contents', 'Notes', 'Table_1', 'Table_2', 'Table_2_percent']);
    const book = await readBook(path);
    expect(book.getWorksheet('Cover')!.getCell('A1').value).toBe('Tables');
    const notes = rowsOf(book.getWorksheet('Notes')!).slice(HEADER_ROW + 1);
    const source = notes.filter((row) => row[1] === `Source: ${SOURCE}.`);
    expect(source).toHaveLength(1);
    expect(source[0]![2]).toBe('Table_1, Table_2, Table_2_percent');
    expect(
      textOf(rowsOf(book.getWorksheet('Cover')!).find((row, i, all) => all[i - 1]?.[0] === 'Period covered')?.[0]),
    ).toBe('Financial year 2023/24');
  });
});
