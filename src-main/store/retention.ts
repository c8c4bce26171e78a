// Retention (issue 10): everything dated before the cut-off goes, in one audited transaction:
// cohort records (by `date`) with the persons left with none, rows of context datasets (by
// their first date column, else their first month column), rejected rows, and the labels of
// open columns that nothing uses any more. A rejected row goes when its date (kept at import,
// migration 009) is before the cut-off, or when its batch was imported before it: an extract
// holds nothing dated after the day it was imported, so such a row is older whatever its
// date cell says (blank, unreadable, a typo). Records with no date are kept: their age is
// unknown, and the data-quality view shows them. Rows go a chunk at a time, so a cancel between
// chunks rolls the transaction back and leaves the workspace as it was. Then VACUUM rebuilds the file so that no page,
// free or used, still holds the purged values (`secure_delete` has already zeroed the freed
// cells) and a checkpoint empties the WAL.
import { COHORTS, CONTEXT_PREFIX, type Cohort } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { AuditLog } from './auditLog.ts';
import type { CipherDatabase } from './cipherDatabase.ts';
import { forgetLineHashes } from './lineHashes.ts';
import { safePoint, type Steps } from './safePoints.ts';
import { deleteOrphanPersons } from './persons.ts';
import { contextTable, deleteUnusedContextLabels, deleteUnusedLabels } from './unusedLabels.ts';

export interface RetentionPreview {
  /** Everything dated before this ISO date goes. */
  cutoff: string;
  records: Record<Cohort, number>;
  /** Cohort records (the sum of `records`). */
  total: number;
  /** Rows of each context dataset, by its name. */
  contextRows: Record<string, number>;
  rejectedRows: number;
}

export interface RetentionPurge extends RetentionPreview {
  persons: number;
  /** Category labels no record used any more, cohorts' and context datasets' together. */
  labels: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `today` minus `years` as an ISO date; 29 February falls back to the 28th in a common year. */
export function retentionCutoff(years: number, today: string): string {
  if (!Number.isInteger(years) || years < 1) {
    throw new AppError('BAD_REQUEST', 'The retention period must be a whole number of years, at least 1.');
  }
  if (!ISO_DATE.test(today)) throw new AppError('BAD_REQUEST', `“${today}” is not a date (YYYY-MM-DD).`);
  const year = Number(today.slice(0, 4)) - years;
  const month = Number(today.slice(5, 7));
  const day = Math.min(Number(today.slice(8, 10)), new Date(Date.UTC(year, month, 0)).getUTCDate());
  return `${String(year).padStart(4, '0')}-${today.slice(5, 7)}-${String(day).padStart(2, '0')}`;
}

/** Rejected rows dated before the cut-off, or of a batch imported before it (see the top). */
const OLD_REJECTED_ROWS_WHERE = `date < @cutoff
  OR batch_id IN (SELECT id FROM import_batches WHERE coalesce(finished_at, started_at) < @cutoff)`;
const OLD_REJECTED_ROWS = `FROM rejected_rows WHERE ${OLD_REJECTED_ROWS_WHERE}`;

interface DatedContext {
  id: number;
  name: string;
  table_name: string;
  /** `WHERE` clause of the rows before the cut-off, or null when the dataset has no date. */
  where: string | null;
}

/** Each context dataset with the condition that picks its rows dated before `@cutoff`. */
function datedContexts(db: CipherDatabase): DatedContext[] {
  const rows = db.prepare('SELECT id, name, table_name, columns FROM context_datasets ORDER BY id').all() as Array<{
    id: number;
    name: string;
    table_name: string;
    columns: string;
  }>;
  return rows.map((row) => {
    const columns = JSON.parse(row.columns) as Array<{ name: string; kind: string; included: boolean }>;
    const date = columns.find((c) => c.included && c.kind === 'date');
    const month = columns.find((c) => c.included && c.kind === 'month');
    let where: string | null = null;
    // Column names were checked when the dataset was imported; checked again before the splice.
    if (date !== undefined && /^[a-z][a-z0-9_]{0,62}$/.test(date.name)) where = `"${date.name}" < @cutoff`;
    // A month (YYYY-MM) goes when it ends before the cut-off: before the cut-off's month.
    else if (month !== undefined && /^[a-z][a-z0-9_]{0,62}$/.test(month.name))
      where = `"${month.name}" < substr(@cutoff, 1, 7)`;
    return { id: row.id, name: row.name, table_name: row.table_name, where };
  });
}

function countAll(db: CipherDatabase, cutoff: string): RetentionPreview {
  const records = {} as Record<Cohort, number>;
  for (const cohort of COHORTS) {
    records[cohort] = db.prepare(`SELECT count(*) FROM ${cohort} WHERE date < ?`).pluck().get(cutoff) as number;
  }
  const contextRows: Record<string, number> = {};
  for (const dataset of datedContexts(db)) {
    contextRows[dataset.name] =
      dataset.where === null
        ? 0
        : (db
            .prepare(`SELECT count(*) FROM ${contextTable(dataset.table_name)} WHERE ${dataset.where}`)
            .pluck()
            .get({ cutoff }) as number);
  }
  const rejectedRows = db.prepare(`SELECT count(*) ${OLD_REJECTED_ROWS}`).pluck().get({ cutoff }) as number;
  return { cutoff, records, total: sum(Object.values(records)), contextRows, rejectedRows };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, n) => total + n, 0);
}

