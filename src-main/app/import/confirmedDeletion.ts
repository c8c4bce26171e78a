// A batch's deletion as the analyst confirmed it, run by a store worker on its own connection:
// refused when the batch no longer holds the records they were shown, else one transaction
// that a cancel rolls back until its commit is claimed.
import { AppError } from '../../../shared/errors.ts';
import type { BatchDeletion, DeletionGuard } from '../../store/importBatches.ts';
import type { Workspace } from '../../store/workspace.ts';

export function deleteIfConfirmed(
  workspace: Workspace,
  batchId: number,
  confirmRecords: number,
  guard: DeletionGuard,
): BatchDeletion {
  const summary = workspace.batchSummary(batchId);
  if (summary.records !== confirmRecords) {
    throw new AppError(
      'BAD_REQUEST',
      `Batch ${batchId} now holds ${summary.records} records, not the ${confirmRecords} you confirmed. Look at the history again before deleting.`,
    );
  }
  return workspace.deleteBatch(batchId, guard);
}
