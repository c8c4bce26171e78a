// The `import_batches` rows of an import: found by file hash (to refuse the same extract
// twice), opened at the start of the transaction and completed before it commits.
import { userInfo } from 'node:os';
import type { Cohort } from '../../shared/codebook.ts';
import type { SqlDatabase } from './importTarget.ts';

export interface PriorBatch {
  id: number;
  cohort: string;
  fileName: string;
  finishedAt: string | null;
}

export function findBatchByHash(db: SqlDatabase, hash: string): PriorBatch | undefined {
  return db
    .prepare(
      `SELECT id, cohort, file_name AS fileName, finished_at AS finishedAt FROM import_batches
       WHERE file_hash = ? AND status = 'committed' AND deleted_at IS NULL ORDER BY id LIMIT 1`,
    )
    .get(hash) as PriorBatch | undefined;
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
  const result = db
    .prepare(
      `INSERT INTO import_batches (cohort, file_name, file_hash, profile_name, started_at, user_name, status)
       VALUES (?, ?, ?, ?, ?, ?, 'importing')`,
    )
    .run(batch.cohort, batch.fileName, batch.hash, batch.profileName, batch.startedAt.toISOString(), batch.userName);
  return Number(result.lastInsertRowid);
}

export function completeBatch(
  db: SqlDatabase,
  id: number,
  counts: { rowsRead: number; accepted: number; rejected: number },
  finishedAt: Date,
): void {
  db.prepare(
    `UPDATE import_batches SET rows_read = ?, accepted = ?, rejected = ?, finished_at = ?, status = 'committed' WHERE id = ?`,
  ).run(counts.rowsRead, counts.accepted, counts.rejected, finishedAt.toISOString(), id);
}

export function defaultUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
