// Tables leave the workspace as XLSX and CSV. Both refuse a result without disclosure control,
// print [c] for suppressed cells ([z] and [x] for a derived number that does not apply or has no
// population), carry the statistics as published with the table, round as printed (counts whole,
// percentages and rates to 1 decimal, expected counts and residuals to 2), and the notes: period,
// filters, disclosure rule, source, one per marker used, and why a persons table's rows can add
// up to more than its total.
//
// XLSX choice: the layout of releaseWorkbook.ts (cover, contents, notes, one named table per
// sheet: counts, percentages or rates, statistics, expected counts, residuals), then Metadata.
//
// CSV choice: the footnotes follow the table after one empty line, each as a line starting
// with "# " (pandas `comment="#"`, R `comment.char = "#"` skip them; Excel shows them as notes
// under the table). The file is UTF-8 with a byte order mark, so Excel reads accents and "–".
import type ExcelJS from 'exceljs';
import { MARKERS, MARKER_FOOTNOTES, type Marker } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import { APP_VERSION } from '../appVersion.ts';
import { SUPPRESSED_MARKER } from '../disclosure/footnote.ts';
import { csvField } from './csvCell.ts';
import { requireDisclosure } from './disclosureGuard.ts';
import { DECIMALS, personsNote, releaseTables, roundTo } from './releaseTables.ts';
import { addMetadataSheet, addReleaseTables, newReleaseWorkbook } from './releaseWorkbook.ts';
import { type DerivedBlock, type TableGrid, rowValuesOf, tableGrid } from './tableGrid.ts';

export interface TableContext {
  title: string;
  /** The figure's own notes: internal to the workspace, never printed in an export. */
  notes?: string;
  labelOf: (field: string) => string;
  /** Footnote lines: footnoteLines(spec, labelOf, disclosure, { source, synthetic }). */
  footnote: readonly string[];
  /** The figure or query spec, stored in the metadata so the table can be made again. */
  spec: unknown;
  generatedAt: Date;
  synthetic: boolean;
  /** The cover's contact line (the team that produces the statistics); said to be missing when absent. */
  contact?: string;
  /** The release these tables belong to, for the cover. */
  release?: string;
}

/** Excel sheet names: at most 31 characters, none of : \\ / ? * [ ]. */
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
}

/** Every marker the grid prints, once per number it stands for (what the file shows). */
export function markersOf(grid: TableGrid): Marker[] {
  const found: Marker[] = [];
  for (const row of grid.rows) for (const v of rowValuesOf(row)) if (v === null) found.push(MARKERS.confidential);
  const limits = grid.limits ? [grid.limits.lower, grid.limits.upper] : [];
  const blocks = [...(grid.derived ? [grid.derived] : []), ...limits, ...(grid.stats?.cells ?? [])];
  for (const block of blocks)
    for (const row of block.rows)
      row.cells.forEach((v, c) => {
        if (v === null) found.push(row.markers[c] ?? MARKERS.confidential);
      });
  for (const line of grid.stats?.summary ?? [])
    if (line.value === null && line.text === MARKERS.confidential) found.push(MARKERS.confidential);
  found.push(...(grid.changes?.markers ?? []));
  return found;
}

/** The footnotes of a table export: the caller's, the persons note, the statistics' notes, then one per marker used. */
export function exportFootnotes(grid: TableGrid, footnote: readonly string[], result?: QueryResult): string[] {
  const used = new Set(markersOf(grid));
  const markerLines = Object.values(MARKERS)
    .filter((m) => used.has(m))
    .map((m) => MARKER_FOOTNOTES[m]);
  const persons = result ? personsNote(result) : null;
  const uncertainty = [...(grid.limits?.notes ?? []), ...(grid.changes ? [grid.changes.note] : [])];
  return [...footnote, ...(persons ? [persons] : []), ...(grid.stats?.notes ?? []), ...uncertainty, ...markerLines];
}

