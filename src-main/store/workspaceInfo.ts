// The facts `vso workspace info` and the Start screen show about an open workspace.
import { COHORTS, type Cohort } from '../../shared/codebook.ts';
import type { CipherDatabase } from './cipherDatabase.ts';
import { contextDatasetRows } from './contextBatches.ts';
import { schemaVersion } from './migrate.ts';
import { PUBLISHED_PERSONS, publishedRecords } from './unpublishedImports.ts';

export interface WorkspaceInfo {
  path: string;
  schemaVersion: number;
  sizeBytes: number;
  createdAt: string;
  lastImportAt: string | null;
  counts: Record<Cohort, number>;
  persons: number;
  /** Rows of each context dataset, by name. */
  contextRows: Record<string, number>;
}

export function readWorkspaceInfo(db: CipherDatabase, path: string): WorkspaceInfo {
  const meta = (key: string) =>
    (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const counts = {} as Record<Cohort, number>;
  // An import's rows not yet published are not counted (unpublishedImports.ts).
  for (const cohort of COHORTS)
    counts[cohort] = count(`SELECT count(*) AS n FROM ${cohort} WHERE ${publishedRecords(cohort)}`);
  const lastImport = db
    .prepare(
      `SELECT max(coalesce(finished_at, started_at)) AS at FROM import_batches WHERE deleted_at IS NULL AND status <> 'importing'`,
    )
    .get() as { at: string | null };
  return {
    path,
    schemaVersion: schemaVersion(db),
    // Pages, not the file's current length: part of the data may still be in the WAL.
    sizeBytes: Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true })),
    createdAt: meta('created_at') ?? '',
    lastImportAt: lastImport.at,
    counts,
    persons: count(`SELECT count(*) AS n FROM persons WHERE ${PUBLISHED_PERSONS}`),
    contextRows: contextDatasetRows(db),
  };
}
