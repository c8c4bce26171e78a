// An import as the app runs it: the reading, validation and every write in a store worker
// (its own connection, one transaction), so the main thread stays free for the windows, a
// cancel and the idle lock. The reply always matches the workspace: a cancel or a lock that
// arrives before the commit rolls the import back (CANCELLED, or WORKSPACE_LOCKED), one that
// arrives after it gets the committed result; a worker that dies is reported by what the
// workspace then holds. A cancel is answered at once unless the commit has begun; the app's
// next write waits until the worker has rolled back (WorkspaceSession.exclusive). The command line keeps `runImport` on its own thread.
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { ImportOptions, ImportResult } from '../../import/runImport.ts';
import type { Workspace } from '../../store/workspace.ts';
import type { ImportRequestOptions } from '../workspace/storeWorkerProtocol.ts';
import { storedThenFailed } from '../workspace/dataChange.ts';
import type { WorkspaceSession } from '../workspace/workspaceSession.ts';

/** The options that cross to the worker: no callbacks, no signal (a cancel is a flag and a message). */
function requestOptions(options: ImportOptions): ImportRequestOptions {
  const {
    signal: _signal,
    onProgress: _onProgress,
    onStep: _onStep,
    cancelRaised: _cancelRaised,
    claimCommit: _claimCommit,
    onRemoval: _onRemoval,
    removalStopped: _removalStopped,
    workerEntry,
    ...rest
  } = options;
  return { ...rest, ...(workerEntry === undefined ? {} : { workerEntry: workerEntry.href }) };
}

function lastBatchId(workspace: Workspace): number {
  return workspace.listBatches().reduce((max, batch) => Math.max(max, batch.id), 0);
}

/** What a worker that died means: the workspace says whether its transaction committed. */
function crashReport(workspace: Workspace, before: number, fileName: string, reason: string): AppError {
  let committed: number | undefined;
  try {
    committed = workspace.listBatches().find((b) => b.id > before && b.fileName === fileName)?.id;
  } catch {
    // Locked or closed meanwhile: the batch list cannot be read now.
    return new AppError(
      'IMPORT_FAILED',
      `The import of ${fileName} stopped unexpectedly (${reason}). Unlock the workspace and look at the import history to see whether it was stored.`,
    );
  }
  return committed === undefined
    ? new AppError(
        'IMPORT_FAILED',
        `The import of ${fileName} stopped unexpectedly (${reason}); nothing was imported. Try again.`,
      )
    : storedThenFailed(
        new AppError(
          'IMPORT_FAILED',
          `The import of ${fileName} stopped unexpectedly (${reason}) after it was stored as batch ${committed}: its rows are in the workspace.`,
          String(committed),
        ),
      );
}

export async function importInStoreWorker(
  session: WorkspaceSession,
  options: ImportOptions & {
    /** An ImportStepBoard's buffer: the worker marks each step on it and waits at a held one. */
    steps?: SharedArrayBuffer;
  },
): Promise<ImportResult> {
  const { steps, ...importOptions } = options;
  const workspace = session.current();
  const fileName = basename(options.path);
  const before = lastBatchId(workspace);
  try {
    return await session.inStoreWorker(
      { kind: 'import', options: requestOptions(importOptions) },
      {
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
        ...(steps === undefined ? {} : { steps }),
        onCrash: (reason) => crashReport(workspace, before, fileName, reason),
      },
    );
  } catch (error) {
    // Stopped by a lock, not by the analyst: the rollback is the same, the advice is not.
    if (error instanceof AppError && error.code === 'WORKSPACE_LOCKED')
      throw new AppError(
        'WORKSPACE_LOCKED',
        `The workspace locked during the import of ${fileName}, so nothing was imported. Unlock it and import the file again.`,
      );
    throw error;
  } finally {
    // The worker may have added categories or a column: this connection reads the codebook
    // again. The WAL it left is copied into the file by a store worker after the reload
    // (WorkspaceSession.dataChanged), never on this thread.
    workspace.forgetCodebook();
  }
}
