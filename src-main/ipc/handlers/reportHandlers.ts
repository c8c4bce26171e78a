// export.*, infographic(s).*, report(s).*: the Report screen. Exports read the workspace
// (the engine behind disclosure control) and write files; only the audit entry and saving a
// document touch the workspace file, and those run through session.exclusive so they never
// join an import's open transaction.
import { isAbsolute, resolve } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { footnoteLines } from '../../../shared/figure.ts';
import type { InfographicDoc } from '../../../shared/infographic.ts';
import type { DisclosureReport, QueryResult, QuerySpec } from '../../../shared/query.ts';
import { describePolicy, policyShortfalls } from '../../../shared/disclosurePolicy.ts';
import { requireRuleMeetsPolicy, requireSpecsMeetPolicy } from '../../export/disclosureGuard.ts';
import { auditActionForExport, auditDetailForExport, exportFigure, formatFromPath } from '../../export/exportFigure.ts';
import { infographicSpecs } from '../../export/infographic/infographicSpecs.ts';
import {
  infographicLayout,
  renderInfographic,
  renderInfographicSvg,
  type InfographicContext,
} from '../../export/infographic/renderInfographic.ts';
import { templateFor } from '../../export/infographic/templates.ts';
import { checkedTarget, writeFileAtomic } from '../../export/atomicWrite.ts';
import {
  deleteInfographic,
  deleteReport,
  findInfographic,
  listInfographics,
  listReports,
  saveReport,
  saveInfographic,
} from '../../store/documents.ts';
import { getFigure } from '../../store/figures.ts';
import type { Workspace } from '../../store/workspace.ts';
import type { Handler } from '../dispatcher.ts';
import { exportTime } from '../../app/publication/exportClock.ts';
import type { ExportSession } from '../../app/publication/exportSession.ts';
import { buildReport } from '../../app/publication/reportBuild.ts';
import type { MainServices } from '../mainServices.ts';

type M =
  | 'export.figure'
  | 'infographics.list'
  | 'infographics.get'
  | 'infographics.save'
  | 'infographics.delete'
  | 'infographic.fromTemplate'
  | 'infographic.render'
  | 'export.infographic'
  | 'reports.list'
  | 'reports.save'
  | 'reports.delete'
  | 'report.build';

