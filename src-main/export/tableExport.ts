// Tables leave the workspace as XLSX (a formatted sheet and a Metadata sheet) and CSV.
// Both refuse a result without disclosure control, print [c] for suppressed cells, and carry
// the footnotes: period, filters, disclosure rule, source.
//
// CSV choice: the footnotes follow the table after one empty line, each as a line starting
// with "# " (pandas `comment="#"`, R `comment.char = "#"` skip them; Excel shows them as notes
// under the table). The file is UTF-8 with a byte order mark, so Excel reads accents and "–".
import ExcelJS from 'exceljs';
import type { QueryResult } from '../../shared/query.ts';
import { APP_VERSION } from '../appVersion.ts';
import { SUPPRESSED_MARKER } from '../disclosure/footnote.ts';
import { csvField } from './csvCell.ts';
import { requireDisclosure } from './disclosureGuard.ts';
import { type TableGrid, rowValuesOf, tableGrid } from './tableGrid.ts';

export interface TableContext {
  title: string;
  notes?: string;
  labelOf: (field: string) => string;
  /** Footnote lines: footnoteLines(spec, labelOf, disclosure, { source, synthetic }). */
  footnote: readonly string[];
  /** The figure or query spec, stored in the metadata so the table can be made again. */
  spec: unknown;
  generatedAt: Date;
  synthetic: boolean;
}

const COUNT_FORMAT = '#,##0';
const DERIVED_FORMAT = '#,##0.0';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF3' } };

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function safeSheetName(name: string, taken: ReadonlySet<string> = new Set()): string {
  const base = (name.replace(/[:\\/?*[\]]/g, ' ').trim() || 'Table').slice(0, 31).trimEnd();
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i += 1)
    candidate = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  return candidate;
}

function writeValue(cell: ExcelJS.Cell, value: number | null, format: string): void {
  if (value === null) {
    cell.value = SUPPRESSED_MARKER;
    cell.alignment = { horizontal: 'right' };
  } else {
    cell.value = value;
    cell.numFmt = format;
  }
}

function writeBlock(
  sheet: ExcelJS.Worksheet,
  grid: TableGrid,
  startRow: number,
  header: string[],
  rows: Array<{ keys: string[]; values: Array<number | null>; isTotal: boolean }>,
  format: string,
): number {
  let r = startRow;
  const headerRow = sheet.getRow(r);
  header.forEach((text, c) => {
    const cell = headerRow.getCell(c + 1);
    cell.value = text;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = { bottom: { style: 'thin' } };
    cell.alignment = { horizontal: c < grid.rowKeyColumns ? 'left' : 'right', wrapText: true, vertical: 'bottom' };
  });
  r += 1;
  for (const row of rows) {
    const excelRow = sheet.getRow(r);
    row.keys.forEach((key, c) => {
      excelRow.getCell(c + 1).value = key;
    });
    row.values.forEach((value, c) => writeValue(excelRow.getCell(grid.rowKeyColumns + c + 1), value, format));
    if (row.isTotal) {
      for (let c = 1; c <= header.length; c += 1) {
        const cell = excelRow.getCell(c);
        cell.font = { bold: true };
        cell.border = { top: { style: 'thin' } };
      }
    }
    r += 1;
  }
  return r;
}

