// Rows an import has stored but not yet published (its batch's status is still 'importing'). A
// large import writes its rows in a transaction of their own and publishes them in a small
// second one, so its long COMMIT comes before the point of no return and a cancel during it is
// answered at once (runImport.ts). Until then every reader skips them: a cohort's records from
// the batch's `first_row` on and persons from its `first_person` on (one writer at a time, so
// nothing published lies above either). A cancel removes them once the COMMIT returns, a chunk
// of rows per transaction (removeUnpublishedStepwise), so a lock, a close or the next write stops
// the removal between two chunks; the batch row goes last, so what a stopped or killed removal
// leaves is still skipped, and the app resumes it (after that write, at an unlock), or the next
// import or open removes it.
import { COHORTS, type Cohort } from '../../shared/codebook.ts';
import { beginImmediate, commit, prepared, rollbackIfOpen, type SqlDatabase } from './sqlConnection.ts';

/** Above every id: nothing is unpublished. */
const NONE = Number.MAX_SAFE_INTEGER;

/** The first id of `table`'s records that readers must skip; above every id when none (or not a cohort). */
export function firstUnpublishedRecord(db: SqlDatabase, table: string): number {
  // A file built to an early schema (the engine's generated workspaces) has no row ranges, and
  // no unpublished import either.
  if (prepared(db, `SELECT 1 FROM pragma_table_info('import_batches') WHERE name = 'first_row'`).get() === undefined)
    return NONE;
  const row = prepared(
    db,
    `SELECT min(first_row) AS id FROM import_batches WHERE status = 'importing' AND cohort = ?`,
  ).get(table) as { id: number | null };
  return row.id ?? NONE;
}

/** The first id of `persons` that readers must skip; above every id when none. */
export function firstUnpublishedPerson(db: SqlDatabase): number {
  const row = prepared(db, `SELECT min(first_person) AS id FROM import_batches WHERE status = 'importing'`).get() as {
    id: number | null;
  };
  return row.id ?? NONE;
}

/**
 * A WHERE condition true for the published records of `cohort` alone, to read in the same
 * statement (one statement reads one snapshot).
 */
export function publishedRecords(cohort: Cohort): string {
  if (!(COHORTS as readonly string[]).includes(cohort)) throw new Error(`not a cohort: ${cohort}`);
  return `id < (SELECT coalesce(min(first_row), ${NONE}) FROM import_batches WHERE status = 'importing' AND cohort = '${cohort}')`;
}

/** A WHERE condition true for the published rows of `persons` alone, to read in the same statement. */
export const PUBLISHED_PERSONS = `id < (SELECT coalesce(min(first_person), ${NONE}) FROM import_batches WHERE status = 'importing')`;

interface UnpublishedBatch {
  id: number;
  cohort: string;
  first_row: number | null;
  first_person: number | null;
}

/**
 * Removes what unpublished imports stored (records, rejected rows, line hashes, new persons and
 * the batch row itself), `batchId`'s alone or every one, in one transaction; the batches removed.
 */
export function removeUnpublishedImports(db: SqlDatabase, batchId?: number): number {
  beginImmediate(db);
  try {
    const removed = deleteUnpublishedImports(db, batchId);
    commit(db);
    return removed;
  } catch (error) {
    rollbackIfOpen(db);
    throw error;
  }
}

/** Records or persons removed per transaction by the stepwise removal. */
export const ROWS_PER_REMOVAL_CHUNK = 25_000;

export interface RemovalSteps {
  rowsPerChunk?: number;
  /** Asked between chunks: true stops the removal there (the rest stays unpublished, skipped). */
  stopped?: () => boolean;
  /** Rows removed so far of the rows to remove (records and new persons). */
  progress?: (done: number, total: number) => void;
}

/** Whether any import's rows are stored unpublished (a cancelled import's, being removed). */
export function hasUnpublishedImports(db: SqlDatabase): boolean {
  return prepared(db, `SELECT 1 FROM import_batches WHERE status = 'importing' LIMIT 1`).get() !== undefined;
}

function unpublishedBatches(db: SqlDatabase, batchId: number | undefined): UnpublishedBatch[] {
  return (
    prepared(
      db,
      `SELECT id, cohort, first_row, first_person FROM import_batches WHERE status = 'importing' ORDER BY id`,
    ).all() as UnpublishedBatch[]
  ).filter((b) => batchId === undefined || b.id === batchId);
}

function inTransaction<T>(db: SqlDatabase, work: () => T): T {
  beginImmediate(db);
  try {
    const result = work();
    commit(db);
    return result;
  } catch (error) {
    rollbackIfOpen(db);
    throw error;
  }
}

/** The id range [from, to] a batch's rows may hold in `table` (ids are given in order, one writer). */
function idRange(db: SqlDatabase, table: string, from: number): { from: number; to: number; rows: number } {
  const top = (db.prepare(`SELECT max(id) AS id FROM ${table}`).get() as { id: number | null }).id;
  return top === null || top < from ? { from, to: from - 1, rows: 0 } : { from, to: top, rows: top - from + 1 };
}

/**
 * Removes what unpublished imports stored, `batchId`'s alone or every one, a chunk of ids per
 * transaction, turning the event loop between chunks; resolves true once all is removed, false
 * when `stopped` stopped it. A table that holds nothing but the import's rows (a first import's)
 * is emptied by one DELETE without WHERE, which frees its pages rather than going row by row and
 * index by index. The batch row goes in the last transaction: until then readers skip the rest,
 * and a removal stopped or killed midway is finished by the next import or open.
 */
