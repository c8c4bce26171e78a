// The migration runner. Applied versions are recorded one row each in `schema_migrations`
// (and the newest in PRAGMA user_version); at every open they must be a prefix of the known
// migrations, so a file from a newer build is refused (SCHEMA_TOO_NEW) rather than half-read.
// Each migration runs in its own transaction with its record, so a crash leaves the file at
// the previous version, never between two.
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import type { CipherDatabase } from './cipherDatabase.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index.ts';

export interface AppliedMigration {
  version: number;
  name: string;
}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

export function hasMigrationsTable(db: CipherDatabase): boolean {
  return (
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get() !== undefined
  );
}

export function appliedMigrations(db: CipherDatabase): AppliedMigration[] {
  if (!hasMigrationsTable(db)) return [];
  return db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as AppliedMigration[];
}

export function schemaVersion(db: CipherDatabase): number {
  return appliedMigrations(db).at(-1)?.version ?? 0;
}

/** Refuses a schema history this build does not know: newer, or diverging from its own. */
export function assertKnownHistory(applied: readonly AppliedMigration[], path: string, known = MIGRATIONS): void {
  const name = basename(path);
  const newest = applied.at(-1)?.version ?? 0;
  const knownNewest = known.at(-1)?.version ?? 0;
  if (newest > knownNewest) {
    throw new AppError(
      'SCHEMA_TOO_NEW',
      `${name} was saved by a newer version of VSO Workbench (schema ${newest}; this version reads up to ${knownNewest}). Update VSO Workbench to open it.`,
    );
  }
  applied.forEach((migration, index) => {
    const expected = known[index];
    if (expected === undefined || expected.version !== migration.version || expected.name !== migration.name) {
      throw new AppError(
        'DAMAGED_WORKSPACE',
        `${name} has a schema history this version does not recognise (step ${index + 1} is “${migration.version} ${migration.name}”). Restore it from a backup.`,
      );
    }
  });
}

/**
 * Brings the schema up to `target` (the newest by default). Returns the versions before and after.
 * `target` below the newest exists for tests that build an older workspace.
 */
export function migrate(
  db: CipherDatabase,
  path: string,
  target: number = LATEST_SCHEMA_VERSION,
  known: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const applied = appliedMigrations(db);
  assertKnownHistory(applied, path, known);
  const from = applied.at(-1)?.version ?? 0;
  for (const migration of known) {
    if (migration.version <= from || migration.version > target) continue;
    const foreignKeys = migration.foreignKeysOff === true && Number(db.pragma('foreign_keys', { simple: true })) === 1;
    if (foreignKeys) db.pragma('foreign_keys=OFF');
    try {
      applyMigration(db, migration);
    } finally {
      if (foreignKeys) db.pragma('foreign_keys=ON');
    }
  }
  return { from, to: schemaVersion(db) };
}

function applyMigration(db: CipherDatabase, migration: Migration): void {
  db.transaction(() => {
    db.exec(MIGRATIONS_TABLE);
    db.exec(migration.sql);
    migration.fill?.(db);
    if (migration.foreignKeysOff === true && db.prepare('PRAGMA foreign_key_check').get() !== undefined) {
      throw new AppError(
        'DAMAGED_WORKSPACE',
        `The workspace has records referring to rows it does not hold, so schema step ${migration.version} (${migration.name}) was not applied. Restore the workspace from a backup.`,
      );
    }
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      migration.version,
      migration.name,
      new Date().toISOString(),
    );
    db.pragma(`user_version = ${migration.version}`);
  }).immediate();
}