/** Adds the formatted table sheet to a workbook (also used by the report pack's index). */
export function addTableSheet(
  workbook: ExcelJS.Workbook,
  result: QueryResult,
  context: TableContext,
  sheetName: string,
): ExcelJS.Worksheet {
  requireDisclosure(result, `the table "${context.title}"`);
  const grid = tableGrid(result, context.labelOf);
  const sheet = workbook.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: 0, xSplit: grid.rowKeyColumns }],
  });
  const title = sheet.getCell('A1');
  title.value = context.title === '' ? 'Table' : context.title;
  title.font = { bold: true, size: 14 };
  let r = 2;
  if (context.notes) {
    sheet.getCell(`A${r}`).value = context.notes;
    r += 1;
  }
  r += 1;
  const body = grid.rows.map((row) => ({ keys: row.keys, values: rowValuesOf(row), isTotal: row.isTotal }));
  r = writeBlock(sheet, grid, r, grid.header, body, COUNT_FORMAT);
  if (grid.derived) {
    r += 1;
    sheet.getCell(`A${r}`).value = grid.derived.title;
    sheet.getCell(`A${r}`).font = { bold: true };
    r += 1;
    const header = grid.header.slice(0, grid.header.length - (grid.hasTotalColumn ? 1 : 0));
    r = writeBlock(
      sheet,
      grid,
      r,
      header,
      grid.derived.rows.map((row) => ({ keys: row.keys, values: row.cells, isTotal: false })),
      DERIVED_FORMAT,
    );
  }
  r += 1;
  for (const line of context.footnote) {
    const cell = sheet.getCell(`A${r}`);
    cell.value = line;
    cell.font = { italic: true, color: { argb: 'FF5B6472' } };
    r += 1;
  }
  grid.header.forEach((header, c) => {
    const longest = Math.max(
      header.length,
      ...grid.rows.map((row) => (c < grid.rowKeyColumns ? (row.keys[c] ?? '').length : 8)),
    );
    sheet.getColumn(c + 1).width = Math.min(48, Math.max(c < grid.rowKeyColumns ? 14 : 10, longest + 2));
  });
  return sheet;
}

function addMetadataSheet(workbook: ExcelJS.Workbook, result: QueryResult, context: TableContext): void {
  const disclosure = requireDisclosure(result, `the table "${context.title}"`);
  const sheet = workbook.addWorksheet('Metadata');
  const rows: Array<[string, string | number | boolean]> = [
    ['Title', context.title],
    ['Generated at', context.generatedAt.toISOString()],
    ['App version', APP_VERSION],
    ['Synthetic data', context.synthetic ? 'Yes: generated records, not real people' : 'No'],
    ['Dataset', result.meta.cohort],
    ['Measure', result.meta.measure],
    ['Disclosure rule', JSON.stringify(disclosure.rule)],
    ['Disclosure footnote', disclosure.footnote],
    ['Cells suppressed (primary)', disclosure.primary.length],
    ['Cells suppressed (secondary)', disclosure.secondary.length],
    ['Rounded', disclosure.rounded ? 'Yes' : 'No'],
    ['Spec (JSON)', JSON.stringify(context.spec)],
  ];
  rows.forEach(([key, value], i) => {
    const row = sheet.getRow(i + 1);
    row.getCell(1).value = key;
    row.getCell(1).font = { bold: true };
    row.getCell(2).value = value;
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  });
  sheet.getColumn(1).width = 28;
  sheet.getColumn(2).width = 100;
}

export function newWorkbook(generatedAt: Date): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'VSO Workbench';
  workbook.created = generatedAt;
  workbook.modified = generatedAt;
  return workbook;
}

export async function tableToXlsx(result: QueryResult, context: TableContext): Promise<Buffer> {
  requireDisclosure(result, `the table "${context.title}"`);
  const workbook = newWorkbook(context.generatedAt);
  addTableSheet(workbook, result, context, safeSheetName(context.title || 'Table', new Set(['metadata'])));
  addMetadataSheet(workbook, result, context);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const CSV_BOM = '\uFEFF';

export function tableToCsv(result: QueryResult, context: TableContext): string {
  requireDisclosure(result, `the table "${context.title}"`);
  const grid = tableGrid(result, context.labelOf);
  const lines: string[] = [grid.header.map(csvField).join(',')];
  for (const row of grid.rows) {
    lines.push(
      [...row.keys, ...rowValuesOf(row).map((v) => (v === null ? SUPPRESSED_MARKER : v))].map(csvField).join(','),
    );
  }
  if (grid.derived) {
    lines.push('');
    lines.push(csvField(grid.derived.title));
    for (const row of grid.derived.rows) {
      lines.push([...row.keys, ...row.cells.map((v) => (v === null ? SUPPRESSED_MARKER : v))].map(csvField).join(','));
    }
  }
  lines.push('');
  lines.push(`# ${context.title}`);
  for (const line of context.footnote) lines.push(`# ${line}`);
  lines.push(`# Generated ${context.generatedAt.toISOString()} by VSO Workbench ${APP_VERSION}.`);
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
