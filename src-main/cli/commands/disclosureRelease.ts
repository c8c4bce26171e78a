// `vso disclosure check` against a release: the spec's table, protected alone, audited together
// with every output the release published (the open release, or the one named). Reads the
// register, writes nothing.
import type { QuerySpec } from '../../../shared/query.ts';
import { checkInRelease as checkWorkspaceInRelease } from '../../app/publication/disclosureCheck.ts';
import { withAnalysis } from '../workspaceAccess.ts';
import type { CheckWork } from '../../app/publication/disclosureCheck.ts';
import type { ReleaseCheck } from './disclosure.ts';

export function checkInRelease(
  file: string,
  spec: QuerySpec,
  release: number | undefined,
  work: CheckWork = {},
): Promise<ReleaseCheck | null> {
  return withAnalysis(
    file,
    (workspace, analysis) => checkWorkspaceInRelease(workspace, analysis, spec, release, work),
    { signal: work.signal },
  );
}
