// A one-off piece of work's snapshot (a `vso` export's), read in a store worker that a cancel
// ends at once. Read on this thread, a large workspace's read could not hear the signal until it
// was over: the signal's handler runs only when the thread is free.
import type { Progress } from '../../../shared/protocol.ts';
import type { Workspace } from '../../store/workspace.ts';
import { startStoreWork } from './storeThread.ts';
import type { SnapshotSet } from './storeWorkerProtocol.ts';

/** The load's cancel and its steps: `read` (the store worker) and `load` (the query workers). */
export interface LoadWork {
  signal?: AbortSignal;
  progress?(progress: Pick<Progress, 'phase' | 'done' | 'total'>): void;
}

export function snapshotsInStoreWorker(work: LoadWork): (workspace: Workspace) => Promise<SnapshotSet> {
  return async (workspace) => {
    work.signal?.throwIfAborted();
    const read = startStoreWork(workspace, { kind: 'snapshots' }, { signal: work.signal });
    work.progress?.({ phase: 'read', done: 0, total: 2 });
    const snapshots = await read.done;
    work.signal?.throwIfAborted();
    work.progress?.({ phase: 'load', done: 1, total: 2 });
    return snapshots;
  };
}
