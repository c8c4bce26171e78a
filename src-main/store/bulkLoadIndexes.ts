// Indexes an import sets aside and builds again before it commits.
// A first import into an empty cohort table loads without the table's secondary index (its
// persons', since schema 7) and builds it once at the end: building an index from a sort of the
// loaded rows costs less than half of keeping it up to date through a million random inserts
// (measured: 0.88 s of inserts became 0.30 s plus a 0.20 s build, per 300,000 rows). The DROP
// and the CREATE run inside the import's transaction, so a rollback brings the indexes back
// exactly as they were. A table that already holds rows keeps its indexes.
import type { Cohort } from '../../shared/codebook.ts';
import type { SqlDatabase } from './sqlConnection.ts';

export interface SetAsideIndexes {
  /** Builds the indexes again (before the transaction commits), `between` called before each. */
  restore(between?: () => void): void;
}

/** Inside the import's transaction: drops the cohort's indexes when its table is empty. */
export function setAsideIndexesIfEmpty(db: SqlDatabase, cohort: Cohort): SetAsideIndexes {
  if (!db.inTransaction) throw new Error('indexes may only be set aside inside the import transaction');
  const empty = db.prepare(`SELECT 1 FROM ${cohort} LIMIT 1`).get() === undefined;
  const indexes = empty
    ? (db
        .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
        .all(cohort) as Array<{ name: string; sql: string }>)
    : [];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  let restored = false;
  return {
    restore: (between) => {
      if (restored) return;
      for (const index of indexes) {
        between?.();
        db.exec(index.sql);
      }
      restored = true;
    },
  };
}

/** Bytes a row of an extract takes at least, about: the estimate of how many rows a file holds. */
const MIN_BYTES_PER_ROW = 100;

/**
 * Inside the import's transaction: drops the unique index of persons' keys when the file may
 * add about as many persons as there are already (always, into a new workspace). Building it
 * from a sort at the end costs a fraction of a random insert into it per new person. The
 * import hands out ids only to keys not yet in `persons` (PersonKeyIndex), so the keys stay
 * unique without the index meanwhile, and the CREATE UNIQUE INDEX at the end checks it.
 */
export function setAsidePersonKeysIfFew(db: SqlDatabase, fileBytes: number): SetAsideIndexes {
  if (!db.inTransaction) throw new Error('indexes may only be set aside inside the import transaction');
  const index = db
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'persons_key' AND sql IS NOT NULL`)
    .get() as { sql: string } | undefined;
  const persons = Number((db.prepare('SELECT max(id) AS n FROM persons').get() as { n: number | null }).n ?? 0);
  const setAside = index !== undefined && persons <= fileBytes / MIN_BYTES_PER_ROW;
  if (setAside) db.exec('DROP INDEX persons_key');
  let restored = false;
  return {
    restore: (between) => {
      if (restored || !setAside || index === undefined) return;
      between?.();
      db.exec(index.sql);
      restored = true;
    },
  };
}
