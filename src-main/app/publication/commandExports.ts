// The export commands of `vso`, with the workspace's export session injected, so this file
// does not know how a workspace is opened:
//   vso export table FILE --spec SPEC.json --out OUT.xlsx|OUT.csv
//   vso export infographic FILE --template victims|suspects|offenders --out OUT.png|OUT.svg|OUT.pdf [--year 2023/24] [--page a4-portrait|landscape-16x9]
//   vso report build FILE --report NAME --out DIR
// Each writes its audit entry through the session and returns what it wrote (for --json).
// Ctrl-C reaches the work (`CommandWork`): the counting and protection, the drawing (a PNG or
// PDF in a render worker, ended mid-drawing) and the write (the file moves into place only if
// not cancelled), so a cancelled export leaves no file and no audit or register entry.
import type { UnlinkedNote } from '../../../shared/contract/release.ts';
import { AppError } from '../../../shared/errors.ts';
import { footnoteLines } from '../../../shared/figure.ts';
import { publishedNotes } from './publishedNotes.ts';
import { InfographicDocSchema, PAGE_SIZES, type PageSize } from '../../../shared/infographic.ts';
import { givenAwayEarlierWarnings, givenAwayEarlierWarningsOf } from '../../../shared/needsCooccurrence.ts';
import type { QueryResult, QuerySpec } from '../../../shared/query.ts';
import { readSpecFile } from '../analysis/specFile.ts';
import { checkedTarget, writeFileAtomic } from '../../export/atomicWrite.ts';
import { requireRuleMeetsPolicy, requireSpecsMeetPolicy } from '../../export/disclosureGuard.ts';
import {
  type ExportedFile,
  auditActionForExport,
  auditDetailForExport,
  formatFromPath,
  renderFigure,
} from '../../export/exportFigure.ts';
import { infographicSpecs } from '../../export/infographic/infographicSpecs.ts';
import { renderInfographicSvg } from '../../export/infographic/renderInfographic.ts';
import { TEMPLATE_NAMES, type TemplateName, templateFor } from '../../export/infographic/templates.ts';
import type { ReportPackResult } from '../../export/reportPack.ts';
import type { LoadWork } from '../workspace/snapshotsInWorker.ts';
import type { ExportSession } from './exportSession.ts';
import { buildReport, type ReportBuildOptions } from './reportBuild.ts';
import { exportStep as step, UNCANCELLED, type CommandWork } from './commandWork.ts';
import { withRenderWorker } from './renderThread.ts';

export type { ReportPackResult } from '../../export/reportPack.ts';

export interface ExportCommandDeps {
  /** Opens the workspace's export session; `work`'s signal cancels the open and the load too. */
  withSession<T>(file: string, fn: (session: ExportSession) => Promise<T>, work?: LoadWork): Promise<T>;
  now?: () => Date;
}

/** A file an export command wrote, and what its tables could not be protected together with. */
export type CommandExport = ExportedFile & { unlinked: UnlinkedNote[] };

/**
 * A table an export command wrote; `warnings` for the analyst only: a published file that said
 * which earlier output lost a hidden count would point an intruder at it.
 */
export type TableCommandExport = CommandExport & { warnings: string[] };

export async function exportTableCommand(
  file: string,
  options: { spec: string; out: string; title?: string; force?: boolean },
  deps: ExportCommandDeps,
  work: CommandWork = UNCANCELLED,
): Promise<TableCommandExport> {
  const format = formatFromPath(options.out);
  if (format !== 'xlsx' && format !== 'csv')
    throw new AppError('BAD_REQUEST', `export table writes .xlsx or .csv; ${options.out} is neither.`);
  // Refused before the workspace is opened and the table counted.
  const target = await checkedTarget(options.out, { overwrite: options.force === true });
  const spec = await readSpecFile(options.spec);
  if (spec.disclosure === null)
    throw new AppError(
      'DISCLOSURE_REQUIRED',
      `The spec ${options.spec} turns disclosure control off ("disclosure": null); exports always apply it. Remove that line or give a rule.`,
    );
  const overwrite = options.force === true;
  return deps.withSession(
    file,
    async (session) => {
      requireRuleMeetsPolicy(spec.disclosure, session.policy, `the table of ${options.spec}`);
      step(work, 'count');
      const result = await session.resolve(spec, { signal: work.signal });
      const footnote = footnoteLines(spec, session.labelOf, result.disclosure, {
        source: session.source,
        synthetic: session.synthetic,
        notes: publishedNotes(result),
      });
      const title =
        options.title ?? `${spec.cohort}: ${[...spec.rows, ...spec.cols].map(session.labelOf).join(' by ') || 'total'}`;
      step(work, 'draw');
      // Drawn here, not in a render worker: a table is drawn in milliseconds, and the cancel is
      // heard right after it, before anything is written.
      const content = await renderFigure(result, { name: title, chart: 'table', title, query: spec }, format, {
        labelOf: session.labelOf,
        footnote,
        generatedAt: deps.now?.() ?? new Date(),
        synthetic: session.synthetic,
        contact: session.contact,
      });
      step(work, 'write');
      const bytes = await writeFileAtomic(target, content, { overwrite, signal: work.signal });
      const written = { path: target, bytes, format };
      // In the same turn as the move into place: a cancel heard now is too late, the export is done.
      session.audit(
        auditActionForExport('table'),
        auditDetailForExport({
          what: 'table',
          name: title,
          files: [written],
          disclosure: result.disclosure ? [result.disclosure] : [],
        }),
      );
      step(work, 'done');
      return { ...written, unlinked: session.unlinked(), warnings: givenAwayEarlierWarnings(result.disclosure) };
    },
    work,
  );
}

