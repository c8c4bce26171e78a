// The drawing of exports, apart from the queries that feed them: a report pack's figure files
// (PNG, SVG, PDF or XLSX, CSV) and contact-sheet SVG, its infographics' PNG and PDF and its
// tables workbook; a single figure's or infographic's file. Every job is plain data (a field's
// label travels as a map, not a function), so the same jobs run here or in a render worker
// (renderWorker.ts), and give the same bytes.
import type { FigureSpec } from '../../shared/figure.ts';
import type { QueryResult } from '../../shared/query.ts';
import { type ExportableFigure, type ExportFormat, type FigureExportOptions, renderFigure } from './exportFigure.ts';
import { drawInfographicFile, type InfographicFileJob } from './infographic/infographicFile.ts';
import { type PdfPage, svgToPdf } from './pdf.ts';
import { rasterise } from './rasterise.ts';
import { renderChartSvg } from './svgChart.ts';
import { addTableSheet, newWorkbook } from './tableExport.ts';

/** Labels of the fields a job names; a field not listed is its own label. */
export type Labels = Record<string, string>;

export interface FigureJob {
  result: QueryResult;
  figure: FigureSpec;
  labels: Labels;
  footnote: string[];
  generatedAt: Date;
  synthetic: boolean;
  formats: ExportFormat[];
  /** Ids in the contact sheet's SVG are prefixed so that several drawings share one page. */
  idPrefix: string;
}

export interface FigureDrawn {
  files: Array<{ format: ExportFormat; content: Uint8Array }>;
  /** The figure as drawn on the contact sheet. */
  sheetSvg: string;
}

export interface InfographicFilesJob {
  svg: string;
  page: PdfPage;
  title: string;
  creationDate: Date;
}

export interface TableSheetJob {
  result: QueryResult;
  figure: FigureSpec;
  labels: Labels;
  footnote: string[];
  sheetName: string;
}

export interface WorkbookJob {
  /** The cover's title: the pack's name. */
  title: string;
  /** The cover's contact line; the cover says it is not set when absent. */
  contact?: string;
  generatedAt: Date;
  synthetic: boolean;
  sheets: TableSheetJob[];
}

/** One figure to one file's content (export.figure): renderFigure's arguments as plain data. */
export interface FigureFileJob {
  result: QueryResult;
  figure: ExportableFigure;
  format: ExportFormat;
  labels: Labels;
  options: Omit<FigureExportOptions, 'labelOf' | 'overwrite'>;
}

export type { InfographicFileJob };

export interface PackRenderer {
  figure(job: FigureJob): Promise<FigureDrawn>;
  infographicFiles(job: InfographicFilesJob): Promise<{ png: Uint8Array; pdf: Uint8Array }>;
  workbook(job: WorkbookJob): Promise<Uint8Array>;
  figureFile(job: FigureFileJob): Promise<Uint8Array>;
  infographicFile(job: InfographicFileJob): Promise<Uint8Array>;
  close(): Promise<void>;
}

export type RenderJob =
  | { kind: 'figure'; job: FigureJob }
  | { kind: 'infographicFiles'; job: InfographicFilesJob }
  | { kind: 'workbook'; job: WorkbookJob }
  | { kind: 'figureFile'; job: FigureFileJob }
  | { kind: 'infographicFile'; job: InfographicFileJob };

/** The labels a job needs: every string in the specs and field lists that `labelOf` renames. */
export function labelsFor(labelOf: (field: string) => string, ...sources: unknown[]): Labels {
  const labels: Labels = {};
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const label = labelOf(value);
      if (label !== value) labels[value] = label;
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  sources.forEach(visit);
  return labels;
}

const labelOfMap =
  (labels: Labels) =>
  (field: string): string =>
    labels[field] ?? field;

async function drawFigure(job: FigureJob): Promise<FigureDrawn> {
  const labelOf = labelOfMap(job.labels);
  const options = { labelOf, footnote: job.footnote, generatedAt: job.generatedAt, synthetic: job.synthetic };
  const files: FigureDrawn['files'] = [];
  for (const format of job.formats)
    files.push({ format, content: await renderFigure(job.result, job.figure, format, options) });
  const sheetSvg = renderChartSvg(job.result, job.figure, {
    width: 960,
    height: 600,
    labelOf,
    footnote: job.footnote,
    idPrefix: job.idPrefix,
  });
  return { files, sheetSvg };
}

async function drawWorkbook(job: WorkbookJob): Promise<Uint8Array> {
  const workbook = newWorkbook(job.generatedAt, job.title);
  for (const sheet of job.sheets)
    addTableSheet(
      workbook,
      sheet.result,
      {
        title: sheet.figure.title || sheet.figure.name,
        notes: sheet.figure.notes,
        labelOf: labelOfMap(sheet.labels),
        footnote: sheet.footnote,
        spec: sheet.figure,
        generatedAt: job.generatedAt,
        synthetic: job.synthetic,
        ...(job.contact ? { contact: job.contact } : {}),
      },
      sheet.sheetName,
    );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function drawFigureFile({ result, figure, format, labels, options }: FigureFileJob): Promise<Uint8Array> {
  return renderFigure(result, figure, format, { ...options, labelOf: labelOfMap(labels) });
}

export async function runRenderJob(
  request: RenderJob,
): Promise<FigureDrawn | Uint8Array | { png: Uint8Array; pdf: Uint8Array }> {
  switch (request.kind) {
    case 'figure':
      return drawFigure(request.job);
    case 'infographicFiles': {
      const { svg, page, title, creationDate } = request.job;
      return { png: rasterise(svg, { dpi: 300 }).png, pdf: await svgToPdf(svg, { page, title, creationDate }) };
    }
    case 'workbook':
      return drawWorkbook(request.job);
    case 'figureFile':
      return drawFigureFile(request.job);
    case 'infographicFile':
      return drawInfographicFile(request.job);
  }
}

/** The jobs run on this thread (the command line, tests, and the benchmark's peer). */
export function inProcessRenderer(): PackRenderer {
  return {
    figure: (job) => drawFigure(job),
    infographicFiles: async (job) =>
      (await runRenderJob({ kind: 'infographicFiles', job })) as { png: Uint8Array; pdf: Uint8Array },
    workbook: (job) => drawWorkbook(job),
    figureFile: (job) => drawFigureFile(job),
    infographicFile: (job) => drawInfographicFile(job),
    close: async () => undefined,
  };
}
