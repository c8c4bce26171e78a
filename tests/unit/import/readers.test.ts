// The readers on real files: encodings, delimiters, quoting, malformed and non-CSV files,
// workbooks with several sheets, and previews that stop early.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { previewFile } from '../../../src-main/import/preview.ts';
import { openCsv } from '../../../src-main/import/readCsv.ts';
import { listSheets, openXlsx } from '../../../src-main/import/readXlsx.ts';
import { rowsOf, type TableSource } from '../../../src-main/import/tableSource.ts';
import { fixture, TempDir } from './importTestKit.ts';

const dir = new TempDir();
afterAll(() => dir.remove());

async function allRows(source: TableSource): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of rowsOf(source)) rows.push(row.cells);
  return rows;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('CSV reader', () => {
  it('reads UTF-8 with a BOM, quoted delimiters, quotes and newlines', async () => {
    const path = dir.write(
      'bom.csv',
      '\uFEFFName,Notes,Age\r\n"Smith, Jo","said ""hi""\nthen left",34\r\nLee,plain,\r\n',
    );
    const source = await openCsv(path);
    expect(source.headers).toEqual(['Name', 'Notes', 'Age']);
    expect(source.encoding).toBe('utf8');
    expect(await allRows(source)).toEqual([
      ['Smith, Jo', 'said "hi"\nthen left', '34'],
      ['Lee', 'plain', ''],
    ]);
  });

  it.each([
    [';', 'semicolon'],
    ['\t', 'tab'],
    ['|', 'pipe'],
  ])('sniffs the %s (%s) delimiter', async (delimiter, name) => {
    const text = [
      ['District', 'Offence, type', 'Age'],
      ['Fenland', 'Theft', '22'],
      ['Cambridge', 'Robbery', '41'],
    ]
      .map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(delimiter))
      .join('\n');
    const source = await openCsv(dir.write(`${name}.csv`, text));
    expect(source.delimiter).toBe(delimiter);
    expect(source.headers).toEqual(['District', 'Offence, type', 'Age']);
    expect(await allRows(source)).toEqual([
      ['Fenland', 'Theft', '22'],
      ['Cambridge', 'Robbery', '41'],
    ]);
  });

  it('detects Windows-1252 and decodes it', async () => {
    const path = dir.write(
      'cp1252.csv',
      iconv.encode('Name,Town\nRenée,Wisbech St Mary – north\nZoë,Ely\n', 'win1252'),
    );
    const source = await openCsv(path);
    expect(source.encoding).toBe('windows-1252');
    expect(await allRows(source)).toEqual([
      ['Renée', 'Wisbech St Mary – north'],
      ['Zoë', 'Ely'],
    ]);
  });

  it('reads UTF-16 with a BOM (Excel "Unicode text")', async () => {
    const path = dir.write(
      'utf16.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Sex\tAge\nF\t30\n', 'utf16le')]),
    );
    const source = await openCsv(path);
    expect(source.encoding).toBe('utf16le');
    expect(source.delimiter).toBe('\t');
    expect(await allRows(source)).toEqual([['F', '30']]);
  });

  it('refuses an empty file', async () => {
    const error = await failure(openCsv(dir.write('empty.csv', '')));
    expect(error.code).toBe('INVALID_FILE');
    expect(error.message).toMatch(/empty\.csv is empty/);
  });

  it('reads a header-only file as zero rows', async () => {
    const source = await openCsv(dir.write('header.csv', 'Date,Sex\r\n'));
    expect(source.headers).toEqual(['Date', 'Sex']);
    expect(await allRows(source)).toEqual([]);
  });

  it('refuses a PNG renamed .csv, saying what it is', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const error = await failure(openCsv(dir.write('picture.csv', png)));
    expect(error.code).toBe('INVALID_FILE');
    expect(error.message).toMatch(/picture\.csv is a PNG image/);
  });

  it('refuses binary junk', async () => {
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
    const error = await failure(openCsv(dir.write('junk.csv', junk)));
    expect(error.code).toBe('INVALID_FILE');
    expect(error.message).toMatch(/junk\.csv .*binary/);
  });

  it('names the file and line of an unbalanced quote', async () => {
    const path = dir.write('quote.csv', 'A,B\n1,2\n3,"never closed\n4,5\n');
    const source = await openCsv(path);
    const error = await failure(allRows(source));
    expect(error.code).toBe('INVALID_FILE');
    expect(error.message).toMatch(/quote\.csv, line \d+/);
    expect(error.message).toMatch(/quote/i);
  });

  it('passes ragged rows on with their real width', async () => {
    const source = await openCsv(dir.write('ragged.csv', 'A,B,C\n1,2,3\n4,5\n6,7,8,9\n'));
    expect((await allRows(source)).map((r) => r.length)).toEqual([3, 2, 4]);
  });

  it('reads a file of many chunks as csv-parse reads it whole, numbering rows from 2', async () => {
    const big = await fixture(dir, 'victims', 12_000, { seed: 5 });
    const expected = parse(readFileSync(big.path), {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as string[][];
    const source = await openCsv(big.path);
    expect(source.bytesTotal).toBeGreaterThan(4 * 256 * 1024);
    const rows: string[][] = [];
    const lines: number[] = [];
    for await (const row of rowsOf(source)) {
      rows.push(row.cells);
      lines.push(row.line);
    }
    expect([[...source.headers], ...rows]).toEqual(expected);
    expect(lines).toEqual(rows.map((_, i) => i + 2));
  });

  it('decodes UTF-8 characters cut across chunk boundaries', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => [`Renée–${i}`, `Zoë “${i % 7}”`]);
    const path = dir.write('utf8-long.csv', `Name,Town\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    expect(await allRows(await openCsv(path))).toEqual(rows);
  });

  it('numbers rows as records: a quoted newline stays in its row, blank lines are skipped', async () => {
    const source = await openCsv(dir.write('lines.csv', 'A,B\n"two\nlines",1\n\n2,3\n'));
    const rows: Array<[number, string[]]> = [];
    for await (const row of rowsOf(source)) rows.push([row.line, row.cells]);
    expect(rows).toEqual([
      [2, ['two\nlines', '1']],
      [3, ['2', '3']],
    ]);
  });

  it('stops early for a preview: most of a large file is never read', async () => {
    const big = await fixture(dir, 'victims', 30_000);
    const source = await openCsv(big.path);
    for await (const batch of source.batches()) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    expect(source.bytesRead()).toBeLessThan(source.bytesTotal / 2);
    await source.close();
    const preview = await previewFile(big.path, { rows: 5 });
    expect(preview.rows).toHaveLength(5);
    expect(preview.headers).toEqual(big.headers);
  });
});

describe('XLSX reader', () => {
  it('lists sheets and reads the first or a chosen one', async () => {
    const path = dir.file('several.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRows([['About'], ['This extract covers 2021/22']]);
    const data = workbook.addWorksheet('Victims');
    data.addRow(['Date', 'Age', 'Gender']);
    data.addRow([new Date(Date.UTC(2021, 5, 3)), 34, 'F']);
    data.addRow([44500, 19, 'M']);
    workbook.addWorksheet('Empty');
    await workbook.xlsx.writeFile(path);

    expect(await listSheets(path)).toEqual(['Notes', 'Victims', 'Empty']);
    const first = await openXlsx(path);
    expect(first.sheet).toBe('Notes');
    expect(first.headers).toEqual(['About']);
    await first.close();
    const chosen = await openXlsx(path, { sheet: 'Victims' });
    expect(chosen.headers).toEqual(['Date', 'Age', 'Gender']);
    expect(await allRows(chosen)).toEqual([
      ['2021-06-03', '34', 'F'],
      ['44500', '19', 'M'],
    ]);
    const missing = await failure(openXlsx(path, { sheet: 'Suspects' }));
    expect(missing.message).toMatch(/no sheet named "Suspects".*Notes, Victims, Empty/);
    const empty = await failure(openXlsx(path, { sheet: 'Empty' }));
    expect(empty.message).toMatch(/"Empty" is empty/);
  });

  it('refuses a CSV renamed .xlsx', async () => {
    const error = await failure(openXlsx(dir.write('text.xlsx', 'A,B\n1,2\n')));
    expect(error.code).toBe('INVALID_FILE');
  });

  it('reads a generated messy workbook whole', async () => {
    const book = await fixture(dir, 'offenders', 1500, { ext: 'xlsx' });
    const preview = await previewFile(book.path, { rows: 3 });
    expect(preview.sheets).toEqual(['Extract']);
    expect(preview.headers).toEqual(book.headers);
    const rows = await allRows(await openXlsx(book.path));
    expect(rows).toHaveLength(1500);
  });
});
