// Work that adds or removes records (an import, a batch undone, a purge): one writer at a
// time on the open workspace, then the engine reloads, saved figures whose numbers moved are
// flagged, and the renderers hear of it.
import type { Workspace } from '../../store/workspace.ts';
import type { WorkspaceSession } from './workspaceSession.ts';

export function changeData<T>(session: WorkspaceSession, work: (workspace: Workspace) => Promise<T>): Promise<T> {
  return session.exclusive(async () => {
    const result = await work(session.current());
    await session.dataChanged();
    return result;
  });
}