/** An absolute path whose extension names the format asked for (no guessing in either direction). */
function checkedPath(path: string, format: string): string {
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
function recordingResolver(session: ExportSession): {
  resolve: (spec: QuerySpec) => Promise<QueryResult>;
  disclosure: DisclosureReport[];
} {
  const disclosure: DisclosureReport[] = [];
  return {
    disclosure,
    resolve: async (spec) => {
      const result = await session.resolve(spec);
      if (result.disclosure) disclosure.push(result.disclosure);
      return result;
    },
  };
}

export function reportHandlers({ session, analysis, exports: exportsOf }: MainServices): { [K in M]: Handler<K> } {
  const open = (): { ws: Workspace; exports: ExportSession } => ({ ws: session.current(), exports: exportsOf() });
  const audit = (exports: ExportSession, action: string, detail: Record<string, unknown>): Promise<void> =>
    session.exclusive(async () => exports.audit(action, detail));

  return {
    'export.figure': async ({ name, format, path, width, height, dpi, overwrite }, ctx) => {
      const { ws, exports } = open();
      const { figure } = getFigure(ws.db, name);
      if (figure.query.disclosure === null)
        throw new AppError(
          'DISCLOSURE_REQUIRED',
          `The figure “${name}” has disclosure control turned off, so it cannot be exported. Open it in Explore, turn disclosure control on, save it and export again.`,
        );
      requireRuleMeetsPolicy(figure.query.disclosure, exports.policy, `the figure “${name}”`);
      const target = await checkedTarget(checkedPath(path, format), { overwrite: overwrite === true });
      const problems = exports.validate(figure.query);
      if (problems.length > 0)
        throw new AppError(
          'SPEC_MISMATCH',
          `The figure “${name}” no longer fits the data: ${problems.join('; ')}. Open it in Explore, fix it and save it again.`,
        );
      ctx.progress({ phase: 'Counting', done: 0, total: 2 });
      const result = await exports.resolve(figure.query);
      const footnote = footnoteLines(figure.query, exports.labelOf, result.disclosure, {
        source: exports.source,
        synthetic: exports.synthetic,
      });
      ctx.signal.throwIfAborted();
      ctx.progress({ phase: `Writing ${format.toUpperCase()}`, done: 1, total: 2 });
      const file = await exportFigure(result, figure, format, target, {
        labelOf: exports.labelOf,
        footnote,
        ...(width === undefined ? {} : { width }),
        ...(height === undefined ? {} : { height }),
        raster: dpi === 300 ? { dpi: 300 } : { scale: 2 },
        generatedAt: exportTime(),
        synthetic: exports.synthetic,
        overwrite: overwrite === true,
      });
      const what = format === 'xlsx' || format === 'csv' ? 'table' : 'figure';
      await audit(
        exports,
        auditActionForExport(what),
        auditDetailForExport({ what, name, files: [file], disclosure: result.disclosure ? [result.disclosure] : [] }),
      );
      ctx.progress({ phase: 'Done', done: 2, total: 2 });
      return { file, footnote, suppressedCells: result.suppressed.length };
    },

    'infographics.list': async () => ({
      infographics: listInfographics(session.current().db).map((i) => ({
        name: i.name,
        page: i.doc.page,
        blocks: i.doc.blocks.length,
        updatedAt: i.updatedAt,
      })),
    }),
    'infographics.get': async ({ name }) => {
      const found = listInfographics(session.current().db).find((i) => i.name === name);
      if (!found) throw new AppError('NOT_FOUND', `There is no saved infographic called “${name}”.`);
      return { doc: found.doc, updatedAt: found.updatedAt };
    },
    'infographics.save': async ({ doc, overwrite }) =>
      session.exclusive(async () => {
        const db = session.current().db;
        if (!overwrite && findInfographic(db, doc.name))
          throw new AppError(
            'FILE_EXISTS',
            `An infographic called “${doc.name}” already exists. Choose another name or update it.`,
          );
        const now = new Date();
        saveInfographic(db, doc, now);
        return { name: doc.name, updatedAt: now.toISOString() };
      }),
    'infographics.delete': async ({ name }) =>
      session.exclusive(async () => ({ deleted: deleteInfographic(session.current().db, name) })),

    'infographic.fromTemplate': async ({ template, year, page }) => {
      const { exports } = open();
      const financialYear = year ?? (await exports.latestFinancialYear(template));
      if (financialYear === null)
        throw new AppError(
          'NOT_FOUND',
          `The workspace holds no ${template} records with a date, so the ${template} template has no year to show. Import an extract of ${template} on the Data screen first.`,
        );
      return { doc: templateFor(template, financialYear, page === undefined ? {} : { page }), financialYear };
    },
    'infographic.render': async ({ doc }) => {
      const { exports } = open();
      requireFits(doc, exports);
      // A preview stays in the app (like Explore): it draws under any rule, and says which
      // blocks the export will refuse.
      const { svg, warnings } = await renderInfographicSvg(
        doc,
        (spec) => analysis.query(spec),
        infographicContext(exports),
      );
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
    },
    'export.infographic': async ({ doc, name, format, path, dpi, overwrite }, ctx) => {
      const { exports } = open();
      const document = doc ?? (name === undefined ? undefined : exports.infographic(name));
      if (document === undefined)
        throw new AppError('NOT_FOUND', `There is no saved infographic called “${name ?? ''}”.`);
      const target = await checkedTarget(checkedPath(path, format), { overwrite: overwrite === true });
      requireFits(document, exports);
      requireSpecsMeetPolicy(
        infographicSpecs(document, (n) => exports.figure(n)).specs,
        exports.policy,
        `the infographic “${document.name}”`,
      );
      ctx.progress({ phase: 'Counting', done: 0, total: 2 });
      const recorder = recordingResolver(exports);
      const rendered = await renderInfographic(
        document,
        recorder.resolve,
        infographicContext(exports),
        format,
        dpi === 300 ? { dpi: 300 } : { scale: 1 },
      );
      ctx.signal.throwIfAborted();
      ctx.progress({ phase: `Writing ${format.toUpperCase()}`, done: 1, total: 2 });
      const bytes = await writeFileAtomic(target, rendered.content, { overwrite: overwrite === true });
      const file = { path: target, bytes, format };
      await audit(
        exports,
        auditActionForExport('infographic'),
        auditDetailForExport({
          what: 'infographic',
          name: document.name,
          files: [file],
          disclosure: recorder.disclosure,
        }),
      );
      ctx.progress({ phase: 'Done', done: 2, total: 2 });
      return { file, warnings: rendered.warnings };
    },

    'reports.list': async () => ({ reports: listReports(session.current().db) }),
    'reports.save': async ({ report }) =>
      session.exclusive(async () => {
        saveReport(session.current().db, report);
        return { name: report.name };
      }),
    'reports.delete': async ({ name }) =>
      session.exclusive(async () => ({ deleted: deleteReport(session.current().db, name) })),
    'report.build': async ({ name, outDir }, ctx) => {
      const { exports } = open();
      if (!isAbsolute(outDir))
        throw new AppError(
          'BAD_REQUEST',
          `Give the full path of the folder for the report pack; “${outDir}” is not one.`,
        );
      const report = exports.report(name);
      if (!report) throw new AppError('NOT_FOUND', `There is no report called “${name}”.`);
      const result = await buildReport(exports, report, outDir, {
        generatedAt: exportTime(),
        signal: ctx.signal,
        onItem: (index, total, item) =>
          ctx.progress({
            phase: `${item.kind === 'figure' ? 'Figure' : 'Infographic'} “${item.name}”`,
            done: index,
            total,
          }),
        exclusive: (work) => session.exclusive(work),
      });
      ctx.progress({ phase: 'Done', done: report.items.length, total: report.items.length });
      return { files: result.files, problems: result.problems, ok: result.problems.length === 0 };
    },
  };
}
