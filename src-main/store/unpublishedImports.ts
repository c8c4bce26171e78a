// Rows an import has stored but not yet published (its batch's status is still 'importing'). A
// large import writes its rows in a transaction of their own and publishes them in a small
// second one, so its long COMMIT comes before the point of no return and a cancel during it is
// answered at once (runImport.ts). Until then every reader skips them: a cohort's records from
// the batch's `first_row` on and persons from its `first_person` on (one writer at a time, so
// nothing published lies above either). A cancel removes them as soon as the COMMIT returns;
// a killed process leaves them, and the next open removes them before anything reads.
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

/** As removeUnpublishedImports, inside the caller's transaction (a copy about to commit). */
export function deleteUnpublishedImports(db: SqlDatabase, batchId?: number): number {
  const batches = (
    prepared(
      db,
      `SELECT id, cohort, first_row, first_person FROM import_batches WHERE status = 'importing' ORDER BY id`,
    ).all() as UnpublishedBatch[]
  ).filter((b) => batchId === undefined || b.id === batchId);
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
