// Ways to redesign a table that would lose many cells to suppression: the advisor tries
// merged categories and fewer dimensions against the raw and the published counts, held to
// the workspace's disclosure policy. The overlap of cohorts has nothing to redesign.
import type { ParsedArgsOf, ResultOf } from '../../../shared/contract/index.ts';
import { adviseTable } from '../../disclosure/advisor.ts';
import type { Workspace } from '../../store/workspace.ts';
import type { AnalysisService } from './analysisService.ts';

export async function adviseOnTable(
  workspace: Workspace,
  analysis: AnalysisService,
  spec: ParsedArgsOf<'disclosure.advise'>,
  signal: AbortSignal,
): Promise<ResultOf<'disclosure.advise'>> {
  const policy = workspace.disclosurePolicy();
  if (spec.cohort === 'overlap' || spec.cohort === 'journeys')
    return { current: { cells: 0, published: 0, suppressed: 0 }, advise: false, options: [] };
  const { columns } = await analysis.datasetColumns(spec.cohort);
  return adviseTable(spec, {
    raw: (s) => analysis.rawQuery(s),
    publish: (s) => analysis.query(s, { signal }),
    field: (name) => {
      const column = columns.find((c) => c.name === name);
      return { label: column?.label ?? name, ordered: column?.kind === 'ordinal' };
    },
    policy,
    signal,
  });
}
