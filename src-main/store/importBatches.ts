// Import batches as the store sees them: the history list, the summary shown before a batch is
// deleted ("this removes N records"), and the deletion itself: records, rejected rows, persons
// left with no record and labels no record uses (unusedLabels.ts), in one transaction with its
// audit entry. The batch's own row
// stays, marked deleted, so the history still says it was imported and who removed it.
import { COHORTS, isContextDataset, type DatasetName } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { currentUserName, type AuditLog } from './auditLog.ts';
import { contextBatchRows, deleteContextBatchRows } from './contextBatches.ts';
import { deleteLineHashes } from './lineHashes.ts';
import type { CipherDatabase } from './cipherDatabase.ts';
import { deleteOrphanPersons } from './persons.ts';
import { deleteUnusedLabels, labelsUsedBy } from './unusedLabels.ts';

export interface ImportBatch {
  id: number;
  /** A cohort, or `context:NAME` for a file imported into a context dataset. */
  cohort: DatasetName;
  fileName: string;
  fileHash: string;
  profileName: string | null;
  rowsRead: number;
  accepted: number;
  rejected: number;
  startedAt: string;
  finishedAt: string | null;
  userName: string;
  status: string;
  deletedAt: string | null;
  deletedBy: string | null;
}

export interface BatchSummary {
  batch: ImportBatch;
  /** Records of this batch still in its cohort table. */
  records: number;
  rejectedRows: number;
}

export interface BatchDeletion {
  batchId: number;
  cohort: DatasetName;
  records: number;
  rejectedRows: number;
  persons: number;
  /** Labels of open columns (LSOA codes, offence subgroups) that only this batch's records used. */
  labels: number;
}

interface BatchRow {
  id: number;
  cohort: string;
  file_name: string;
  file_hash: string;
  profile_name: string | null;
  rows_read: number;
  accepted: number;
  rejected: number;
  started_at: string;
  finished_at: string | null;
  user_name: string;
  status: string;
  deleted_at: string | null;
  deleted_by: string | null;
  /** The ids of the batch's records: first to last (schema 7; see 007_batch_row_ranges.ts). */
  first_row: number | null;
  last_row: number | null;
}

/** The batch's records: its range of ids, and its own within it (a deleted batch's range may be reused). */
const RECORDS_OF_BATCH = 'WHERE id BETWEEN ? AND ? AND batch_id = ?';

function batchRow(db: CipherDatabase, batchId: number): BatchRow {
  const row = db.prepare(`SELECT * FROM import_batches WHERE id = ? AND status <> 'importing'`).get(batchId) as
    BatchRow | undefined;
  if (row === undefined) throw new AppError('NOT_FOUND', `There is no import batch ${batchId} in this workspace.`);
  return row;
}

function toBatch(row: BatchRow): ImportBatch {
  if (!(COHORTS as readonly string[]).includes(row.cohort) && !isContextDataset(row.cohort)) {
    throw new AppError('DAMAGED_WORKSPACE', `Import batch ${row.id} names an unknown cohort “${row.cohort}”.`);
  }
  return {
    id: row.id,
    cohort: row.cohort as DatasetName,
    fileName: row.file_name,
    fileHash: row.file_hash,
    profileName: row.profile_name,
    rowsRead: row.rows_read,
    accepted: row.accepted,
    rejected: row.rejected,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    userName: row.user_name,
    status: row.status,
    deletedAt: row.deleted_at,
    deletedBy: row.deleted_by,
  };
}

/** Newest first, deleted batches included; an import not yet published is not listed. */
export function listBatches(db: CipherDatabase): ImportBatch[] {
  return (
    db.prepare(`SELECT * FROM import_batches WHERE status <> 'importing' ORDER BY id DESC`).all() as BatchRow[]
  ).map(toBatch);
}

export function batchSummary(db: CipherDatabase, batchId: number): BatchSummary {
  const row = batchRow(db, batchId);
  const batch = toBatch(row);
  const records = isContextDataset(batch.cohort)
    ? contextBatchRows(db, row)
    : (db
        .prepare(`SELECT count(*) FROM ${batch.cohort} ${RECORDS_OF_BATCH}`)
        .pluck()
        .get(row.first_row, row.last_row, batchId) as number);
  const rejectedRows = (
    db.prepare('SELECT count(*) AS n FROM rejected_rows WHERE batch_id = ?').get(batchId) as { n: number }
  ).n;
  return { batch, records, rejectedRows };
}

/**
 * How a deletion run elsewhere (a store worker) hears a cancel: read between its statements,
 * and the commit claimed against it at the end (CancelFlag), so a cancel either rolls the
 * deletion back or meets a claimed commit, never both.
 */
export interface DeletionGuard {
  cancelled(): boolean;
  /** False when a cancel came first: the transaction rolls back. */
  claimCommit(): boolean;
}

export function deletionCancelled(batchId: number): AppError {
  return new AppError('CANCELLED', `Deleting import batch ${batchId} was cancelled; nothing was deleted.`);
}

export function deleteBatch(
  db: CipherDatabase,
  audit: AuditLog,
  batchId: number,
  guard?: DeletionGuard,
): BatchDeletion {
  const unlessCancelled = (): void => {
    if (guard?.cancelled() === true) throw deletionCancelled(batchId);
  };
  return db
    .transaction((): BatchDeletion => {
      const row = batchRow(db, batchId);
      const batch = toBatch(row);
      if (batch.deletedAt !== null) {
        throw new AppError(
          'NOT_FOUND',
          `Import batch ${batchId} was already deleted on ${batch.deletedAt.slice(0, 10)} by ${batch.deletedBy ?? 'someone'}.`,
        );
      }
      // A cancel that came while the worker started is heard before the longest statement.
      unlessCancelled();
      // The labels of the batch's records, read before they go: those no other record uses go too.
      // A context dataset's own categories stay (unusedLabels.ts says why).
      const labelsOfBatch = isContextDataset(batch.cohort)
        ? new Map<string, Set<number>>()
        : labelsUsedBy(db, batch.cohort, RECORDS_OF_BATCH, row.first_row, row.last_row, batchId);
      // The cohort name comes from the closed COHORTS list (checked in toBatch).
      const records = isContextDataset(batch.cohort)
        ? deleteContextBatchRows(db, row)
        : db.prepare(`DELETE FROM ${batch.cohort} ${RECORDS_OF_BATCH}`).run(row.first_row, row.last_row, batchId)
            .changes;
      unlessCancelled();
      const rejectedRows = db.prepare('DELETE FROM rejected_rows WHERE batch_id = ?').run(batchId).changes;
      deleteLineHashes(db, batchId);
      unlessCancelled();
      const persons = deleteOrphanPersons(db);
      unlessCancelled();
      const labels = deleteUnusedLabels(db, labelsOfBatch);
      const deletedAt = new Date().toISOString();
      db.prepare(`UPDATE import_batches SET status = 'deleted', deleted_at = ?, deleted_by = ? WHERE id = ?`).run(
        deletedAt,
        currentUserName(),
        batchId,
      );
      const result: BatchDeletion = { batchId, cohort: batch.cohort, records, rejectedRows, persons, labels };
      audit.append('batch.delete', {
        batchId,
        cohort: batch.cohort,
        fileName: batch.fileName,
        fileHash: batch.fileHash,
        records,
        rejectedRows,
        persons,
        labels,
      });
      if (guard !== undefined && !guard.claimCommit()) throw deletionCancelled(batchId);
      return result;
    })
    .immediate();
}
