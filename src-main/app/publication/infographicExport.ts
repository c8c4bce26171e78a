// Infographics on the Report screen: a template filled for a financial year, the live preview
// (drawn under any rule, like Explore, with a warning for each block the export will refuse)
// and the export to a file, refused when a block no longer fits the data or is below the
// workspace's policy, and recorded in the audit log and the publication register.
import type { ParsedArgsOf, ResultOf } from '../../../shared/contract/index.ts';
import { describePolicy, policyShortfalls } from '../../../shared/disclosurePolicy.ts';
import { AppError } from '../../../shared/errors.ts';
import { InfographicDocSchema, type InfographicDoc } from '../../../shared/infographic.ts';
import { givenAwayEarlierWarningsOf } from '../../../shared/needsCooccurrence.ts';
import type { DisclosureReport, QueryResult, QuerySpec } from '../../../shared/query.ts';
import { checkedTarget, writeFileAtomic } from '../../export/atomicWrite.ts';
import { requireSpecsMeetPolicy } from '../../export/disclosureGuard.ts';
import { auditActionForExport, auditDetailForExport } from '../../export/exportFigure.ts';
import { infographicSpecs } from '../../export/infographic/infographicSpecs.ts';
import {
  infographicLayout,
  renderInfographicSvg,
  type InfographicContext,
} from '../../export/infographic/renderInfographic.ts';
import { templateFor } from '../../export/infographic/templates.ts';
import type { AnalysisService } from '../analysis/analysisService.ts';
import { exportTime } from './exportClock.ts';
import type { ExportSession } from './exportSession.ts';
import { checkedPath } from './figureExport.ts';
import { withRenderWorker } from './renderThread.ts';
import type { PackRenderer } from '../../export/packRenderer.ts';
import type { Exclusive, WorkContext } from './workContext.ts';

/** The specs behind an infographic that no longer fit the workspace, in plain words. */
function infographicMismatch(doc: InfographicDoc, session: ExportSession): string[] {
  const listed = infographicSpecs(doc, (name) => session.figure(name));
  return [
    ...new Set([
      ...listed.missing,
      ...listed.specs.flatMap(({ where, spec }) => session.validate(spec).map((m) => `${where}: ${m}`)),
    ]),
  ];
}

function requireFits(doc: InfographicDoc, session: ExportSession): void {
  const problems = infographicMismatch(doc, session);
  if (problems.length > 0)
    throw new AppError(
      'SPEC_MISMATCH',
      `The infographic “${doc.name}” no longer fits the data: ${problems.join('; ')}. Change or remove those blocks.`,
    );
}

/** The blocks of an infographic whose rule is below the policy: the preview warns, the export refuses. */
function belowPolicyWarnings(doc: InfographicDoc, session: ExportSession): string[] {
  const { specs } = infographicSpecs(doc, (name) => session.figure(name));
  const blocks = specs.flatMap(({ where, spec }) =>
    policyShortfalls(spec.disclosure, session.policy).length > 0 ? [where] : [],
  );
  return [...new Set(blocks)].map(
    (where) =>
      `${where.charAt(0).toUpperCase()}${where.slice(1)} uses a disclosure rule below the workspace policy (${describePolicy(session.policy)}): the export will be refused until it meets it.`,
  );
}

function infographicContext(session: ExportSession): InfographicContext {
  return {
    synthetic: session.synthetic,
    generatedAt: exportTime(),
    source: session.source,
    labelOf: session.labelOf,
    figure: (name) => session.figure(name),
  };
}

/** A resolver that keeps every disclosure report it sees, for the audit entry. */
function recordingResolver(
  session: ExportSession,
  work: { signal?: AbortSignal } = {},
): {
  resolve: (spec: QuerySpec) => Promise<QueryResult>;
  disclosure: DisclosureReport[];
} {
  const disclosure: DisclosureReport[] = [];
  return {
    disclosure,
    resolve: async (spec) => {
      const result = await session.resolve(spec, work);
      if (result.disclosure) disclosure.push(result.disclosure);
      return result;
    },
  };
}

export async function infographicFromTemplate(
  exports: ExportSession,
  { template, year, page }: ParsedArgsOf<'infographic.fromTemplate'>,
): Promise<ResultOf<'infographic.fromTemplate'>> {
  const financialYear = year ?? (await exports.latestFinancialYear(template));
  if (financialYear === null)
    throw new AppError(
      'NOT_FOUND',
      `The workspace holds no ${template} records with a date, so the ${template} template has no year to show. Import an extract of ${template} on the Data screen first.`,
    );
  return { doc: templateFor(template, financialYear, page === undefined ? {} : { page }), financialYear };
}

