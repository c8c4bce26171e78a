// The connection the store's write modules take: the part of a better-sqlite3 (or
// -multiple-ciphers) database they use, so they run on whichever thread holds the connection
// and on a plain SQLite file in tests. Statements are prepared once per connection and SQL
// text, and the import's transaction is begun, committed and rolled back here.

export interface SqlRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** The part of a better-sqlite3 statement the store's write modules use. */
export interface SqlStatement {
  run(...params: unknown[]): SqlRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  raw(toggle?: boolean): this;
}

/** The part of a better-sqlite3 (or -multiple-ciphers) database the store's write modules use. */
export interface SqlDatabase {
  prepare(sql: string): SqlStatement;
  exec(sql: string): unknown;
  readonly inTransaction: boolean;
}

const statements = new WeakMap<SqlDatabase, Map<string, SqlStatement>>();

/**
 * The statement of `sql` on `db`, prepared on first use and kept for the connection's life
 * (SQLite prepares it again by itself after a schema change, such as an added column).
 */
export function prepared(db: SqlDatabase, sql: string): SqlStatement {
  let byText = statements.get(db);
  if (byText === undefined) {
    byText = new Map();
    statements.set(db, byText);
  }
  let statement = byText.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    byText.set(sql, statement);
  }
  return statement;
}

/** Starts a write transaction that takes the write lock at once (no upgrade deadlock later). */
export function beginImmediate(db: SqlDatabase): void {
  db.exec('BEGIN IMMEDIATE');
}

export function commit(db: SqlDatabase): void {
  db.exec('COMMIT');
}

/** Rolls back the open transaction; true when there was one. */
export function rollbackIfOpen(db: SqlDatabase): boolean {
  if (!db.inTransaction) return false;
  db.exec('ROLLBACK');
  return true;
}
