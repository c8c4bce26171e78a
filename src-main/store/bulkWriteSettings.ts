// The connection settings of an import's one big write transaction, set before BEGIN and put
// back after COMMIT or ROLLBACK (foreign_keys only takes effect outside a transaction):
// - a large page cache: the person index takes random inserts, and a small cache would spill
//   (encrypt and write) pages many times over;
// - no foreign-key lookups row by row (one in `persons` and one in `import_batches` per row,
//   about a third of the writer's time): the writer takes every person id from the
//   PersonKeyIndex and the batch id from openBatch inside the same transaction, so they exist
//   by construction (tests run foreign_key_check after imports);
// - no automatic checkpoint at COMMIT: copying a million rows' pages from the WAL into the
//   file would hold up the end of the import by a second; the workspace checkpoints soon after.
import type { SqlDatabase } from './sqlConnection.ts';

/** Page cache during an import, in KiB (negative in the pragma). */
const IMPORT_CACHE_KIB = -262_144;

function pragmaNumber(db: SqlDatabase, name: string): number {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, number> | undefined;
  return Number(row?.[name] ?? 0);
}

/** Applies the bulk-write settings; the function returned puts the previous ones back. */
export function enterBulkWrite(db: SqlDatabase): () => void {
  if (db.inTransaction) throw new Error('bulk-write settings are changed outside a transaction only');
  const before = {
    cache_size: pragmaNumber(db, 'cache_size'),
    foreign_keys: pragmaNumber(db, 'foreign_keys'),
    wal_autocheckpoint: pragmaNumber(db, 'wal_autocheckpoint'),
  };
  db.exec(`PRAGMA cache_size = ${IMPORT_CACHE_KIB}`);
  db.exec('PRAGMA foreign_keys = OFF');
  db.exec('PRAGMA wal_autocheckpoint = 0');
  return () => {
    for (const [name, value] of Object.entries(before)) db.exec(`PRAGMA ${name} = ${value}`);
  };
}
