// A report pack: every item of a report (saved figures and infographics, in order) rendered to
// files, plus an index workbook with one sheet per figure's table and an HTML contact sheet.
// Next year's refresh is one call after importing the new extract. Before drawing, every spec
// is checked against the workspace (`validate`); an item that no longer fits (a category
// vanished, a column is missing) is reported precisely and gets no file.
import { join } from 'node:path';
import { isAppError } from '../../shared/errors.ts';
import { type FigureSpec, footnoteLines } from '../../shared/figure.ts';
import type { InfographicDoc } from '../../shared/infographic.ts';
import type { DisclosureReport, QueryResult, QuerySpec } from '../../shared/query.ts';
import { writeFileAtomic } from './atomicWrite.ts';
import {
  discardPackFiles,
  finishPackFolder,
  partialName,
  placePackFiles,
  preparePackFolder,
  type PackFolder,
} from './packFolder.ts';
import { contactSheetHtml, type SheetItem } from './contactSheet.ts';
import type { ExportFormat } from './exportFigure.ts';
import { infographicSpecs } from './infographic/infographicSpecs.ts';
import { renderInfographic } from './infographic/renderInfographic.ts';
import { inProcessRenderer, labelsFor, type PackRenderer, type TableSheetJob } from './packRenderer.ts';
import { safeSheetName } from './tableExport.ts';
import type { ReportDefinition, ReportItem } from './reportDefinition.ts';
import { unlessAborted } from '../../shared/unlessAborted.ts';

export type { ReportDefinition, ReportItem } from './reportDefinition.ts';

export interface ReportPackDeps {
  figure(name: string): FigureSpec | undefined;
  infographic(name: string): InfographicDoc | undefined;
  /** The engine with disclosure control (the lead wires it). */
  resolve(spec: QuerySpec): Promise<QueryResult>;
  /** Problems of a spec against the workspace: a vanished category, a missing column. Empty when it fits. */
  validate(spec: QuerySpec): string[];
  labelOf(field: string): string;
  source: string;
  synthetic: boolean;
  /** The workbook cover's contact line; the cover says it is not set when null or absent. */
  contact?: string | null;
  generatedAt: Date;
  /** Called as each item starts (progress bars); `index` counts from 0. */
  onItem?(index: number, total: number, item: ReportItem): void;
  /** Stops when aborted (the build then throws the abort reason) and leaves no file of this build. */
  signal?: AbortSignal;
  /** Where the files are drawn: a render worker in the app; this thread by default. */
  renderer?: PackRenderer;
}

export interface ReportProblem {
  item: ReportItem;
  message: string;
}

export interface PackFile {
  path: string;
  bytes: number;
  format: ExportFormat | 'html';
}

export interface ReportPackResult {
  files: PackFile[];
  problems: ReportProblem[];
  /** Disclosure reports of every result drawn, for the audit entry. */
  disclosure: DisclosureReport[];
}

const CHART_FORMATS: readonly ExportFormat[] = ['png', 'svg', 'pdf'];
const TABLE_FORMATS: readonly ExportFormat[] = ['xlsx', 'csv'];

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'item'
  );
}

function describe(item: ReportItem): string {
  return `${item.kind === 'figure' ? 'Figure' : 'Infographic'} "${item.name}"`;
}

