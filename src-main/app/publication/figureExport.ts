// A saved figure exported to a file from the Report screen: refused when its disclosure
// control is off or below the workspace's policy, or when it no longer fits the data; counted
// through the export session (so protected across the open release), drawn, written, and
// recorded in the audit log and the publication register. Its preview is the SVG file the
// export would write, from the same checks and the same renderer.
import { isAbsolute, resolve } from 'node:path';
import type { ParsedArgsOf, ResultOf } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { footnoteLines, type FigureSpec } from '../../../shared/figure.ts';
import { givenAwayEarlierWarnings } from '../../../shared/needsCooccurrence.ts';
import { publishedNotes } from './publishedNotes.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { checkedTarget, writeFileAtomic } from '../../export/atomicWrite.ts';
import { requireRuleMeetsPolicy } from '../../export/disclosureGuard.ts';
import { auditActionForExport, auditDetailForExport, formatFromPath, renderFigure } from '../../export/exportFigure.ts';
import { labelsFor } from '../../export/packRenderer.ts';
import { getFigure } from '../../store/figures.ts';
import type { Workspace } from '../../store/workspace.ts';
import { exportTime } from './exportClock.ts';
import type { ExportSession } from './exportSession.ts';
import { withRenderWorker } from './renderThread.ts';
import type { Exclusive, WorkContext } from './workContext.ts';

/** An absolute path whose extension names the format asked for (no guessing in either direction). */
export function checkedPath(path: string, format: string): string {
  if (!isAbsolute(path))
    throw new AppError(
      'BAD_REQUEST',
      `Give the full path of the file to write (for example /home/analyst/report/figure.${format}); “${path}” is not one.`,
    );
  const fromPath = formatFromPath(path);
  if (fromPath !== format)
    throw new AppError(
      'BAD_REQUEST',
      `The file ${path} ends in .${fromPath} but the export is ${format.toUpperCase()}; end the name with .${format}.`,
    );
  // `..` and `.` resolved: the path written, audited and shown is the one the file lands at.
  return resolve(path);
}

/** A saved figure its export may publish: refused when disclosure control is off or below the policy. */
export function exportableFigure(workspace: Workspace, exports: ExportSession, name: string): FigureSpec {
  const { figure } = getFigure(workspace.db, name);
  if (figure.query.disclosure === null)
    throw new AppError(
      'DISCLOSURE_REQUIRED',
      `The figure “${name}” has disclosure control turned off, so it cannot be exported. Open it in Explore, turn disclosure control on, save it and export again.`,
    );
  requireRuleMeetsPolicy(figure.query.disclosure, exports.policy, `the figure “${name}”`);
  return figure;
}

/** The figure counted as its export counts it (protected across the open release), with its footnote. */
export async function countedFigure(
  exports: ExportSession,
  name: string,
  figure: FigureSpec,
  work: { signal?: AbortSignal } = {},
): Promise<{ result: QueryResult; footnote: string[] }> {
  const problems = exports.validate(figure.query);
  if (problems.length > 0)
    throw new AppError(
      'SPEC_MISMATCH',
      `The figure “${name}” no longer fits the data: ${problems.join('; ')}. Open it in Explore, fix it and save it again.`,
    );
  const result = await exports.resolve(figure.query, work);
  const footnote = footnoteLines(figure.query, exports.labelOf, result.disclosure, {
    source: exports.source,
    synthetic: exports.synthetic,
    notes: publishedNotes(result),
  });
  return { result, footnote };
}

/** The figure as this export draws it: its own title unless the export gives one. */
function titled(figure: FigureSpec, title: string | undefined): FigureSpec {
  return title === undefined ? figure : { ...figure, title };
}

/**
 * The preview of a figure's export: the SVG file the export would write, from the same
 * resolution and the same renderer, so the preview is the file. Nothing is written or audited.
 * A cancel (the analyst changed the figure again) stops the counting and the protection.
 */
export async function previewSavedFigure(
  workspace: Workspace,
  exports: ExportSession,
  { name, width, height, title }: ParsedArgsOf<'figure.previewSvg'>,
  work: { signal?: AbortSignal } = {},
): Promise<ResultOf<'figure.previewSvg'>> {
  const figure = exportableFigure(workspace, exports, name);
  // The preview's cancel reaches the query and the protection under it, as the export's does.
  const { result, footnote } = await countedFigure(exports, name, figure, work);
  work.signal?.throwIfAborted();
  const svg = await renderFigure(result, titled(figure, title), 'svg', {
    labelOf: exports.labelOf,
    footnote,
    ...(width === undefined ? {} : { width }),
    ...(height === undefined ? {} : { height }),
    generatedAt: exportTime(),
    synthetic: exports.synthetic,
  });
  return {
    svg: svg.toString('utf8'),
    footnote,
    suppressedCells: result.suppressed.length,
    unlinked: exports.unlinked(),
    warnings: givenAwayEarlierWarnings(result.disclosure),
  };
}

export async function exportSavedFigure(
  workspace: Workspace,
  exports: ExportSession,
  { name, format, path, width, height, title, dpi, overwrite }: ParsedArgsOf<'export.figure'>,
  ctx: WorkContext,
  exclusive: Exclusive,
): Promise<ResultOf<'export.figure'>> {
  const figure = exportableFigure(workspace, exports, name);
  const target = await checkedTarget(checkedPath(path, format), { overwrite: overwrite === true });
  // Drawn in a render worker: a PNG or PDF would hold this thread (and every window) for
  // hundreds of ms. The worker starts now, loading its modules while the figure is counted; the
  // cancel ends it mid-drawing, before anything is written.
  const { result, footnote, content } = await withRenderWorker(
    `the export of “${name}”`,
    ctx.signal,
    async (renderer) => {
      ctx.progress({ phase: 'Counting', done: 0, total: 2 });
      // The export's cancel reaches the query and the protection under it.
      const counted = await countedFigure(exports, name, figure, { signal: ctx.signal });
      ctx.signal.throwIfAborted();
      ctx.progress({ phase: `Writing ${format.toUpperCase()}`, done: 1, total: 2 });
      const drawn = titled(figure, title);
      const drawing = await renderer.figureFile({
        result: counted.result,
        figure: drawn,
        format,
        labels: labelsFor(exports.labelOf, counted.result, drawn),
        options: {
          footnote: counted.footnote,
          ...(width === undefined ? {} : { width }),
          ...(height === undefined ? {} : { height }),
          raster: dpi === 300 ? { dpi: 300 } : { scale: 2 },
          generatedAt: exportTime(),
          synthetic: exports.synthetic,
          contact: exports.contact,
        },
      });
      return { ...counted, content: drawing };
    },
  );
  ctx.signal.throwIfAborted();
  const bytes = await writeFileAtomic(target, Buffer.from(content.buffer, content.byteOffset, content.byteLength), {
    overwrite: overwrite === true,
    signal: ctx.signal,
  });
  const file = { path: target, bytes, format };
  const what = format === 'xlsx' || format === 'csv' ? 'table' : 'figure';
  await exclusive(async () =>
    exports.audit(
      auditActionForExport(what),
      auditDetailForExport({ what, name, files: [file], disclosure: result.disclosure ? [result.disclosure] : [] }),
    ),
  );
  ctx.progress({ phase: 'Done', done: 2, total: 2 });
  return {
    file,
    footnote,
    suppressedCells: result.suppressed.length,
    unlinked: exports.unlinked(),
    // On screen only: a file naming the output that gave a count away would point an intruder at it.
    warnings: givenAwayEarlierWarnings(result.disclosure),
  };
}
