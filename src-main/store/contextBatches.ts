// The batches of context datasets (migration 010): each file imported into a dataset is an
// `import_batches` row named `context:NAME` whose rows are the ids first_row to last_row of
// `ctx_NAME`. Counting and deleting a batch read that range; deleting one also lowers the
// dataset's row count, in the same transaction as the batch's deletion mark and audit entry.
import { CONTEXT_PREFIX } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { CipherDatabase } from './cipherDatabase.ts';

const TABLE_NAME = /^ctx_[a-z][a-z0-9_]{0,40}$/;

export interface ContextBatchRange {
  id: number;
  cohort: string;
  first_row: number | null;
  last_row: number | null;
  deleted_at: string | null;
}

function datasetOf(db: CipherDatabase, batch: ContextBatchRange): { id: number; table: string } | undefined {
  const name = batch.cohort.slice(CONTEXT_PREFIX.length);
  const row = db.prepare('SELECT id, table_name FROM context_datasets WHERE name = ?').get(name) as
    { id: number; table_name: string } | undefined;
  if (row === undefined) return undefined;
  if (!TABLE_NAME.test(row.table_name))
    throw new AppError('DAMAGED_WORKSPACE', `The context dataset "${name}" has an invalid table name.`);
  return { id: row.id, table: row.table_name };
}

/** The rows of a context batch still in its dataset (none once deleted, or when the dataset is gone). */
export function contextBatchRows(db: CipherDatabase, batch: ContextBatchRange): number {
  const dataset = datasetOf(db, batch);
  if (dataset === undefined || batch.deleted_at !== null || batch.first_row === null) return 0;
  return db
    .prepare(`SELECT count(*) FROM "${dataset.table}" WHERE id BETWEEN ? AND ?`)
    .pluck()
    .get(batch.first_row, batch.last_row) as number;
}

/** Deletes a context batch's rows (inside the caller's transaction); returns how many went. */
export function deleteContextBatchRows(db: CipherDatabase, batch: ContextBatchRange): number {
  const dataset = datasetOf(db, batch);
  if (dataset === undefined || batch.first_row === null) return 0;
  const records = db
    .prepare(`DELETE FROM "${dataset.table}" WHERE id BETWEEN ? AND ?`)
    .run(batch.first_row, batch.last_row).changes;
  db.prepare('UPDATE context_datasets SET rows = rows - ?, updated_at = ? WHERE id = ?').run(
    records,
    new Date().toISOString(),
    dataset.id,
  );
  return records;
}

/** Context datasets with their rows, for `vso workspace info`. */
export function contextDatasetRows(db: CipherDatabase): Record<string, number> {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'context_datasets'`).get();
  if (exists === undefined) return {};
  const rows = db.prepare('SELECT name, rows FROM context_datasets ORDER BY name').all() as Array<{
    name: string;
    rows: number;
  }>;
  return Object.fromEntries(rows.map((r) => [r.name, r.rows]));
}