function blockRows(block: DerivedBlock): BlockRow[] {
  return block.rows.map((row) => ({ keys: row.keys, values: row.cells, markers: row.markers }));
}

/**
 * Adds a result's tables to a workbook made by newWorkbook, one per sheet (Table_N, then
 * Table_N_percent or _rate, _stats, _expected, _residuals), and lists them on its cover, contents
 * and notes sheets. Returns the counts sheet. Sheets are numbered, as the layout asks, so the
 * name a caller suggests is not used.
 */
export function addTableSheet(
  workbook: ExcelJS.Workbook,
  result: QueryResult,
  context: TableContext,
  _suggestedName?: string,
): ExcelJS.Worksheet {
  requireDisclosure(result, `the table "${context.title}"`);
  const grid = tableGrid(result, context.labelOf);
  const title = context.title === '' ? 'Table' : context.title;
  const tables = releaseTables(result, grid, title, context.footnote);
  const [counts] = addReleaseTables(workbook, tables, context.footnote, {
    synthetic: context.synthetic,
    ...(context.contact ? { contact: context.contact } : {}),
    ...(context.release ? { release: context.release } : {}),
  });
  return counts!;
}

function metadataPairs(result: QueryResult, context: TableContext): Array<[string, string | number]> {
  const disclosure = requireDisclosure(result, `the table "${context.title}"`);
  const shown = markersOf(tableGrid(result, context.labelOf));
  const count = (marker: Marker): number => shown.filter((m) => m === marker).length;
  return [
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
}

function statisticsStatus(result: QueryResult): string {
  const publication = result.stats?.publication;
  if (!result.stats) return 'None';
  if (!publication || publication.status === 'full') return 'Published in full';
  return `${publication.status === 'coarsened' ? 'Coarsened' : 'Withheld'}: ${publication.note ?? ''}`.trim();
}

/** A workbook laid out for a release (cover, contents and notes first); `title` names it on the cover. */
export function newWorkbook(generatedAt: Date, title?: string): ExcelJS.Workbook {
  return newReleaseWorkbook(generatedAt, title);
}

export async function tableToXlsx(result: QueryResult, context: TableContext): Promise<Buffer> {
  requireDisclosure(result, `the table "${context.title}"`);
  const workbook = newWorkbook(context.generatedAt, context.title || 'Table');
  addTableSheet(workbook, result, context);
  addMetadataSheet(workbook, metadataPairs(result, context));
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
  // Derived numbers as printed: a fixed number of decimals, never a float's full expansion.
  const block = (title: string, rows: BlockRow[], decimals: number): void => {
    lines.push('');
    lines.push(csvField(title));
    for (const row of rows) {
      const values = row.values.map((v, c) =>
        v === null ? (row.markers?.[c] ?? SUPPRESSED_MARKER) : roundTo(v, decimals).toFixed(decimals),
      );
      lines.push([...row.keys, ...values].map(csvField).join(','));
    }
  };
  if (grid.derived) block(grid.derived.title, blockRows(grid.derived), DECIMALS.derived);
  for (const limit of grid.limits ? [grid.limits.lower, grid.limits.upper] : [])
    block(limit.title, blockRows(limit), DECIMALS.derived);
  if (grid.changes) {
    lines.push('');
    lines.push(csvField(grid.changes.title));
    for (const row of grid.changes.rows) lines.push([...row.keys, ...row.cells].map(csvField).join(','));
  }
  if (grid.stats) {
    lines.push('');
    lines.push(csvField('Statistics'));
    for (const line of grid.stats.summary) lines.push([line.label, line.value ?? line.text].map(csvField).join(','));
    for (const cells of grid.stats.cells) block(cells.title, blockRows(cells), DECIMALS.cellStats);
  }
  lines.push('');
  lines.push(`# ${context.title}`);
  for (const line of exportFootnotes(grid, context.footnote, result)) lines.push(`# ${line}`);
  lines.push(`# Generated ${context.generatedAt.toISOString()} by VSO Workbench ${APP_VERSION}.`);
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
