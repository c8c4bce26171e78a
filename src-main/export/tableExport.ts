// Tables leave the workspace as XLSX (a formatted sheet and a Metadata sheet) and CSV.
// Both refuse a result without disclosure control, print [c] for suppressed cells ([z] and [x]
// for a derived number that does not apply or has no population), carry the statistics as
// published with the table, and the footnotes: period, filters, disclosure rule, source, and
// one per marker used.
//
// CSV choice: the footnotes follow the table after one empty line, each as a line starting
// with "# " (pandas `comment="#"`, R `comment.char = "#"` skip them; Excel shows them as notes
// under the table). The file is UTF-8 with a byte order mark, so Excel reads accents and "–".
import ExcelJS from 'exceljs';
import { MARKERS, MARKER_FOOTNOTES, type Marker } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import { APP_VERSION } from '../appVersion.ts';
import { SUPPRESSED_MARKER } from '../disclosure/footnote.ts';
import { csvField } from './csvCell.ts';
import { requireDisclosure } from './disclosureGuard.ts';
import { type DerivedBlock, type TableGrid, rowValuesOf, tableGrid } from './tableGrid.ts';

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
const CELL_STATS_FORMAT = '0.00';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF3' } };

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function safeSheetName(name: string, taken: ReadonlySet<string> = new Set()): string {
  const base = (name.replace(/[:\\/?*[\]]/g, ' ').trim() || 'Table').slice(0, 31).trimEnd();
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i += 1)
    candidate = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  return candidate;
}

interface BlockRow {
  keys: string[];
  values: Array<number | null>;
  /** The marker of each missing value; [c] where absent. */
  markers?: Array<Marker | null>;
  isTotal: boolean;
}

/** Every marker the grid prints, once per number it stands for (what the file shows). */
export function markersOf(grid: TableGrid): Marker[] {
  const found: Marker[] = [];
  for (const row of grid.rows) for (const v of rowValuesOf(row)) if (v === null) found.push(MARKERS.confidential);
  const blocks = [...(grid.derived ? [grid.derived] : []), ...(grid.stats?.cells ?? [])];
  for (const block of blocks)
    for (const row of block.rows)
      row.cells.forEach((v, c) => {
        if (v === null) found.push(row.markers[c] ?? MARKERS.confidential);
      });
  for (const line of grid.stats?.summary ?? [])
    if (line.value === null && line.text === MARKERS.confidential) found.push(MARKERS.confidential);
  return found;
}

/** The footnotes of a table export: the caller's, the statistics' notes, then one per marker used. */
export function exportFootnotes(grid: TableGrid, footnote: readonly string[]): string[] {
  const used = new Set(markersOf(grid));
  const markerLines = Object.values(MARKERS)
    .filter((m) => used.has(m))
    .map((m) => MARKER_FOOTNOTES[m]);
  return [...footnote, ...(grid.stats?.notes ?? []), ...markerLines];
}

function blockRows(block: DerivedBlock): BlockRow[] {
  return block.rows.map((row) => ({ keys: row.keys, values: row.cells, markers: row.markers, isTotal: false }));
}

function writeValue(cell: ExcelJS.Cell, value: number | null, format: string, marker: Marker | null = null): void {
  if (value === null) {
    cell.value = marker ?? SUPPRESSED_MARKER;
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
  rows: BlockRow[],
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
    row.values.forEach((value, c) =>
      writeValue(excelRow.getCell(grid.rowKeyColumns + c + 1), value, format, row.markers?.[c] ?? null),
    );
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
    r = writeBlock(sheet, grid, r, header, blockRows(grid.derived), DERIVED_FORMAT);
  }
  if (grid.stats) r = writeStats(sheet, grid, r);
  r += 1;
  for (const line of exportFootnotes(grid, context.footnote)) {
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

/** The statistics block: one line per statistic, then expected counts and residuals per cell. */
function writeStats(sheet: ExcelJS.Worksheet, grid: TableGrid, startRow: number): number {
  const stats = grid.stats!;
  let r = startRow + 1;
  sheet.getCell(`A${r}`).value = 'Statistics';
  sheet.getCell(`A${r}`).font = { bold: true };
  r += 1;
  for (const line of stats.summary) {
    sheet.getCell(r, 1).value = line.label;
    const cell = sheet.getCell(r, grid.rowKeyColumns + 1);
    if (line.value === null) {
      cell.value = line.text;
      cell.alignment = { horizontal: 'right' };
    } else {
      cell.value = line.value;
      cell.numFmt = line.decimals === 0 ? '0' : `0.${'0'.repeat(line.decimals)}`;
    }
    r += 1;
  }
  const header = grid.header.slice(0, grid.header.length - (grid.hasTotalColumn ? 1 : 0));
  for (const block of stats.cells) {
    r += 1;
    sheet.getCell(`A${r}`).value = block.title;
    sheet.getCell(`A${r}`).font = { bold: true };
    r += 1;
    r = writeBlock(sheet, grid, r, header, blockRows(block), CELL_STATS_FORMAT);
  }
  return r;
}

function addMetadataSheet(workbook: ExcelJS.Workbook, result: QueryResult, context: TableContext): void {
  const disclosure = requireDisclosure(result, `the table "${context.title}"`);
  const shown = markersOf(tableGrid(result, context.labelOf));
  const count = (marker: Marker): number => shown.filter((m) => m === marker).length;
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
    ['Numbers shown as [c] (confidential)', count(MARKERS.confidential)],
    ['Numbers shown as [z] (not applicable)', count(MARKERS.notApplicable)],
    ['Numbers shown as [x] (not available)', count(MARKERS.notAvailable)],
    ['Statistics', statisticsStatus(result)],
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

function statisticsStatus(result: QueryResult): string {
  const publication = result.stats?.publication;
  if (!result.stats) return 'None';
  if (!publication || publication.status === 'full') return 'Published in full';
  return `${publication.status === 'coarsened' ? 'Coarsened' : 'Withheld'}: ${publication.note ?? ''}`.trim();
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
  const block = (title: string, rows: BlockRow[]): void => {
    lines.push('');
    lines.push(csvField(title));
    for (const row of rows) {
      const values = row.values.map((v, c) => (v === null ? (row.markers?.[c] ?? SUPPRESSED_MARKER) : v));
      lines.push([...row.keys, ...values].map(csvField).join(','));
    }
  };
  if (grid.derived) block(grid.derived.title, blockRows(grid.derived));
  if (grid.stats) {
    lines.push('');
    lines.push(csvField('Statistics'));
    for (const line of grid.stats.summary) lines.push([line.label, line.value ?? line.text].map(csvField).join(','));
    for (const cells of grid.stats.cells) block(cells.title, blockRows(cells));
  }
  lines.push('');
  lines.push(`# ${context.title}`);
  for (const line of exportFootnotes(grid, context.footnote)) lines.push(`# ${line}`);
  lines.push(`# Generated ${context.generatedAt.toISOString()} by VSO Workbench ${APP_VERSION}.`);
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
