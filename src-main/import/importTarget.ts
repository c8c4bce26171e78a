// What the importer needs from a workspace, and nothing more. The store's `Workspace`
// satisfies it; tests build one on a plain SQLite file with the same schema. Keeping the
// importer on this small interface lets it be tested without SQLCipher and lets the store
// change its internals freely.
import type { Codebook } from '../../shared/codebook.ts';

export interface SqlRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** The part of a better-sqlite3 statement the importer uses. */
export interface SqlStatement {
  run(...params: unknown[]): SqlRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  raw(toggle?: boolean): this;
}

/** The part of a better-sqlite3 (or -multiple-ciphers) database the importer uses. */
export interface SqlDatabase {
  prepare(sql: string): SqlStatement;
  exec(sql: string): unknown;
  readonly inTransaction: boolean;
}

export interface ImportTarget {
  readonly db: SqlDatabase;
  codebook(): Codebook;
  /** Label to code of a categorical column, as stored in `categories`. */
  categoryCodes(column: string): ReadonlyMap<string, number>;
  /** Adds a category (open columns gain them as data arrives) and returns its new code. */
  addCategory(column: string, label: string): number;
  /** The dense `persons.id` of a pseudonymous key, created on first sight. */
  personId(personKey: string): number;
  /** The workspace's HMAC secret (never leaves the encrypted file). */
  hmacSecret(): Buffer;
  audit: { append(action: string, detail: Record<string, unknown>): unknown };
  /** Who runs the import (recorded in the batch); defaults to the OS user. */
  userName?: () => string;
}
