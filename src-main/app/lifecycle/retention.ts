// Retention: how many years records are kept, what is past that today, and the purge, which
// runs only when the analyst confirmed exactly what goes (the numbers may have moved since
// they looked: an import, another window's purge). A cancel before the commit rolls it back.
import { AppError } from '../../../shared/errors.ts';
import { rowsDue } from '../../store/retention.ts';
import type { Steps } from '../../store/safePoints.ts';
import type { Workspace } from '../../store/workspace.ts';
import { changeData } from '../workspace/dataChange.ts';
import type { WorkspaceSession } from '../workspace/workspaceSession.ts';

const today = (): string => new Date().toISOString().slice(0, 10);

export function retentionState(workspace: Workspace) {
  const years = workspace.settings().retentionYears;
  if (years === null) return { years: null, due: null };
  const preview = workspace.retentionPreview(years, today());
  return { years, due: { ...preview, rows: rowsDue(preview) } };
}

/** Purge what is past the retention period, if it is still what the analyst confirmed; then reload. */
export function purgeRetention(
  session: WorkspaceSession,
  confirm: { records: number; rows?: number },
  steps: Steps = {},
) {
  return changeData(session, async (ws) => {
    const years = ws.settings().retentionYears;
    if (years === null)
      throw new AppError('BAD_REQUEST', 'Retention is off for this workspace: there is nothing to purge.');
    const preview = ws.retentionPreview(years, today());
    if (preview.total !== confirm.records) {
      throw new AppError(
        'BAD_REQUEST',
        `${preview.total} records are past the retention period now, not the ${confirm.records} you confirmed. Look again before purging.`,
      );
    }
    if (confirm.rows !== undefined && rowsDue(preview) !== confirm.rows) {
      throw new AppError(
        'BAD_REQUEST',
        `${rowsDue(preview)} rows are past the retention period now, not the ${confirm.rows} you confirmed. Look again before purging.`,
      );
    }
    return session.pausingOnWorkspace('The purge', steps, (s) => ws.purgeRetention(years, today(), s));
  });
}
