// The time-to-outcome table as a file: one line per cell (totals included), with its records
// and the lower quartile, median and upper quartile of the days from offence to outcome; [c]
// where disclosure control withholds a number, [x] where a cell has no records to summarise.
// CSV as the table exports write it (UTF-8 with a byte order mark, footnotes as "# " lines
// after an empty line); XLSX as one sheet: title, the table, then the notes.
import type { OutcomeSummary, TimeToOutcomeResult } from '../../shared/contract/outcomes.ts';
import type { OutcomeDays } from '../../shared/outcomeDays.ts';
import type { QueryResult } from '../../shared/query.ts';
import { MARKERS, MARKER_FOOTNOTES } from '../../shared/markers.ts';
import { AppError } from '../../shared/errors.ts';
import { writeFileAtomic } from './atomicWrite.ts';
import { csvField } from './csvCell.ts';
import { exceljs } from './exceljsOnDemand.ts';

export const ALL_LABEL = 'All';

export interface OutcomeFileContext {
  title: string;
  labelOf: (field: string) => string;
  /** Filters, source and the like, one line each; the disclosure and marker notes are added here. */
  footnote: readonly string[];
  overwrite?: boolean;
  /** Cancels the write until the file moves into place: the previous file stays, no temporary file. */
  signal?: AbortSignal;
}

/** A time-to-outcome query's result (counts with their quartiles) as the time-to-outcome table. */
export function outcomeResultOf(result: QueryResult): TimeToOutcomeResult {
  const outcomes = result.outcomes;
  if (outcomes === undefined)
    throw new AppError('INTERNAL', 'The time-to-outcome table was counted without its quartiles; run it again.');
  const summary = (records: number | null | undefined, days: OutcomeDays | undefined): OutcomeSummary => ({
    records: records ?? null,
    q1: days?.q1 ?? null,
    median: days?.median ?? null,
    q3: days?.q3 ?? null,
    suppressed: days?.suppressed ?? records === null,
  });
  return {
    rows: result.rows,
    cols: result.cols,
    cells: result.counts.map((row, r) => row.map((count, c) => summary(count, outcomes.cells[r]?.[c]))),
    rowTotals: result.rowTotals.map((count, r) => summary(count, outcomes.rowTotals[r])),
    colTotals: result.colTotals.map((count, c) => summary(count, outcomes.colTotals[c])),
    total: summary(result.total, outcomes.total),
    disclosure: result.disclosure?.rule ?? null,
    meta: {
      recordsMatched: result.meta.recordsMatched,
      elapsedMs: result.meta.elapsedMs,
      warnings: result.meta.warnings,
    },
  };
}

/** The table's lines: header, then each cell, each row's total, each column's total, the total. */
export function outcomeLines(
  result: TimeToOutcomeResult,
  labelOf: (field: string) => string,
): { header: string[]; rows: Array<Array<string | number>> } {
  const fields = [...result.rows.fields, ...result.cols.fields];
  const header = [...fields.map(labelOf), 'Records', 'Lower quartile (days)', 'Median (days)', 'Upper quartile (days)'];
  const hasCols = result.cols.fields.length > 0;
  const hasRows = result.rows.fields.length > 0;
  const rowLabel = (r: number | null): string[] =>
    hasRows ? [r === null ? ALL_LABEL : (result.rows.keys[r]?.[0] ?? '')] : [];
  const colLabel = (c: number | null): string[] =>
    hasCols ? [c === null ? ALL_LABEL : (result.cols.keys[c]?.[0] ?? '')] : [];
  const line = (labels: string[], cell: OutcomeSummary): Array<string | number> => [
    ...labels,
    cell.records ?? MARKERS.confidential,
    ...[cell.q1, cell.median, cell.q3].map((v) =>
      v !== null ? v : cell.suppressed ? MARKERS.confidential : MARKERS.notAvailable,
    ),
  ];
  const rows: Array<Array<string | number>> = [];
  if (hasRows || hasCols) {
    result.cells.forEach((cells, r) =>
      cells.forEach((cell, c) => rows.push(line([...rowLabel(r), ...colLabel(c)], cell))),
    );
    if (hasRows && hasCols) {
      result.rowTotals.forEach((cell, r) => rows.push(line([...rowLabel(r), ...colLabel(null)], cell)));
      result.colTotals.forEach((cell, c) => rows.push(line([...rowLabel(null), ...colLabel(c)], cell)));
    }
  }
  rows.push(line([...rowLabel(null), ...colLabel(null)], result.total));
  return { header, rows };
}

/** The notes every file carries: the caller's, the method, the disclosure rule, the markers used. */
export function outcomeNotes(result: TimeToOutcomeResult, footnote: readonly string[]): string[] {
  const rule = result.disclosure;
  if (rule === null)
    throw new AppError('DISCLOSURE_REQUIRED', 'The time-to-outcome table has no disclosure control; exports apply it.');
  const printed = outcomeLines(result, (f) => f).rows.flat();
  return [
    ...footnote,
    'Days from the offence date to the outcome date, for suspects with both; quartiles by linear interpolation (R type 7, Excel QUARTILE.INC).',
    `Counts below ${rule.threshold} suppressed, with secondary suppression${rule.round === null ? '' : `, rounded to base ${rule.round}`}; quartiles shown only where at least ${rule.threshold} records and ${rule.threshold} persons stand behind them.`,
    ...[MARKERS.confidential, MARKERS.notAvailable]
      .filter((marker) => printed.includes(marker))
      .map((marker) =>
        marker === MARKERS.notAvailable ? '[x] not available: no records to summarise.' : MARKER_FOOTNOTES[marker],
      ),
  ];
}

export function outcomeCsv(result: TimeToOutcomeResult, context: OutcomeFileContext): string {
  const { header, rows } = outcomeLines(result, context.labelOf);
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  const notes = outcomeNotes(result, context.footnote).map((note) => `# ${note}`);
  return `\uFEFF${[...lines, '', ...notes].join('\r\n')}\r\n`;
}

export async function outcomeWorkbook(result: TimeToOutcomeResult, context: OutcomeFileContext): Promise<Buffer> {
  const { header, rows } = outcomeLines(result, context.labelOf);
  const { Workbook } = exceljs();
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('Time to outcome');
  sheet.addRow([context.title]).font = { bold: true, size: 15 };
  sheet.addRow([]);
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.addRow([]);
  sheet.addRow(['Notes']).font = { bold: true };
  for (const note of outcomeNotes(result, context.footnote)) sheet.addRow([note]);
  header.forEach((_, i) => (sheet.getColumn(i + 1).width = i < header.length - 4 ? 28 : 16));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The table's file as CSV text or an XLSX workbook. */
export async function outcomeFileContent(
  result: TimeToOutcomeResult,
  format: 'csv' | 'xlsx',
  context: OutcomeFileContext,
): Promise<string | Buffer> {
  return format === 'csv' ? outcomeCsv(result, context) : outcomeWorkbook(result, context);
}

/** Writes the table to `path` as CSV or XLSX; returns the bytes written. */
export async function writeOutcomeFile(
  result: TimeToOutcomeResult,
  format: 'csv' | 'xlsx',
  path: string,
  context: OutcomeFileContext,
): Promise<number> {
  const data = await outcomeFileContent(result, format, context);
  return writeFileAtomic(path, data, { overwrite: context.overwrite === true, signal: context.signal });
}
