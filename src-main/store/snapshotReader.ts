// The engine's reads of the store, as typed calls: the statements that load a cohort or a
// context dataset into the engine's snapshot, and the population tables of rates. The engine
// calls these and never speaks SQL itself (a cohort's rows are read by cohortColumns.ts).
// Table and column names come from the schema (pragma_table_info, the context datasets'
// register), never from a request. These calls are the seam a store worker would take over:
// each is a plain request with a typed answer, so the snapshot load (the engine's main-thread
// stall on open) can move to a thread of its own with its own connection.
import type { CipherDatabase } from './cipherDatabase.ts';

export type { CipherDatabase as StoreDatabase } from './cipherDatabase.ts';
export { readCohortColumns } from './cohortColumns.ts';
export type { ColumnRequest, StoredCodeColumn, StoredColumn, StoredDateColumn, StoredRows } from './storedColumns.ts';

export interface CategoryCodeRow {
  column_name: string;
  code: number;
  label: string;
  position: number;
}

export interface ContextDatasetRow {
  id: number;
  name: string;
  table_name: string;
  label: string;
  columns: string;
  rows: number;
}

export interface PopulationTableRow {
  name: string;
  district: string;
  age_band: string | null;
  sex: string | null;
  population: number;
}

/** Every category of the cohorts' codebook columns: its stored code, label and display position. */
export function readCategoryCodes(db: CipherDatabase): CategoryCodeRow[] {
  return db.prepare('SELECT column_name, code, label, position FROM categories').all() as CategoryCodeRow[];
}

/** The columns a table has (none: no such table). */
export function tableColumnNames(db: CipherDatabase, table: string): Set<string> {
  const rows = db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

/** The register of context datasets, by name (none before the schema has it). */
export function readContextDatasets(db: CipherDatabase): ContextDatasetRow[] {
  const registered =
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'context_datasets'`).get() !== undefined;
  if (!registered) return [];
  return db
    .prepare('SELECT id, name, table_name, label, columns, rows FROM context_datasets ORDER BY name')
    .all() as ContextDatasetRow[];
}

/** A context dataset column's categories in display order. */
export function readContextCategories(
  db: CipherDatabase,
  datasetId: number,
  column: string,
): Array<{ code: number; label: string }> {
  return db
    .prepare(
      'SELECT code, label FROM context_categories WHERE dataset_id = ? AND column_name = ? ORDER BY position, code',
    )
    .all(datasetId, column) as Array<{ code: number; label: string }>;
}

export function readPopulationTables(db: CipherDatabase): PopulationTableRow[] {
  return db.prepare('SELECT name, district, age_band, sex, population FROM populations').all() as PopulationTableRow[];
}
