// Record-level data for the team's own analysis in R or Python (`vso export records`): the
// filtered records of a cohort as an Arrow IPC file. No disclosure control applies, so the
// file is the owner's alone (0600, as the workspace), never written over a file unasked, and
// audited. The signal stops the engine's selection and the write; a cancelled export leaves
// no file and no audit entry.
import type { Progress } from '../../../shared/protocol.ts';
import type { QuerySpec } from '../../../shared/query.ts';
import { checkedTarget, writeFileAtomic } from '../../export/atomicWrite.ts';
import type { Workspace } from '../../store/workspace.ts';
import type { AnalysisService } from './analysisService.ts';

/** Refused before any work when the target cannot be written; returns the path that will be. */
export function recordsTarget(out: string, overwrite: boolean): Promise<string> {
  return checkedTarget(out, { overwrite, private: true });
}

/** The command's cancel and its steps (`vso --progress`). */
export interface RecordsWork {
  signal?: AbortSignal;
  progress?(progress: Pick<Progress, 'phase' | 'done' | 'total'>): void;
}

export async function exportRecordsFile(
  workspace: Workspace,
  analysis: AnalysisService,
  spec: QuerySpec,
  target: string,
  overwrite: boolean,
  work: RecordsWork = {},
): Promise<{ path: string; bytes: number; format: 'arrow' }> {
  const { signal, progress = () => undefined } = work;
  signal?.throwIfAborted();
  progress({ phase: 'select', done: 0, total: 2 });
  const bytes = await analysis.exportRecords(spec.cohort, spec.filters, { signal });
  signal?.throwIfAborted();
  progress({ phase: 'write', done: 1, total: 2 });
  await writeFileAtomic(target, Buffer.from(bytes), { overwrite, private: true, signal });
  // In the same turn as the move into place: a cancel heard now is too late, the export is done.
  workspace.audit.append('export.records', {
    cohort: spec.cohort,
    filters: spec.filters.length,
    path: target,
    bytes: bytes.length,
    rule: 'record-level export (no disclosure control)',
  });
  progress({ phase: 'done', done: 2, total: 2 });
  return { path: target, bytes: bytes.length, format: 'arrow' };
}
