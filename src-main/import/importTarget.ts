// What the importer needs from a workspace, and nothing more. The store's `Workspace`
// satisfies it; tests build one on a plain SQLite file with the same schema. Keeping the
// importer on this small interface lets it be tested without SQLCipher and lets the store
// change its internals freely.
import type { Codebook } from '../../shared/codebook.ts';
import type { PersonIdsForImport } from '../store/persons.ts';
import type { ColumnMaker } from './sourceBands.ts';

import type { SqlDatabase } from '../store/sqlConnection.ts';

export type { SqlDatabase, SqlRunResult, SqlStatement } from '../store/sqlConnection.ts';

export interface ImportTarget {
  readonly db: SqlDatabase;
  codebook(): Codebook;
  /** Label to code of a categorical column, as stored in `categories`. */
  categoryCodes(column: string): ReadonlyMap<string, number>;
  /**
   * Adds the categories an import found (open columns gain them as data arrives), with the codes
   * the import gave them (max + 1 onwards), all of a column in one go.
   */
  addCategoriesWithCodes(column: string, entries: ReadonlyArray<readonly [label: string, code: number]>): void;
  /** Dense `persons.id`s of pseudonymous keys in bulk, created on first sight; one per import, made inside its transaction. */
  personIdsForImport(): PersonIdsForImport;
  /** The workspace's HMAC secret (never leaves the encrypted file). */
  hmacSecret(): Buffer;
  audit: { append(action: string, detail: Record<string, unknown>): unknown };
  /** Copies the WAL into the file shortly (an import turns off the automatic checkpoint at its commit). */
  checkpointSoon?: () => void;
  /** Adds a custom column to the codebook and the cohort tables (the source band column: sourceBands.ts). */
  addCustomColumn?: ColumnMaker['addCustomColumn'];
  /** Drops a cached codebook (after a rollback that undid a column or categories the import added). */
  forgetCodebook?: () => void;
  /** Who runs the import (recorded in the batch); defaults to the OS user. */
  userName?: () => string;
}
