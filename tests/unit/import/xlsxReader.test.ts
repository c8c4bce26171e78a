// The in-memory XLSX reader on workbooks built part by part (fflate's zipSync), so the zip's
// layout, the cell types and the sizes are exactly what each test needs: values of every
// kind, the sheet before the shared strings, and size bombs stopped with the limit named.
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors.ts';
import { listSheets, openXlsx, XLSX_LIMITS, type XlsxLimits } from '../../../src-main/import/readXlsx.ts';
import { serialDate } from '../../../src-main/import/sheetRows.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { createWorkspace, fixture, TempDir } from './importTestKit.ts';

const dir = new TempDir();
afterAll(() => dir.remove());

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface BookParts {
  sheets: Array<{ name: string; xml: string }>;
  shared?: string[] | string;
  styles?: string;
  date1904?: boolean;
  /** Zip the sheets before the workbook part and the shared strings (exceljs's streaming reader then used a temp file). */
  sheetsFirst?: boolean;
}

const escape = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

function sheetXml(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;
}

function book(parts: BookParts): Uint8Array {
  const sheets = parts.sheets.map((s, i) => `<sheet name="${escape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 10}"/>`);
  const rels = parts.sheets.map(
    (_, i) => `<Relationship Id="rId${i + 10}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  const shared =
    parts.shared === undefined
      ? undefined
      : typeof parts.shared === 'string'
        ? parts.shared
        : `<sst xmlns="${MAIN}">${parts.shared.map((s) => `<si><t xml:space="preserve">${escape(s)}</t></si>`).join('')}</sst>`;
  if (shared !== undefined)
    rels.push(`<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (parts.styles !== undefined) rels.push(`<Relationship Id="rId3" Type="${REL}/styles" Target="/xl/styles.xml"/>`);
  const sheetFiles: Record<string, Uint8Array> = {};
  parts.sheets.forEach((s, i) => (sheetFiles[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(s.xml)));
  const rest: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<Types/>'),
    '_rels/.rels': strToU8(
      `<Relationships><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr${parts.date1904 ? ' date1904="1"' : ''}/><sheets>${sheets.join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(`<Relationships>${rels.join('')}</Relationships>`),
  };
  if (shared !== undefined) rest['xl/sharedStrings.xml'] = strToU8(shared);
  if (parts.styles !== undefined) rest['xl/styles.xml'] = strToU8(parts.styles);
  return zipSync(parts.sheetsFirst ? { ...sheetFiles, ...rest } : { ...rest, ...sheetFiles });
}

let written = 0;
function write(parts: BookParts | Uint8Array): string {
  return dir.write(`book-${++written}.xlsx`, Buffer.from(parts instanceof Uint8Array ? parts : book(parts)));
}

async function rowsOf(path: string, options: { sheet?: string; limits?: Partial<XlsxLimits> } = {}) {
  const source = await openXlsx(path, options);
  const rows: Array<{ line: number; cells: string[] }> = [];
  for await (const batch of source.batches()) rows.push(...batch);
  return { headers: source.headers, rows, source };
}

async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

const STYLES = `<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.00&quot;d&quot;"/></numFmts>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14"/><xf numFmtId="165"/><xf numFmtId="22"/></cellXfs></styleSheet>`;

describe('XLSX reader in memory', () => {
  it('reads every kind of cell, with the sheet zipped before the shared strings', async () => {
    const rows =
      `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Age</t></is></c><c r="D1" t="str"><v>Flag</v></c><c r="E1" t="s"><v>2</v></c></row>` +
      `<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="1"><v>44350</v></c><c r="C2"><v>34</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="str"><f>A2</f><v>O&apos;Brien &amp; Co_x000D_</v></c></row>` +
      `<row r="4"><c r="A4" t="inlineStr"><is><r><t>Ann</t></r><r><rPr><b/></rPr><t xml:space="preserve"> Lee</t></r><rPh><t>アン</t></rPh></is></c><c r="B4" s="2"><v>44500.5</v></c><c r="C4" s="3"><v>1.50</v></c><c r="D4" t="e"><v>#N/A</v></c><c r="E4" s="4"><v>44500.75</v></c></row>` +
      `<row r="5"><c r="B5" t="d"><v>2021-06-03T00:00:00Z</v></c><c r="E5" t="s"><v>4</v></c></row>`;
    const path = write({
      sheets: [{ name: 'Victims & co', xml: sheetXml(rows) }],
      shared: ['Name', 'Date', 'Note', 'Zoë “quoted” <b>', 'Rich'],
      styles: STYLES,
      sheetsFirst: true,
    });
    const { headers, rows: read, source } = await rowsOf(path);
    expect(source.sheet).toBe('Victims & co');
    expect(headers).toEqual(['Name', 'Date', 'Age', 'Flag', 'Note']);
    expect(read).toEqual([
      { line: 2, cells: ['Zoë “quoted” <b>', '2021-06-03', '34', 'TRUE', "O'Brien & Co\r"] },
      { line: 4, cells: ['Ann Lee', '2021-10-31 12:00', '1.5', '', '2021-10-31 18:00'] },
      { line: 5, cells: ['', '2021-06-03', '', '', 'Rich'] },
    ]);
    expect(source.bytesRead()).toBe(source.bytesTotal);
  });

  it('reads the 1904 date system and namespace-prefixed elements', async () => {
    const xml =
      `<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>When</x:t></x:is></x:c></x:row>` +
      `<x:row r="2"><x:c r="A2" s="1"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const { headers, rows } = await rowsOf(write({ sheets: [{ name: 'S', xml }], styles: STYLES, date1904: true }));
    expect(headers).toEqual(['When']);
    expect(rows).toEqual([{ line: 2, cells: ['1904-01-01'] }]);
    // The serial day count computed a second way: days from 1970-01-01 back to 1899-12-30.
    expect(serialDate(25569, false).toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('reads what exceljs writes (shared strings, dates, a chosen sheet) like its own reader did', async () => {
    const path = dir.file('exceljs.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRows([['About']]);
    const data = workbook.addWorksheet('Data');
    data.addRow(['Ref', 'When', 'Count']);
    data.addRow(['R1', new Date(Date.UTC(2022, 0, 2)), 3]);
    data.addRow(['R2', new Date(Date.UTC(2022, 0, 2, 9, 30)), 4.25]);
    await workbook.xlsx.writeFile(path);
    expect(await listSheets(path)).toEqual(['Notes', 'Data']);
    const { rows } = await rowsOf(path, { sheet: 'Data' });
    expect(rows.map((r) => r.cells)).toEqual([
      ['R1', '2022-01-02', '3'],
      ['R2', '2022-01-02 09:30', '4.25'],
    ]);
  });

  it('drops blank rows, formatted empty cells and trailing empty rows instead of making rows of them', async () => {
    const data = Array.from(
      { length: 50 },
      (_, i) =>
        `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>P${i}</t></is></c><c r="B${i + 2}"><v>${i}</v></c><c r="C${i + 2}" s="1"/></row>`,
    ).join('');
    let empty = '';
    for (let r = 52; r < 200_052; r++)
      empty += `<row r="${r}" spans="1:3"><c r="A${r}" s="1"/><c r="B${r}" t="inlineStr"><is><t> </t></is></c></row>`;
    const header =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c><c r="B1" t="inlineStr"><is><t>N</t></is></c></row>';
    const { rows } = await rowsOf(
      write({ sheets: [{ name: 'S', xml: sheetXml(header + data + empty) }], styles: STYLES }),
    );
    expect(rows).toHaveLength(50);
    expect(rows.every((r, i) => r.cells.length === 2 && r.cells[0] === `P${i}` && r.line === i + 2)).toBe(true);
  });

  it("refuses a row past Excel's 1,048,576 rows, naming the limit", async () => {
    const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c></row>';
    const far = '<row r="1048577"><c r="A1048577" s="1"/></row>';
    const error = await failure(rowsOf(write({ sheets: [{ name: 'S', xml: sheetXml(header + far) }] })));
    expect(error.message).toMatch(/row 1,048,577 is past the limit of 1,048,576 rows a sheet/);
  });

  it('stops a sheet that unpacks past the limit, before inflating when its size says so', async () => {
    let rows = '';
    for (let r = 1; r <= 20_000; r++) rows += `<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`;
    const xml = sheetXml(rows);
    const path = write({ sheets: [{ name: 'Big', xml }] });
    const limit = Math.floor(xml.length / 2);
    const error = await failure(rowsOf(path, { limits: { sheetBytes: limit } }));
    expect(error.code).toBe('INVALID_FILE');
    expect(error.message).toMatch(
      /the sheet "Big" \(xl\/worksheets\/sheet1\.xml\) unpacks to .* over this app's limit/,
    );
    expect((await rowsOf(path, { limits: { sheetBytes: xml.length } })).rows).toHaveLength(19_999);
  });

  it('stops a part that inflates to more than its zip entry declares (a lying size)', async () => {
    let rows = '';
    for (let r = 1; r <= 5000; r++) rows += `<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`;
    const zip = Buffer.from(book({ sheets: [{ name: 'S', xml: sheetXml(rows) }] }));
    // Shrink the declared size of the sheet in the central directory to a tenth.
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const at = zip.lastIndexOf(name) - 46;
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    zip.writeUInt32LE(Math.floor(zip.readUInt32LE(at + 24) / 10), at + 24);
    const error = await failure(rowsOf(write(zip)));
    expect(error.message).toMatch(/sheet1\.xml unpacks to more than it declares/);
  });

  it('refuses a part packed far tighter than any real sheet (a zip bomb)', async () => {
    const rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c></row>' + '<row/>'.repeat(400_000);
    const path = write({ sheets: [{ name: 'S', xml: sheetXml(rows) }] });
    const error = await failure(rowsOf(path, { limits: { ratio: 50, ratioFromBytes: 1024 } }));
    expect(error.message).toMatch(/unpacks to \d+ times its packed size, over this app's limit of 50 times/);
  });

  it('stops shared strings past their count or size, naming the limit', async () => {
    const shared = Array.from({ length: 3000 }, (_, i) => `text ${i}`);
    const xml = sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>');
    const path = write({ sheets: [{ name: 'S', xml }], shared });
    expect((await failure(rowsOf(path, { limits: { sharedStrings: 2000 } }))).message).toMatch(
      /more than 2,000 different texts \(shared strings\)/,
    );
    expect((await failure(rowsOf(path, { limits: { sharedStringsBytes: 1000 } }))).message).toMatch(
      /the shared strings \(xl\/sharedStrings\.xml\) unpacks to .* limit/,
    );
    expect((await rowsOf(path)).headers).toEqual(['text 0']);
  });

  it('refuses a workbook file over the size limit before reading it', async () => {
    const path = write({ sheets: [{ name: 'S', xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row>') }] });
    const error = await failure(openXlsx(path, { limits: { fileBytes: 100 } }));
    expect(error.message).toMatch(/over this app's limit of 0 MB for a workbook/);
    expect(XLSX_LIMITS.maxRows).toBe(1_048_576);
  });

  it('refuses a cell pointing past the shared strings and a zip that is cut short', async () => {
    const xml = sheetXml(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>H</t></is></c></row><row r="2"><c r="A2" t="s"><v>9</v></c></row>',
    );
    const path = write({ sheets: [{ name: 'S', xml }], shared: ['only'] });
    expect((await failure(rowsOf(path))).message).toMatch(
      /row 2, column 1: the cell points to a text the workbook does not hold/,
    );
    const whole = book({ sheets: [{ name: 'S', xml }] });
    const cut = write(whole.subarray(0, whole.length - 30));
    expect((await failure(openXlsx(cut))).code).toBe('INVALID_FILE');
  });

  it('imports a sheet padded with 300,000 formatted empty rows as its data rows only, none rejected for it', async () => {
    const extract = await fixture(dir, 'victims', 500, { ext: 'xlsx', seed: 3 });
    const parts = unzipSync(readFileSync(extract.path));
    const sheet = new TextDecoder().decode(parts['xl/worksheets/sheet1.xml']);
    let padding = '';
    for (let r = 502; r < 300_502; r++)
      padding += `<row r="${r}"><c r="A${r}" s="1"/><c r="C${r}" t="inlineStr"><is><t></t></is></c></row>`;
    parts['xl/worksheets/sheet1.xml'] = strToU8(sheet.replace('</sheetData>', `${padding}</sheetData>`));
    const padded = write(zipSync(parts));
    const plain = createWorkspace(dir, 'plain.vsow');
    const unpadded = await runImport(plain, { cohort: 'victims', path: extract.path });
    plain.close();
    const ws = createWorkspace(dir, 'padded.vsow');
    const result = await runImport(ws, { cohort: 'victims', path: padded });
    ws.close();
    expect(result.rowsRead).toBe(500);
    expect({ accepted: result.accepted, rejected: result.rejected }).toEqual({
      accepted: unpadded.accepted,
      rejected: unpadded.rejected,
    });
  }, 120_000);
});