function messageOf(error: unknown): string {
  if (isAppError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export async function buildReportPack(
  report: ReportDefinition,
  deps: ReportPackDeps,
  outDir: string,
): Promise<ReportPackResult> {
  const folder = await preparePackFolder(outDir, report.name);
  const staged: string[] = [];
  try {
    return await drawPack(report, deps, folder, staged);
  } catch (error) {
    // Cancelled or failed: the folder is left as it was found (an earlier pack stays whole).
    discardPackFiles(folder, staged);
    throw error;
  }
}

async function drawPack(
  report: ReportDefinition,
  deps: ReportPackDeps,
  folder: PackFolder,
  staged: string[],
): Promise<ReportPackResult> {
  const files: PackFile[] = [];
  const problems: ReportProblem[] = [];
  const disclosure: DisclosureReport[] = [];
  const sheet: SheetItem[] = [];
  const sheetNames = new Set<string>();
  const tableSheets: TableSheetJob[] = [];
  const renderer = deps.renderer ?? inProcessRenderer();

  const write = async (name: string, format: ExportFormat | 'html', content: Buffer | string): Promise<string> => {
    deps.signal?.throwIfAborted();
    // The folder is new, empty or this report's earlier pack (preparePackFolder).
    staged.push(name);
    const bytes = await writeFileAtomic(partialName(folder, name), content, { overwrite: true });
    files.push({ path: join(folder.path, name), bytes, format });
    return name;
  };
  const fail = (item: ReportItem, message: string, title: string): void => {
    problems.push({ item, message: `${describe(item)}: ${message}` });
    sheet.push({ title, svg: null, files: [], problem: message });
  };

  for (const [index, item] of report.items.entries()) {
    deps.signal?.throwIfAborted();
    deps.onItem?.(index, report.items.length, item);
    const stem = `${String(index + 1).padStart(2, '0')}-${slug(item.name)}`;
    if (item.kind === 'figure') {
      const figure = deps.figure(item.name);
      if (!figure) {
        fail(item, 'no saved figure has this name any more.', item.name);
        continue;
      }
      const title = figure.title || figure.name;
      const mismatch = deps.validate(figure.query);
      if (mismatch.length > 0) {
        fail(item, `its spec no longer fits the data: ${mismatch.join('; ')}`, title);
        continue;
      }
      let result: QueryResult;
      try {
        result = await unlessAborted(deps.resolve(figure.query), deps.signal);
      } catch (error) {
        deps.signal?.throwIfAborted();
        fail(item, messageOf(error), title);
        continue;
      }
      if (result.disclosure === null) {
        fail(item, 'the result came back without disclosure control, so it is not exported.', title);
        continue;
      }
      disclosure.push(result.disclosure);
      const footnote = footnoteLines(figure.query, deps.labelOf, result.disclosure, {
        source: deps.source,
        synthetic: deps.synthetic,
      });
      const labels = labelsFor(deps.labelOf, result.spec, figure.query, result.rows.fields, result.cols.fields);
      const drawn = await renderer.figure({
        result,
        figure,
        labels,
        footnote,
        generatedAt: deps.generatedAt,
        synthetic: deps.synthetic,
        formats: [...(figure.chart === 'table' ? TABLE_FORMATS : CHART_FORMATS)],
        idPrefix: `i${index}`,
      });
      const written: string[] = [];
      for (const { format, content } of drawn.files)
        written.push(await write(`${stem}.${format}`, format, Buffer.from(content)));
      const sheetName = safeSheetName(`${index + 1} ${title}`, sheetNames);
      sheetNames.add(sheetName.toLowerCase());
      tableSheets.push({ result, figure, labels, footnote, sheetName });
      sheet.push({ title, svg: drawn.sheetSvg, files: written, problem: null });
      continue;
    }
    const doc = deps.infographic(item.name);
    if (!doc) {
      fail(item, 'no saved infographic has this name any more.', item.name);
      continue;
    }
    const listed = infographicSpecs(doc, (name) => deps.figure(name));
    const mismatch = [
      ...listed.missing,
      ...listed.specs.flatMap(({ where, spec }) => deps.validate(spec).map((m) => `${where}: ${m}`)),
    ];
    if (mismatch.length > 0) {
      fail(item, `its spec no longer fits the data: ${[...new Set(mismatch)].join('; ')}`, doc.name);
      continue;
    }
    try {
      const drawn: QueryResult[] = [];
      const resolve = async (spec: QuerySpec): Promise<QueryResult> => {
        const result = await unlessAborted(deps.resolve(spec), deps.signal);
        drawn.push(result);
        return result;
      };
      const context = {
        synthetic: deps.synthetic,
        generatedAt: deps.generatedAt,
        source: deps.source,
        labelOf: deps.labelOf,
        figure: (name: string) => deps.figure(name),
      };
      const { svg } = await renderInfographic(doc, resolve, context, 'svg');
      const files = await renderer.infographicFiles({
        svg,
        page: doc.page,
        title: doc.name,
        creationDate: deps.generatedAt,
      });
      const written = [
        await write(`${stem}.svg`, 'svg', svg),
        await write(`${stem}.png`, 'png', Buffer.from(files.png)),
        await write(`${stem}.pdf`, 'pdf', Buffer.from(files.pdf)),
      ];
      for (const r of drawn) if (r.disclosure) disclosure.push(r.disclosure);
      sheet.push({ title: doc.name, svg, files: written, problem: null });
    } catch (error) {
      deps.signal?.throwIfAborted();
      fail(item, messageOf(error), doc.name);
    }
  }

  deps.signal?.throwIfAborted();
  if (tableSheets.length > 0) {
    const workbook = await renderer.workbook({
      // The cover is titled by the pack, as a reader of tables.xlsx meets it first.
      title: report.name,
      ...(deps.contact ? { contact: deps.contact } : {}),
      generatedAt: deps.generatedAt,
      synthetic: deps.synthetic,
      sheets: tableSheets,
    });
    await write('tables.xlsx', 'xlsx', Buffer.from(workbook));
  }
  const rules = [...new Set(disclosure.map((d) => d.footnote))];
  await write(
    'index.html',
    'html',
    contactSheetHtml(report.name, sheet, deps.generatedAt, [...rules, `Source: ${deps.source}.`]),
  );
  deps.signal?.throwIfAborted();
  await placePackFiles(folder, staged);
  await finishPackFolder(
    folder,
    report.name,
    files.map((f) => f.path),
  );
  return { files, problems, disclosure };
}
