// Exports the time-to-outcome table as CSV or XLSX: refused below the workspace's disclosure
// policy (as every export is), written atomically, audited. Its counts (the records behind each
// cell) are resolved through the open release like any exported table, so a cell another output
// of the release would give away is hidden too; the audit records it in the register. A cancel
// reaches the engine's count and the release worker under it, and then nothing is written.
import type { ParsedArgsOf, ResultOf } from '../../../shared/contract/index.ts';
import type { TimeToOutcomeSpec } from '../../../shared/contract/outcomes.ts';
import { describeFilter, describePeriod } from '../../../shared/figure.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { requireRuleMeetsPolicy } from '../../export/disclosureGuard.ts';
import { checkedTarget } from '../../export/atomicWrite.ts';
import { writeOutcomeFile } from '../../export/timeToOutcomeFiles.ts';
import type { AnalysisService } from '../analysis/analysisService.ts';
import type { ExportSession } from './exportSession.ts';
import type { Exclusive, WorkContext } from './workContext.ts';

export async function exportTimeToOutcome(
  exports: ExportSession,
  analysis: AnalysisService,
  { spec, path, format, title, overwrite }: ParsedArgsOf<'export.timeToOutcome'>,
  ctx: WorkContext,
  exclusive: Exclusive,
): Promise<ResultOf<'export.timeToOutcome'>> {
  requireRuleMeetsPolicy(spec.disclosure, exports.policy, 'the time-to-outcome table');
  const target = await checkedTarget(path, { overwrite });
  ctx.progress({ phase: 'Counting', done: 0, total: 2 });
  const work = { signal: ctx.signal };
  const { result, counts } = await analysis.timeToOutcomeWith(
    spec,
    (countsSpec) => exports.resolve(countsSpec, work),
    work,
  );
  ctx.signal.throwIfAborted();
  ctx.progress({ phase: `Writing ${format.toUpperCase()}`, done: 1, total: 2 });
  const reasons = releaseReasons(counts);
  const bytes = await writeOutcomeFile(result, format, target, {
    title,
    labelOf: exports.labelOf,
    footnote: outcomeFileFootnote(spec, exports, reasons),
    overwrite,
    signal: ctx.signal,
  });
  await exclusive(async () =>
    exports.audit('export.timeToOutcome', {
      what: 'table',
      name: title,
      files: [{ path: target, format, bytes }],
      rule: spec.disclosure,
    }),
  );
  ctx.progress({ phase: 'Done', done: 2, total: 2 });
  return { path: target, reasons, unlinked: exports.unlinked() };
}

/** The file's own notes: what it counts, its period and filters, cells earlier outputs hid, the source. */
export function outcomeFileFootnote(
  spec: Pick<TimeToOutcomeSpec, 'filters'>,
  exports: Pick<ExportSession, 'labelOf' | 'source' | 'synthetic'>,
  reasons: ReadonlyArray<{ reason: string; cells: number }>,
): string[] {
  const filters = spec.filters.filter((f) => !(f.field === 'date' || f.field === 'financial_year'));
  return [
    `Suspects, records with an outcome date. Period: ${describePeriod(spec)}.`,
    filters.length > 0
      ? `Filters: ${filters.map((f) => describeFilter(f, exports.labelOf)).join('; ')}.`
      : 'Filters: none.',
    ...reasons.map(({ reason, cells }) => `${cells} ${cells === 1 ? 'cell' : 'cells'} ${reason}.`),
    `Source: ${exports.source}.`,
    ...(exports.synthetic ? ['SYNTHETIC DATA: generated records, not real people.'] : []),
  ];
}

/** Cells hidden only because of earlier outputs of the release, counted per reason. */
export function releaseReasons(counts: QueryResult): Array<{ reason: string; cells: number }> {
  const tally = new Map<string, number>();
  for (const { reason } of counts.disclosure?.release ?? []) tally.set(reason, (tally.get(reason) ?? 0) + 1);
  return [...tally].map(([reason, cells]) => ({ reason, cells }));
}