export async function previewInfographic(
  exports: ExportSession,
  analysis: AnalysisService,
  doc: InfographicDoc,
  work: { signal?: AbortSignal } = {},
): Promise<ResultOf<'infographic.render'>> {
  requireFits(doc, exports);
  // A preview stays in the app (like Explore): it draws under any rule, and says which
  // blocks the export will refuse. Its cancel reaches each block's query and protection.
  const { svg, warnings } = await renderInfographicSvg(
    doc,
    (spec) => analysis.query(spec, { signal: work.signal }),
    infographicContext(exports),
  );
  work.signal?.throwIfAborted();
  warnings.push(...belowPolicyWarnings(doc, exports));
  const { page } = infographicLayout(doc);
  return {
    svg,
    warnings,
    geometry: {
      width: page.width,
      height: page.height,
      grid: page.grid,
      gutter: page.gutter,
      columns: doc.grid.columns,
      rows: doc.grid.rows,
    },
  };
}

export async function exportInfographicFile(
  exports: ExportSession,
  { doc, name, format, path, dpi, overwrite }: ParsedArgsOf<'export.infographic'>,
  ctx: WorkContext,
  exclusive: Exclusive,
): Promise<ResultOf<'export.infographic'>> {
  const document = doc ?? (name === undefined ? undefined : exports.infographic(name));
  if (document === undefined) throw new AppError('NOT_FOUND', `There is no saved infographic called “${name ?? ''}”.`);
  const target = await checkedTarget(checkedPath(path, format), { overwrite: overwrite === true });
  requireFits(document, exports);
  requireSpecsMeetPolicy(
    infographicSpecs(document, (n) => exports.figure(n)).specs,
    exports.policy,
    `the infographic “${document.name}”`,
  );
  const context = infographicContext(exports);
  const draw = async (renderer: PackRenderer | null) => {
    ctx.progress({ phase: 'Counting', done: 0, total: 2 });
    // The export's cancel reaches the query and the protection under each panel.
    const recorder = recordingResolver(exports, { signal: ctx.signal });
    const rendered = await renderInfographicSvg(document, recorder.resolve, context);
    ctx.signal.throwIfAborted();
    ctx.progress({ phase: `Writing ${format.toUpperCase()}`, done: 1, total: 2 });
    if (renderer === null)
      return { rendered, disclosure: recorder.disclosure, content: Buffer.from(rendered.svg, 'utf8') };
    const { page, name: title } = InfographicDocSchema.parse(document);
    const drawn = await renderer.infographicFile({
      svg: rendered.plainSvg,
      format: format === 'png' ? 'png' : 'pdf',
      raster: dpi === 300 ? { dpi: 300 } : { scale: 1 },
      page,
      title,
      creationDate: context.generatedAt,
    });
    return {
      rendered,
      disclosure: recorder.disclosure,
      content: Buffer.from(drawn.buffer, drawn.byteOffset, drawn.byteLength),
    };
  };
  // PNG and PDF are drawn in a render worker: at 300 dpi they would hold this thread (and every
  // window) for a second. The worker starts now, loading its modules while the blocks are
  // counted; the cancel ends it mid-drawing, before anything is written.
  const { rendered, disclosure, content } =
    format === 'svg' ? await draw(null) : await withRenderWorker(`the export of “${document.name}”`, ctx.signal, draw);
  ctx.signal.throwIfAborted();
  const bytes = await writeFileAtomic(target, content, { overwrite: overwrite === true, signal: ctx.signal });
  const file = { path: target, bytes, format };
  await exclusive(async () =>
    exports.audit(
      auditActionForExport('infographic'),
      auditDetailForExport({
        what: 'infographic',
        name: document.name,
        files: [file],
        disclosure,
      }),
    ),
  );
  ctx.progress({ phase: 'Done', done: 2, total: 2 });
  // Earlier outputs that gave a block's hidden counts away: on screen only, never in the file.
  return {
    file,
    warnings: [...rendered.warnings, ...givenAwayEarlierWarningsOf(disclosure)],
    unlinked: exports.unlinked(),
  };
}
