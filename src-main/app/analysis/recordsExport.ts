// Record-level data for the team's own analysis in R or Python (`vso export records`): the
// filtered records of a cohort as an Arrow IPC file. No disclosure control applies, so the
// file is the owner's alone (0600, as the workspace), never written over a file unasked, and
// audited.
import type { QuerySpec } from '../../../shared/query.ts';
import { checkedTarget, writeFileAtomic } from '../../export/atomicWrite.ts';
import type { Workspace } from '../../store/workspace.ts';
import type { AnalysisService } from './analysisService.ts';

/** Refused before any work when the target cannot be written; returns the path that will be. */
export function recordsTarget(out: string, overwrite: boolean): Promise<string> {
  return checkedTarget(out, { overwrite, private: true });
}

export async function exportRecordsFile(
  workspace: Workspace,
  analysis: AnalysisService,
  spec: QuerySpec,
  target: string,
  overwrite: boolean,
): Promise<{ path: string; bytes: number; format: 'arrow' }> {
  const bytes = await analysis.exportRecords(spec.cohort, spec.filters);
  await writeFileAtomic(target, Buffer.from(bytes), { overwrite, private: true });
  workspace.audit.append('export.records', {
    cohort: spec.cohort,
    filters: spec.filters.length,
    path: target,
    bytes: bytes.length,
    rule: 'record-level export (no disclosure control)',
  });
  return { path: target, bytes: bytes.length, format: 'arrow' };
}
