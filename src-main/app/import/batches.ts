// Undoing an import: a batch's records and rejected rows go in one transaction, only if the
// batch still holds the number of records the analyst confirmed; then the engine reloads.
import { AppError } from '../../../shared/errors.ts';
import { changeData } from '../workspace/dataChange.ts';
import type { WorkspaceSession } from '../workspace/workspaceSession.ts';

export function deleteBatchConfirmed(
  session: WorkspaceSession,
  batchId: number,
  confirmRecords: number,
): Promise<{ batchId: number; records: number; rejectedRows: number }> {
  return changeData(session, async (ws) => {
    const summary = ws.batchSummary(batchId);
    if (summary.records !== confirmRecords) {
      throw new AppError(
        'BAD_REQUEST',
        `Batch ${batchId} now holds ${summary.records} records, not the ${confirmRecords} you confirmed. Look at the history again before deleting.`,
      );
    }
    const deleted = ws.deleteBatch(batchId);
    return { batchId, records: deleted.records, rejectedRows: deleted.rejectedRows };
  });
}
