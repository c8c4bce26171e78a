// `vso export outcome FILE --spec SPEC.json --out OUT.csv|OUT.xlsx`: the time-to-outcome table
// from a terminal, the same file the app writes. Its counts are resolved through the export
// session (protected across the open release, refused below the workspace's policy) with
// their quartiles beside them; the audit entry records it in the release's register.
// Ctrl-C reaches the counting and protection and the write: a cancelled export leaves no file
// and no audit or register entry.
import {
  outcomeFigureQuery,
  TimeToOutcomeSpecSchema,
  type TimeToOutcomeSpec,
} from '../../../shared/contract/outcomes.ts';
import type { UnlinkedNote } from '../../../shared/contract/release.ts';
import { AppError } from '../../../shared/errors.ts';
import { readJsonSpec } from '../analysis/specFile.ts';
import { checkedTarget, writeFileAtomic } from '../../export/atomicWrite.ts';
import { requireRuleMeetsPolicy } from '../../export/disclosureGuard.ts';
import { formatFromPath } from '../../export/exportFigure.ts';
import { outcomeFileContent, outcomeResultOf } from '../../export/timeToOutcomeFiles.ts';
import type { ExportCommandDeps } from './commandExports.ts';
import { exportStep, UNCANCELLED, type CommandWork } from './commandWork.ts';
import { outcomeFileFootnote, releaseReasons } from './timeToOutcomeExport.ts';

export interface OutcomeCommandResult {
  path: string;
  bytes: number;
  format: 'csv' | 'xlsx';
  /** Cells hidden only because of earlier outputs of the release, counted per reason. */
  reasons: Array<{ reason: string; cells: number }>;
  unlinked: UnlinkedNote[];
}

/** A time-to-outcome spec file (filters, rows, cols, disclosure), validated at the edge. */
export function readOutcomeSpecFile(path: string): Promise<TimeToOutcomeSpec> {
  return readJsonSpec(path, TimeToOutcomeSpecSchema, 'time-to-outcome spec (filters, rows, cols, disclosure)');
}

export async function exportOutcomeCommand(
  file: string,
  options: { spec: string; out: string; title?: string; force?: boolean },
  deps: ExportCommandDeps,
  work: CommandWork = UNCANCELLED,
): Promise<OutcomeCommandResult> {
  const format = formatFromPath(options.out);
  if (format !== 'csv' && format !== 'xlsx')
    throw new AppError('BAD_REQUEST', `export outcome writes .xlsx or .csv; ${options.out} is neither.`);
  const overwrite = options.force === true;
  // Refused before the workspace is opened and the table counted.
  const target = await checkedTarget(options.out, { overwrite });
  const spec = await readOutcomeSpecFile(options.spec);
  if (spec.disclosure === null)
    throw new AppError(
      'DISCLOSURE_REQUIRED',
      `The spec ${options.spec} turns disclosure control off ("disclosure": null); exports always apply it. Remove that line or give a rule.`,
    );
  const title = options.title ?? 'Days from offence to outcome';
  return deps.withSession(
    file,
    async (session) => {
      requireRuleMeetsPolicy(spec.disclosure, session.policy, 'the time-to-outcome table');
      exportStep(work, 'count');
      const counts = await session.resolve(outcomeFigureQuery(spec), { signal: work.signal });
      const reasons = releaseReasons(counts);
      exportStep(work, 'draw');
      const content = await outcomeFileContent(outcomeResultOf(counts), format, {
        title,
        labelOf: session.labelOf,
        footnote: outcomeFileFootnote(spec, session, reasons),
      });
      exportStep(work, 'write');
      const bytes = await writeFileAtomic(target, content, { overwrite, signal: work.signal });
      // In the same turn as the move into place: a cancel heard now is too late, the export is done.
      session.audit('export.timeToOutcome', {
        what: 'table',
        name: title,
        files: [{ path: target, format, bytes }],
        rule: spec.disclosure,
      });
      exportStep(work, 'done');
      return { path: target, bytes, format, reasons, unlinked: session.unlinked() };
    },
    work,
  );
}