export interface InfographicCommandResult extends CommandExport {
  financialYear: string;
  warnings: string[];
}

export async function exportInfographicCommand(
  file: string,
  options: { template: string; out: string; year?: string; page?: string; force?: boolean },
  deps: ExportCommandDeps,
  work: CommandWork = UNCANCELLED,
): Promise<InfographicCommandResult> {
  if (!(TEMPLATE_NAMES as readonly string[]).includes(options.template))
    throw new AppError(
      'BAD_REQUEST',
      `--template must be one of ${TEMPLATE_NAMES.join(', ')}; got "${options.template}".`,
    );
  if (options.page !== undefined && !(PAGE_SIZES as readonly string[]).includes(options.page))
    throw new AppError('BAD_REQUEST', `--page must be one of ${PAGE_SIZES.join(', ')}; got "${options.page}".`);
  if (options.year !== undefined && !/^\d{4}\/\d{2}$/.test(options.year))
    throw new AppError('BAD_REQUEST', `--year must be a financial year such as 2023/24; got "${options.year}".`);
  const format = formatFromPath(options.out);
  if (format !== 'png' && format !== 'svg' && format !== 'pdf')
    throw new AppError('BAD_REQUEST', `export infographic writes .png, .svg or .pdf; ${options.out} is none of these.`);
  const template = options.template as TemplateName;
  const overwrite = { overwrite: options.force === true };
  const out = await checkedTarget(options.out, overwrite);
  return deps.withSession(
    file,
    async (session) => {
      const year = options.year ?? (await session.latestFinancialYear(template));
      if (year === null)
        throw new AppError(
          'NOT_FOUND',
          `The workspace ${file} holds no ${template} records with a date, so the template has no year to show. Import ${template} first.`,
        );
      const doc = templateFor(template, year, options.page ? { page: options.page as PageSize } : {});
      requireSpecsMeetPolicy(
        infographicSpecs(doc, (n) => session.figure(n)).specs,
        session.policy,
        `the ${template} infographic`,
      );
      step(work, 'count');
      const disclosure: NonNullable<QueryResult['disclosure']>[] = [];
      const resolve = async (spec: QuerySpec): Promise<QueryResult> => {
        const result = await session.resolve(spec, { signal: work.signal });
        if (result.disclosure) disclosure.push(result.disclosure);
        return result;
      };
      const generatedAt = deps.now?.() ?? new Date();
      const rendered = await renderInfographicSvg(doc, resolve, {
        synthetic: session.synthetic,
        generatedAt,
        source: session.source,
        labelOf: session.labelOf,
        figure: (n) => session.figure(n),
      });
      step(work, 'draw');
      const { page, name: title } = InfographicDocSchema.parse(doc);
      // PNG and PDF are drawn in a render worker, which the signal ends mid-drawing.
      const content =
        format === 'svg'
          ? Buffer.from(rendered.svg, 'utf8')
          : Buffer.from(
              await withRenderWorker(
                `the export of “${doc.name}”`,
                work.signal,
                (renderer) =>
                  renderer.infographicFile({
                    svg: rendered.plainSvg,
                    format,
                    raster: { dpi: 300 },
                    page,
                    title,
                    creationDate: generatedAt,
                  }),
                // The command has no next export to keep it warm for.
                { keepWarm: false },
              ),
            );
      step(work, 'write');
      const bytes = await writeFileAtomic(out, content, { ...overwrite, signal: work.signal });
      const written = { path: out, bytes, format };
      // In the same turn as the move into place: a cancel heard now is too late, the export is done.
      session.audit(
        auditActionForExport('infographic'),
        auditDetailForExport({ what: 'infographic', name: doc.name, files: [written], disclosure }),
      );
      step(work, 'done');
      // Earlier outputs that gave a block's hidden counts away: told, never in the file.
      return {
        ...written,
        financialYear: year,
        warnings: [...rendered.warnings, ...givenAwayEarlierWarningsOf(disclosure)],
        unlinked: session.unlinked(),
      };
    },
    work,
  );
}

/** `work`: the command's cancel (the pack's staged files are then removed) and its progress by item. */
export async function reportBuildCommand(
  file: string,
  options: { report: string; out: string },
  deps: ExportCommandDeps,
  work: Pick<ReportBuildOptions, 'signal' | 'onItem'> = {},
): Promise<ReportPackResult & { ok: boolean; unlinked: UnlinkedNote[] }> {
  return deps.withSession(
    file,
    async (session) => {
      const report = session.report(options.report);
      if (!report) throw new AppError('NOT_FOUND', `The workspace ${file} has no report named "${options.report}".`);
      return buildReport(session, report, options.out, { generatedAt: deps.now?.() ?? new Date(), ...work });
    },
    { signal: work.signal },
  );
}
