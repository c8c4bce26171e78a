// Work that adds or removes records (an import, a batch undone, a purge): one writer at a
// time on the open workspace, then the engine reloads, saved figures whose numbers moved are
// flagged, and the renderers hear of it. Work that fails after its change was stored (a store
// worker that died after its commit) marks its error so: the reload happens all the same, so the
// engine never counts records the file no longer holds, or misses ones it now holds.
import type { Workspace } from '../../store/workspace.ts';
import type { WorkspaceSession } from './workspaceSession.ts';

const storedBeforeFailing = new WeakSet<object>();

/** Marks `error` as thrown after the change was stored; returns it, to be thrown. */
export function storedThenFailed<E extends object>(error: E): E {
  storedBeforeFailing.add(error);
  return error;
}

export function changeData<T>(session: WorkspaceSession, work: (workspace: Workspace) => Promise<T>): Promise<T> {
  return session.exclusive(async () => {
    let result: T;
    try {
      result = await work(session.current());
    } catch (error) {
      if (typeof error === 'object' && error !== null && storedBeforeFailing.has(error)) await session.dataChanged();
      throw error;
    }
    await session.dataChanged();
    return result;
  });
}
