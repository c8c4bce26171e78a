// One figure to one file: PNG, SVG or PDF of the chart, or XLSX or CSV of its table. The
// caller (API handler or CLI) writes the audit entry from auditDetailForExport().
import { extname } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import type { ChartType } from '../../shared/figure.ts';
import type { Theme } from '../../shared/infographic.ts';
import type { DisclosureReport, QueryResult } from '../../shared/query.ts';
import { checkedTarget, writeFileAtomic } from './atomicWrite.ts';
import { requireDisclosure } from './disclosureGuard.ts';
import { svgToPdf, type PdfPage } from './pdf.ts';
import { rasterise, type RasterSize } from './rasterise.ts';
import { renderChartSvg } from './svgChart.ts';
import { outlineSvgText } from './svgTextOutlines.ts';
import { errorBarNotes } from './chartErrorBars.ts';
import { changeMarkNotes } from './chartChangeMarks.ts';
import { tableToCsv, tableToXlsx } from './tableExport.ts';
import { outcomeCsv, outcomeResultOf, outcomeWorkbook } from './timeToOutcomeFiles.ts';

export const EXPORT_FORMATS = ['png', 'svg', 'pdf', 'xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportableFigure {
  name?: string;
  chart: ChartType;
  title: string;
  notes?: string;
  /** Draw categories and series whose published total is zero. */
  keepEmpty?: boolean;
  /** The query spec (stored in the XLSX metadata). */
  query?: unknown;
}

export interface FigureExportOptions {
  labelOf: (field: string) => string;
  /** footnoteLines(spec, labelOf, result.disclosure, { source, synthetic }). */
  footnote: readonly string[];
  /** Chart size in CSS pixels; 960 x 600 by default. */
  width?: number;
  height?: number;
  raster?: RasterSize;
  pdfPage?: PdfPage;
  theme?: Theme;
  generatedAt?: Date;
  synthetic?: boolean;
  /** The cover's contact line in XLSX; the cover says it is not set when absent. */
  contact?: string | null;
  /** Replace an existing file (the user confirmed, or gave --force); refused otherwise. */
  overwrite?: boolean;
  /** Cancels the export until its file moves into place: nothing is left, temporary file included. */
  signal?: AbortSignal;
}

export interface ExportedFile {
  path: string;
  bytes: number;
  format: ExportFormat;
}

export function formatFromPath(path: string): ExportFormat {
  const ext = extname(path).slice(1).toLowerCase();
  if ((EXPORT_FORMATS as readonly string[]).includes(ext)) return ext as ExportFormat;
  throw new AppError(
    'BAD_REQUEST',
    `Cannot tell the export format from ${path}: end the file name with .png, .svg, .pdf, .xlsx or .csv.`,
  );
}

/** The file's content in memory (the report pack and the API use it too). */
export async function renderFigure(
  result: QueryResult,
  figure: ExportableFigure,
  format: ExportFormat,
  options: FigureExportOptions,
): Promise<Buffer> {
  const title = figure.title || figure.name || 'Figure';
  requireDisclosure(result, `"${title}"`);
  const generatedAt = options.generatedAt ?? new Date();
  // A time-to-outcome figure's table is its quartiles, as the time-to-outcome export writes it.
  if ((format === 'xlsx' || format === 'csv') && figure.chart === 'outcome' && result.outcomes) {
    const context = { title, labelOf: options.labelOf, footnote: options.footnote };
    const table = outcomeResultOf(result);
    return format === 'xlsx' ? outcomeWorkbook(table, context) : Buffer.from(outcomeCsv(table, context), 'utf8');
  }
  if (format === 'xlsx' || format === 'csv') {
    const context = {
      title,
      notes: figure.notes ?? '',
      labelOf: options.labelOf,
      footnote: options.footnote,
      spec: figure.query ?? result.spec,
      generatedAt,
      synthetic: options.synthetic ?? false,
      ...(options.contact ? { contact: options.contact } : {}),
    };
    return format === 'xlsx' ? tableToXlsx(result, context) : Buffer.from(tableToCsv(result, context), 'utf8');
  }
  const svg = renderChartSvg(
    result,
    // The figure's notes are the analyst's own (kept in the XLSX and CSV): never printed on the chart.
    { chart: figure.chart, title: figure.title, keepEmpty: figure.keepEmpty ?? false },
    {
      width: options.width ?? 960,
      height: options.height ?? 600,
      labelOf: options.labelOf,
      footnote: [...options.footnote, ...errorBarNotes(result, figure.chart), ...changeMarkNotes(result, figure.chart)],
      ...(options.theme ? { theme: options.theme } : {}),
    },
  );
  // A standalone file draws its text as outlines: it looks the same without our fonts installed.
  if (format === 'svg') return Buffer.from(outlineSvgText(svg), 'utf8');
  if (format === 'png') return rasterise(svg, options.raster ?? { scale: 2 }).png;
  return svgToPdf(svg, { page: options.pdfPage ?? 'fit', title, creationDate: generatedAt, margin: 36 });
}

export async function exportFigure(
  result: QueryResult,
  figure: ExportableFigure,
  format: ExportFormat,
  outPath: string,
  options: FigureExportOptions,
): Promise<ExportedFile> {
  const target = await checkedTarget(outPath, { overwrite: options.overwrite === true });
  const content = await renderFigure(result, figure, format, options);
  const bytes = await writeFileAtomic(target, content, {
    overwrite: options.overwrite === true,
    signal: options.signal,
  });
  return { path: target, bytes, format };
}

export interface ExportAuditInput {
  what: 'figure' | 'table' | 'infographic' | 'report';
  name: string;
  files: ReadonlyArray<{ path: string; bytes: number; format: string }>;
  /** The rule(s) applied: one per result behind the export. */
  disclosure: ReadonlyArray<DisclosureReport>;
}

/** The audit entry's detail (action `export.<what>`): what, where, which rule, what was hidden. */
export function auditDetailForExport(input: ExportAuditInput): Record<string, unknown> {
  const rules = [...new Set(input.disclosure.map((d) => JSON.stringify(d.rule)))].map((r) => JSON.parse(r) as unknown);
  return {
    what: input.what,
    name: input.name,
    files: input.files.map((f) => ({ path: f.path, format: f.format, bytes: f.bytes })),
    rule: rules.length === 1 ? rules[0] : rules,
    footnote: [...new Set(input.disclosure.map((d) => d.footnote))].join(' '),
    suppressedCells: input.disclosure.reduce((n, d) => n + d.primary.length + d.secondary.length, 0),
  };
}

export function auditActionForExport(what: ExportAuditInput['what']): string {
  return `export.${what}`;
}