export async function removeUnpublishedStepwise(
  db: SqlDatabase,
  batchId: number | undefined,
  steps: RemovalSteps = {},
): Promise<boolean> {
  const chunk = Math.max(1, steps.rowsPerChunk ?? ROWS_PER_REMOVAL_CHUNK);
  const batches = unpublishedBatches(db, batchId);
  const parts = batches.flatMap((batch) => {
    const own: Array<{ table: string; from: number; to: number; rows: number; batch: number | null }> = [];
    if ((COHORTS as readonly string[]).includes(batch.cohort) && batch.first_row !== null)
      own.push({ table: batch.cohort, ...idRange(db, batch.cohort, batch.first_row), batch: batch.id });
    if (batch.first_person !== null)
      own.push({ table: 'persons', ...idRange(db, 'persons', batch.first_person), batch: null });
    return own;
  });
  const total = parts.reduce((sum, part) => sum + part.rows, 0);
  let done = 0;
  steps.progress?.(done, total);
  for (const part of parts) {
    if (part.rows === 0) continue;
    const lowest = (db.prepare(`SELECT min(id) AS id FROM ${part.table}`).get() as { id: number | null }).id;
    if (lowest === null || lowest >= part.from) {
      inTransaction(db, () => db.prepare(`DELETE FROM ${part.table}`).run());
      done += part.rows;
      steps.progress?.(done, total);
      continue;
    }
    const remove =
      part.batch === null
        ? db.prepare(`DELETE FROM ${part.table} WHERE id >= ? AND id < ?`)
        : db.prepare(`DELETE FROM ${part.table} WHERE id >= ? AND id < ? AND batch_id = ${part.batch}`);
    for (let from = part.from; from <= part.to; from += chunk) {
      if (steps.stopped?.() === true) return false;
      inTransaction(db, () => remove.run(from, from + chunk));
      done += Math.min(chunk, part.to - from + 1);
      steps.progress?.(done, total);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  if (steps.stopped?.() === true) return false;
  // The rejected rows and line hashes are few (a part per thousand-odd lines): one transaction.
  inTransaction(db, () => deleteUnpublishedImports(db, batchId));
  return true;
}

/**
 * Drops `column` of `cohort`, a custom column of that cohort alone which a cancelled import made
 * and whose rows are removed, from the table, the codebook and the categories, inside the
 * caller's transaction. Kept (false) when any row holds a value in it or it is not such a column.
 */
export function dropColumnOfRemovedImport(db: SqlDatabase, cohort: Cohort, column: string): boolean {
  if (!(COHORTS as readonly string[]).includes(cohort)) throw new Error(`not a cohort: ${cohort}`);
  const spec = db.prepare('SELECT cohorts FROM codebook_columns WHERE name = ? AND custom = 1').get(column) as
    { cohorts: string } | undefined;
  if (spec === undefined || spec.cohorts !== JSON.stringify([cohort])) return false;
  const quoted = `"${column.replaceAll('"', '""')}"`;
  if (db.prepare(`SELECT 1 FROM ${cohort} WHERE ${quoted} IS NOT NULL LIMIT 1`).get() !== undefined) return false;
  db.prepare('DELETE FROM categories WHERE column_name = ?').run(column);
  db.prepare('DELETE FROM codebook_columns WHERE name = ?').run(column);
  db.exec(`ALTER TABLE ${cohort} DROP COLUMN ${quoted}`);
  return true;
}

/** As removeUnpublishedImports, inside the caller's transaction (a copy about to commit). */
export function deleteUnpublishedImports(db: SqlDatabase, batchId?: number): number {
  const batches = unpublishedBatches(db, batchId);
  if (batches.length === 0) return 0;
  // A table that holds nothing but the import's rows (a first import's) is emptied by a DELETE
  // without WHERE, which SQLite does by freeing its pages rather than row by row and index by index.
  const onlyFrom = (table: string, from: number): boolean => {
    const lowest = (db.prepare(`SELECT min(id) AS id FROM ${table}`).get() as { id: number | null }).id;
    return lowest === null || lowest >= from;
  };
  for (const batch of batches) {
    // The cohort comes from the closed COHORTS list; a context dataset's rows commit with their batch.
    if ((COHORTS as readonly string[]).includes(batch.cohort) && batch.first_row !== null) {
      const cohort = batch.cohort as Cohort;
      if (onlyFrom(cohort, batch.first_row)) db.prepare(`DELETE FROM ${cohort}`).run();
      else db.prepare(`DELETE FROM ${cohort} WHERE id >= ? AND batch_id = ?`).run(batch.first_row, batch.id);
    }
    if (batch.first_person !== null)
      if (onlyFrom('persons', batch.first_person)) db.prepare('DELETE FROM persons').run();
      else db.prepare('DELETE FROM persons WHERE id >= ?').run(batch.first_person);
    db.prepare('DELETE FROM rejected_rows WHERE batch_id = ?').run(batch.id);
    db.prepare('DELETE FROM line_hashes WHERE batch_id = ?').run(batch.id);
    db.prepare('DELETE FROM import_batches WHERE id = ?').run(batch.id);
  }
  return batches.length;
}
