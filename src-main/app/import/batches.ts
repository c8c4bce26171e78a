// Undoing an import: a batch's records and rejected rows go in one transaction, only if the
// batch still holds the number of records the analyst confirmed; then the engine reloads. The
// count and the deletion run in a store worker (confirmedDeletion.ts): on a million records
// each takes seconds, which on this thread would freeze every window. A cancel before the
// commit rolls it back (CANCELLED); one that meets a claimed commit gets the deletion.
import { AppError } from '../../../shared/errors.ts';
import type { Workspace } from '../../store/workspace.ts';
import { changeData, storedThenFailed } from '../workspace/dataChange.ts';
import type { WorkspaceSession } from '../workspace/workspaceSession.ts';

/** A worker that died: the batch list says whether its transaction committed. */
function crashReport(workspace: Workspace, batchId: number, reason: string): AppError {
  let deleted: boolean;
  try {
    deleted = workspace.listBatches().some((b) => b.id === batchId && b.deletedAt !== null);
  } catch {
    return new AppError(
      'INTERNAL',
      `Deleting batch ${batchId} stopped unexpectedly (${reason}). Unlock the workspace and look at the import history to see whether it was deleted.`,
    );
  }
  return deleted
    ? storedThenFailed(
        new AppError(
          'INTERNAL',
          `Deleting batch ${batchId} stopped unexpectedly (${reason}) after the deletion was stored: its records are gone.`,
        ),
      )
    : new AppError(
        'INTERNAL',
        `Deleting batch ${batchId} stopped unexpectedly (${reason}); nothing was deleted. Try again.`,
      );
}

export function deleteBatchConfirmed(
  session: WorkspaceSession,
  batchId: number,
  confirmRecords: number,
  signal?: AbortSignal,
): Promise<{ batchId: number; records: number; rejectedRows: number }> {
  return changeData(session, async (ws) => {
    try {
      const deleted = await session.inStoreWorker(
        { kind: 'deleteBatch', batchId, confirmRecords },
        {
          ...(signal === undefined ? {} : { signal }),
          onCrash: (reason) => crashReport(ws, batchId, reason),
        },
      );
      return { batchId, records: deleted.records, rejectedRows: deleted.rejectedRows };
    } finally {
      // Labels no record uses any more may have gone with the batch: the codebook is read again.
      ws.forgetCodebook();
    }
  });
}
