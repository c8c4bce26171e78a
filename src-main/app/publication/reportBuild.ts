// A report pack built from an open workspace, one way for the Report screen and for
// `vso report build`: every spec of the report held to the workspace's disclosure policy
// before anything is drawn, the pack written, and one audit entry (which records the pack in
// the publication register) naming its files, its disclosure reports and what was not drawn.
import { reportSpecs, requireSpecsMeetPolicy } from '../../export/disclosureGuard.ts';
import { auditActionForExport, auditDetailForExport } from '../../export/exportFigure.ts';
import type { ReportDefinition } from '../../export/reportDefinition.ts';
import { buildReportPack, type ReportPackDeps, type ReportPackResult } from '../../export/reportPack.ts';
import type { UnlinkedNote } from '../../../shared/contract/release.ts';
import type { ExportSession } from './exportSession.ts';
import { PACK, withRenderWorker } from './renderThread.ts';

export interface ReportBuildOptions {
  /** The "generated at" date printed in the pack. */
  generatedAt: Date;
  signal?: AbortSignal;
  onItem?: ReportPackDeps['onItem'];
  /** Runs the audit write; the app queues it so it never joins an import's open transaction. */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * Keep a render worker this pack had to start warm for the next export (the app, which ends
   * it at a lock or close); the command line builds one pack and ends it.
   */
  keepRenderWorker?: boolean;
}

export async function buildReport(
  exports: ExportSession,
  report: ReportDefinition,
  outDir: string,
  options: ReportBuildOptions,
): Promise<ReportPackResult & { ok: boolean; unlinked: UnlinkedNote[] }> {
  requireSpecsMeetPolicy(
    reportSpecs(
      report,
      (n) => exports.figure(n),
      (n) => exports.infographic(n),
    ),
    exports.policy,
    `the report pack “${report.name}”`,
  );
  // The files are drawn in a render worker, the warm one when it is free: PNG and PDF would hold
  // this thread for a second, and a worker's start takes as long again.
  const result = await withRenderWorker(
    PACK,
    options.signal,
    (renderer) =>
      buildReportPack(
        report,
        {
          renderer,
          figure: (n) => exports.figure(n),
          infographic: (n) => exports.infographic(n),
          // The pack's cancel reaches the engine's query and the protection under each table.
          resolve: (spec) => exports.resolve(spec, options.signal === undefined ? {} : { signal: options.signal }),
          validate: (spec) => exports.validate(spec),
          labelOf: (field) => exports.labelOf(field),
          source: exports.source,
          synthetic: exports.synthetic,
          contact: exports.contact,
          generatedAt: options.generatedAt,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          ...(options.onItem === undefined ? {} : { onItem: options.onItem }),
        },
        outDir,
      ),
    { keepWarm: options.keepRenderWorker === true },
  );
  const audit = async (): Promise<void> =>
    exports.audit(auditActionForExport('report'), {
      ...auditDetailForExport({
        what: 'report',
        name: report.name,
        files: result.files,
        disclosure: result.disclosure,
      }),
      problems: result.problems.map((p) => p.message),
    });
  await (options.exclusive ? options.exclusive(audit) : audit());
  return { ...result, ok: result.problems.length === 0, unlinked: exports.unlinked() };
}