export function retentionPreview(db: CipherDatabase, years: number, today: string): RetentionPreview {
  return countAll(db, retentionCutoff(years, today));
}

/** Rows of every kind the preview counts: what the analyst confirms before a purge. */
export function rowsDue(preview: RetentionPreview): number {
  return preview.total + sum(Object.values(preview.contextRows)) + preview.rejectedRows;
}

/** Rows deleted per statement: a chunk, with a safe point after it. */
const PURGE_CHUNK = 1_000;
const PURGE = 'The purge';

/** Deletes the rows of `table` matching `where`, a chunk at a time; returns how many went. */
async function deleteInChunks(
  db: CipherDatabase,
  table: string,
  where: string,
  params: Record<string, unknown>,
  between: (deleted: number) => Promise<void>,
): Promise<number> {
  const chunk = db.prepare(
    `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${where} LIMIT ${PURGE_CHUNK})`,
  );
  let deleted = 0;
  for (;;) {
    const changes = chunk.run(params).changes;
    deleted += changes;
    await between(changes);
    if (changes < PURGE_CHUNK) return deleted;
  }
}

/**
 * The purge, in one transaction on this connection (the caller holds the write gate), deleting a
 * chunk of rows at a time with a safe point between chunks: a cancel rolls it all back. Once
 * committed, VACUUM and a checkpoint rewrite the file (not stopped by a cancel: the purge is done).
 */
export async function purgeRetention(
  db: CipherDatabase,
  audit: AuditLog,
  years: number,
  today: string,
  steps: Steps = {},
): Promise<RetentionPurge> {
  const cutoff = retentionCutoff(years, today);
  const due = rowsDue(countAll(db, cutoff));
  const progress = { phase: 'purge', done: 0, total: due };
  const between = async (deleted: number): Promise<void> => {
    progress.done += deleted;
    await safePoint(steps, PURGE, { ...progress });
  };
  db.exec('BEGIN IMMEDIATE');
  let result: RetentionPurge;
  try {
    await safePoint(steps, PURGE, { ...progress });
    const records = {} as Record<Cohort, number>;
    for (const cohort of COHORTS) {
      // A batch's line hashes cannot be told apart by record: a batch losing records loses them
      // all, so a purged record imported again is never taken for one the workspace holds.
      db.prepare(
        `DELETE FROM line_hashes WHERE batch_id IN (SELECT DISTINCT batch_id FROM ${cohort} WHERE date < ?)`,
      ).run(cutoff);
      records[cohort] = await deleteInChunks(db, cohort, 'date < @cutoff', { cutoff }, between);
    }
    const contextRows: Record<string, number> = {};
    let labels = 0;
    for (const dataset of datedContexts(db)) {
      contextRows[dataset.name] = 0;
      if (dataset.where === null) continue;
      const table = contextTable(dataset.table_name);
      const deleted = await deleteInChunks(db, table, dataset.where, { cutoff }, between);
      contextRows[dataset.name] = deleted;
      if (deleted === 0) continue;
      forgetLineHashes(db, `${CONTEXT_PREFIX}${dataset.name}`);
      db.prepare(`UPDATE context_datasets SET rows = (SELECT count(*) FROM ${table}) WHERE id = ?`).run(dataset.id);
      labels += deleteUnusedContextLabels(db, dataset);
    }
    const rejectedRows = await deleteInChunks(db, 'rejected_rows', OLD_REJECTED_ROWS_WHERE, { cutoff }, between);
    const persons = deleteOrphanPersons(db);
    await safePoint(steps, PURGE, { ...progress });
    const total = sum(Object.values(records));
    labels += deleteUnusedLabels(db);
    await safePoint(steps, PURGE, { ...progress });
    audit.append('retention.purge', {
      years,
      cutoff,
      ...records,
      total,
      contextRows,
      persons,
      rejectedRows,
      labels,
    });
    result = { cutoff, records, total, contextRows, persons, rejectedRows, labels };
    db.exec('COMMIT');
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
  db.exec('VACUUM');
  // The WAL still holds the old pages (encrypted) until a checkpoint; TRUNCATE empties it.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return result;
}
