// Exports the time-to-outcome table as CSV or XLSX: refused below the workspace's disclosure
// policy (as every export is), protected under the spec's rule, written atomically, audited.
import type { ParsedArgsOf, ResultOf } from '../../../shared/contract/index.ts';
import { describeFilter, describePeriod } from '../../../shared/figure.ts';
import { requireRuleMeetsPolicy } from '../../export/disclosureGuard.ts';
import { checkedTarget } from '../../export/atomicWrite.ts';
import { writeOutcomeFile } from '../../export/timeToOutcomeFiles.ts';
import type { AnalysisService } from '../analysis/analysisService.ts';
import type { ExportSession } from './exportSession.ts';

export async function exportTimeToOutcome(
  exports: ExportSession,
  analysis: AnalysisService,
  { spec, path, format, title, overwrite }: ParsedArgsOf<'export.timeToOutcome'>,
  exclusive: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<ResultOf<'export.timeToOutcome'>> {
  requireRuleMeetsPolicy(spec.disclosure, exports.policy, 'the time-to-outcome table');
  const target = await checkedTarget(path, { overwrite });
  const result = await analysis.timeToOutcome(spec);
  const filters = spec.filters.filter((f) => !(f.field === 'date' || f.field === 'financial_year'));
  const bytes = await writeOutcomeFile(result, format, target, {
    title,
    labelOf: exports.labelOf,
    footnote: [
      `Suspects, records with an outcome date. Period: ${describePeriod(spec)}.`,
      filters.length > 0
        ? `Filters: ${filters.map((f) => describeFilter(f, exports.labelOf)).join('; ')}.`
        : 'Filters: none.',
      `Source: ${exports.source}.`,
      ...(exports.synthetic ? ['SYNTHETIC DATA: generated records, not real people.'] : []),
    ],
    overwrite,
  });
  await exclusive(async () =>
    exports.audit('export.timeToOutcome', {
      what: 'time_to_outcome',
      name: title,
      files: [{ path: target, format, bytes }],
      rule: spec.disclosure,
    }),
  );
  return { path: target };
}
