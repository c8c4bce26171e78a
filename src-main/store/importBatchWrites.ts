// The `import_batches` rows an import writes: found by file hash (to refuse the same extract
// twice), opened unpublished ('importing') with the first ids its records and new persons take,
// and published ('committed') in a small transaction of its own after its rows have committed
// (unpublishedImports.ts says why).
import type { Cohort } from '../../shared/codebook.ts';
import { prepared, type SqlDatabase } from './sqlConnection.ts';

export interface PriorBatch {
  id: number;
  cohort: string;
  fileName: string;
  finishedAt: string | null;
}

export function findBatchByHash(db: SqlDatabase, hash: string): PriorBatch | undefined {
  return prepared(
    db,
    `SELECT id, cohort, file_name AS fileName, finished_at AS finishedAt FROM import_batches
       WHERE file_hash = ? AND status = 'committed' AND deleted_at IS NULL ORDER BY id LIMIT 1`,
  ).get(hash) as PriorBatch | undefined;
}

export function openBatch(
  db: SqlDatabase,
  batch: {
    cohort: Cohort;
    fileName: string;
    hash: string;
    profileName: string | null;
    userName: string;
    startedAt: Date;
  },
): number {
  const result = prepared(
    db,
    `INSERT INTO import_batches (cohort, file_name, file_hash, profile_name, started_at, user_name, status,
       first_row, first_person)
       VALUES (?, ?, ?, ?, ?, ?, 'importing', ?, (SELECT coalesce(max(id), 0) + 1 FROM persons))`,
  ).run(
    batch.cohort,
    batch.fileName,
    batch.hash,
    batch.profileName,
    batch.startedAt.toISOString(),
    batch.userName,
    nextRecordId(db, batch.cohort),
  );
  return Number(result.lastInsertRowid);
}

/** The id the cohort table gives its next record (the first of an import's, within its transaction). */
export function nextRecordId(db: SqlDatabase, cohort: Cohort): number {
  // The cohort comes from the closed COHORTS list (checked by the caller).
  return Number((prepared(db, `SELECT max(id) AS id FROM ${cohort}`).get() as { id: number | null }).id ?? 0) + 1;
}

/**
 * Publishes the batch: its counts and the ids of its records: `firstRow` (nextRecordId before
 * the first was written) to the table's largest id now (an empty range when none was accepted).
 */
export function completeBatch(
  db: SqlDatabase,
  id: number,
  cohort: Cohort,
  counts: { rowsRead: number; accepted: number; rejected: number; firstRow: number },
  finishedAt: Date,
): void {
  const lastRow = nextRecordId(db, cohort) - 1;
  prepared(
    db,
    `UPDATE import_batches SET rows_read = ?, accepted = ?, rejected = ?, first_row = ?, last_row = ?, finished_at = ?,
       status = 'committed' WHERE id = ?`,
  ).run(counts.rowsRead, counts.accepted, counts.rejected, counts.firstRow, lastRow, finishedAt.toISOString(), id);
}
