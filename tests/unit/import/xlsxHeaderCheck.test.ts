// The header check and positional reading for workbooks, on the real street files saved as
// .xlsx (every cell text, as the CSV has it): the sheet of January 2021, whose header was lost, is
// said to start with data for the same reason as the CSV; August 2019 has its header. Through `vso`
// as a real process, January is refused, then appended with --no-header by position, and the
// dataset holds the rows of a second, simple reading of both CSV files.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openXlsx } from '../../../src-main/import/readXlsx.ts';
import { previewFile } from '../../../src-main/import/preview.ts';
import { rowsOf } from '../../../src-main/import/tableSource.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { runVso } from '../../helpers/cli.ts';
import { PASSPHRASE, TempDir } from './importTestKit.ts';

const REAL = resolve(import.meta.dirname, '../../../fixtures/real');
const AUGUST = resolve(REAL, '2019-08-cambridgeshire-street.csv');
const JANUARY = resolve(REAL, '2021-01-cambridgeshire-street.csv');

/** The file's lines split by comma (these files quote nothing). */
function lines(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split(/\r\n|\n|\r/)
    .filter((l) => l !== '')
    .map((l) => l.split(','));
}

/** The CSV's lines as a one-sheet workbook of text cells. */
async function asWorkbook(csv: string, out: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Crimes');
  for (const cells of lines(csv)) sheet.addRow(cells);
  await book.xlsx.writeFile(out);
  return out;
}

const dir = new TempDir();
const file = dir.file('xlsx.vsow');
let august = '';
let january = '';
const vso = (args: string[]) => runVso(args, { VSO_PASSPHRASE: PASSPHRASE }, 120_000);

beforeAll(async () => {
  august = await asWorkbook(AUGUST, dir.file('2019-08-street.xlsx'));
  january = await asWorkbook(JANUARY, dir.file('2021-01-street.xlsx'));
  Workspace.create(file, PASSPHRASE).close();
});
afterAll(() => dir.remove());

describe('header check of a workbook', () => {
  it('says the headerless sheet starts with data, and finds the header of the other', async () => {
    const headerless = await previewFile(january);
    expect(headerless.firstLineIsData).toMatch(/“2021-01” in column 2 is a month, as the values below it are/);
    const headed = await previewFile(august);
    expect(headed.firstLineIsData).toBeUndefined();
    expect(headed.headers).toEqual(lines(AUGUST)[0]);
  });

  it('reads a sheet without a header from its first row, columns named by position or as given', async () => {
    const source = await openXlsx(january, { header: false, columnNames: ['Crime ID', 'Month'] });
    expect(source.hasHeader).toBe(false);
    expect(source.headers.slice(0, 3)).toEqual(['Crime ID', 'Month', 'Column 3']);
    const rows = [];
    for await (const row of rowsOf(source)) rows.push(row);
    expect(rows[0]?.line).toBe(1);
    // A sheet row ends at its last filled cell.
    const filled = (cells: readonly string[]) => cells.join(',').replace(/,+$/, '');
    expect(rows.map((r) => filled(r.cells))).toEqual(lines(JANUARY).map(filled));
  });

  it('through vso: refuses the headerless sheet, then appends it by position with --no-header', () => {
    const first = vso(['--json', 'import', file, '--context', 'street', '--input', august]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);

    const refused = vso(['import', file, '--context', 'street', '--input', january]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/2021-01-street\.xlsx, line 1: this looks like data, not a header line/);

    const appended = vso(['--json', 'import', file, '--context', 'street', '--input', january, '--no-header']);
    expect(appended.stderr).toBe('');
    expect(appended.code).toBe(0);
    const result = JSON.parse(appended.stdout) as { rows: number; files: Array<{ rows: number; appended: boolean }> };
    expect(result.files).toMatchObject([{ rows: lines(JANUARY).length, appended: true }]);

    const ws = Workspace.open(file, PASSPHRASE);
    try {
      const months = ws.db.prepare('SELECT month, count(*) AS n FROM ctx_street GROUP BY month ORDER BY month').all();
      expect(months).toEqual([
        { month: '2019-08', n: lines(AUGUST).length - 1 },
        { month: '2021-01', n: lines(JANUARY).length },
      ]);
    } finally {
      ws.close();
    }
  });
});
