// What an import could change in a workspace, read with the test's own SQL: the rows of every
// table an import writes, the indexes (a first import drops some and builds them again), and
// the audit log's length and last hash. Equal before and after means the import left no trace.
import type Database from 'better-sqlite3-multiple-ciphers';

const TABLES = [
  'import_batches',
  'victims',
  'suspects',
  'offenders',
  'persons',
  'rejected_rows',
  'line_hashes',
  'categories',
  'codebook_columns',
  'mapping_profiles',
  'audit_log',
] as const;

export interface WorkspaceState {
  rows: Record<string, number>;
  indexes: string[];
  audit: { entries: number; head: string | null };
}

export function workspaceState(db: Database.Database): WorkspaceState {
  const rows = Object.fromEntries(
    TABLES.map((table) => [table, db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number]),
  );
  const indexes = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`)
    .pluck()
    .all() as string[];
  const head = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').pluck().get() as string | undefined;
  return { rows, indexes, audit: { entries: rows.audit_log ?? 0, head: head ?? null } };
}
