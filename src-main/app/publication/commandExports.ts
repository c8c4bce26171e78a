// The export commands of `vso`, with the workspace's export session injected, so this file
// does not know how a workspace is opened:
//   vso export table FILE --spec SPEC.json --out OUT.xlsx|OUT.csv
//   vso export infographic FILE --template victims|suspects|offenders --out OUT.png|OUT.svg|OUT.pdf [--year 2023/24] [--page a4-portrait|landscape-16x9]
//   vso report build FILE --report NAME --out DIR
// Each writes its audit entry through the session and returns what it wrote (for --json).
import type { UnlinkedNote } from '../../../shared/contract/release.ts';
import { AppError } from '../../../shared/errors.ts';
import { footnoteLines } from '../../../shared/figure.ts';
import { publishedNotes } from './publishedNotes.ts';
import { PAGE_SIZES, type PageSize } from '../../../shared/infographic.ts';
import { givenAwayEarlierWarnings } from '../../../shared/needsCooccurrence.ts';
import type { QueryResult, QuerySpec } from '../../../shared/query.ts';
import { readSpecFile } from '../analysis/specFile.ts';
import { checkedTarget, writeFileAtomic } from '../../export/atomicWrite.ts';
import { requireRuleMeetsPolicy, requireSpecsMeetPolicy } from '../../export/disclosureGuard.ts';
import {
  type ExportedFile,
  auditActionForExport,
  auditDetailForExport,
  exportFigure,
  formatFromPath,
} from '../../export/exportFigure.ts';
import { infographicSpecs } from '../../export/infographic/infographicSpecs.ts';
import { renderInfographic } from '../../export/infographic/renderInfographic.ts';
import { TEMPLATE_NAMES, type TemplateName, templateFor } from '../../export/infographic/templates.ts';
import type { ReportPackResult } from '../../export/reportPack.ts';
import type { ExportSession } from './exportSession.ts';
import { buildReport, type ReportBuildOptions } from './reportBuild.ts';

export type { ReportPackResult } from '../../export/reportPack.ts';

export interface ExportCommandDeps {
  withSession<T>(file: string, fn: (session: ExportSession) => Promise<T>): Promise<T>;
  now?: () => Date;
}

/** A file an export command wrote, and what its tables could not be protected together with. */
export type CommandExport = ExportedFile & { unlinked: UnlinkedNote[] };

/** A table an export command wrote; `warnings` for the analyst (the file's notes say the same). */
export type TableCommandExport = CommandExport & { warnings: string[] };

export async function exportTableCommand(
  file: string,
  options: { spec: string; out: string; title?: string; force?: boolean },
  deps: ExportCommandDeps,
): Promise<TableCommandExport> {
  const format = formatFromPath(options.out);
  if (format !== 'xlsx' && format !== 'csv')
    throw new AppError('BAD_REQUEST', `export table writes .xlsx or .csv; ${options.out} is neither.`);
  // Refused before the workspace is opened and the table counted.
  await checkedTarget(options.out, { overwrite: options.force === true });
  const spec = await readSpecFile(options.spec);
  if (spec.disclosure === null)
    throw new AppError(
      'DISCLOSURE_REQUIRED',
      `The spec ${options.spec} turns disclosure control off ("disclosure": null); exports always apply it. Remove that line or give a rule.`,
    );
  return deps.withSession(file, async (session) => {
    requireRuleMeetsPolicy(spec.disclosure, session.policy, `the table of ${options.spec}`);
    const result = await session.resolve(spec);
    const footnote = footnoteLines(spec, session.labelOf, result.disclosure, {
      source: session.source,
      synthetic: session.synthetic,
      notes: publishedNotes(result),
    });
    const title =
      options.title ?? `${spec.cohort}: ${[...spec.rows, ...spec.cols].map(session.labelOf).join(' by ') || 'total'}`;
    const written = await exportFigure(
      result,
      { name: title, chart: 'table', title, query: spec },
      format,
      options.out,
      {
        labelOf: session.labelOf,
        footnote,
        generatedAt: deps.now?.() ?? new Date(),
        synthetic: session.synthetic,
        contact: session.contact,
        overwrite: options.force === true,
      },
    );
    session.audit(
      auditActionForExport('table'),
      auditDetailForExport({
        what: 'table',
        name: title,
        files: [written],
        disclosure: result.disclosure ? [result.disclosure] : [],
      }),
    );
    return { ...written, unlinked: session.unlinked(), warnings: givenAwayEarlierWarnings(result.disclosure) };
  });
}

export interface InfographicCommandResult extends CommandExport {
  financialYear: string;
  warnings: string[];
}

export async function exportInfographicCommand(
  file: string,
  options: { template: string; out: string; year?: string; page?: string; force?: boolean },
  deps: ExportCommandDeps,
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
  return deps.withSession(file, async (session) => {
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
    const disclosure: NonNullable<QueryResult['disclosure']>[] = [];
    const resolve = async (spec: QuerySpec): Promise<QueryResult> => {
      const result = await session.resolve(spec);
      if (result.disclosure) disclosure.push(result.disclosure);
      return result;
    };
    const generatedAt = deps.now?.() ?? new Date();
    const rendered = await renderInfographic(
      doc,
      resolve,
      {
        synthetic: session.synthetic,
        generatedAt,
        source: session.source,
        labelOf: session.labelOf,
        figure: (n) => session.figure(n),
      },
      format,
    );
    const bytes = await writeFileAtomic(out, rendered.content, overwrite);
    const written = { path: out, bytes, format };
    session.audit(
      auditActionForExport('infographic'),
      auditDetailForExport({ what: 'infographic', name: doc.name, files: [written], disclosure }),
    );
    return { ...written, financialYear: year, warnings: rendered.warnings, unlinked: session.unlinked() };
  });
}

/** `work`: the command's cancel (the pack's staged files are then removed) and its progress by item. */
export async function reportBuildCommand(
  file: string,
  options: { report: string; out: string },
  deps: ExportCommandDeps,
  work: Pick<ReportBuildOptions, 'signal' | 'onItem'> = {},
): Promise<ReportPackResult & { ok: boolean; unlinked: UnlinkedNote[] }> {
  return deps.withSession(file, async (session) => {
    const report = session.report(options.report);
    if (!report) throw new AppError('NOT_FOUND', `The workspace ${file} has no report named "${options.report}".`);
    return buildReport(session, report, options.out, { generatedAt: deps.now?.() ?? new Date(), ...work });
  });
}
