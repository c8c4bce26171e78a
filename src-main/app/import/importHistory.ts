// What the Data screen shows of past imports: the batches, a batch's rejected rows (with
// their reasons, a page at a time), what undoing a batch would remove, and the saved profiles.
import { listProfiles, type ProfileSummary } from '../../import/profile.ts';
import { rejectedRowsOf } from '../../store/rejectedRows.ts';
import type { Workspace } from '../../store/workspace.ts';

export function importBatches(workspace: Workspace) {
  return workspace.listBatches().map((b) => ({
    id: b.id,
    cohort: b.cohort,
    fileName: b.fileName,
    profileName: b.profileName,
    rowsRead: b.rowsRead,
    accepted: b.accepted,
    rejected: b.rejected,
    startedAt: b.startedAt,
    finishedAt: b.finishedAt,
    userName: b.userName,
    deletedAt: b.deletedAt,
  }));
}

export function rejectedRows(workspace: Workspace, batchId: number, page: { limit: number; offset: number }) {
  return rejectedRowsOf(workspace.db, batchId, page);
}

export function batchContents(workspace: Workspace, batchId: number) {
  const summary = workspace.batchSummary(batchId);
  return {
    batchId,
    cohort: summary.batch.cohort,
    fileName: summary.batch.fileName,
    records: summary.records,
    rejectedRows: summary.rejectedRows,
  };
}

export function savedProfiles(workspace: Workspace): ProfileSummary[] {
  return listProfiles(workspace.db);
}
