// Labels that nothing references any more. An open column (LSOA codes, offence subgroups,
// months) gains a category for each new value an import brings, so a label can be as telling
// as the record it came with: once the last record using it is deleted (a batch removed, a
// retention purge) the label goes too. Closed lists (the built-in codebook and an analyst's
// additions) are codebook decisions and stay. Context datasets' own categories likewise,
// except `district`, whose six labels are the geography. Codes are not reused while a row
// holds them; a code freed here may be given again to a later label.
import { COHORTS, COLUMN_NAME_PATTERN, type Cohort } from '../../shared/codebook.ts';
import type { CipherDatabase } from './cipherDatabase.ts';

function quoted(name: string): string {
  if (!COLUMN_NAME_PATTERN.test(name)) throw new Error(`refusing the column name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

const CONTEXT_TABLE = /^ctx_[a-z][a-z0-9_]{0,40}$/;

/** A context dataset's table name, checked before it is spliced into SQL. */
export function contextTable(name: string): string {
  if (!CONTEXT_TABLE.test(name)) throw new Error(`refusing the table name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

function tableColumns(db: CipherDatabase, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
}

/**
 * Deletes the labels of open categorical columns that no cohort record uses, limited to the
 * columns of `cohorts` (the cohorts whose records were removed). Returns how many went.
 */
export function deleteUnusedLabels(db: CipherDatabase, cohorts: readonly Cohort[] = COHORTS): number {
  const columns = db
    .prepare(`SELECT name, cohorts FROM codebook_columns WHERE open = 1 AND kind IN ('category', 'ordinal')`)
    .all() as Array<{ name: string; cohorts: string }>;
  const tables = new Map(COHORTS.map((cohort) => [cohort, tableColumns(db, `"${cohort}"`)]));
  let deleted = 0;
  for (const column of columns) {
    const holders = COHORTS.filter((cohort) => tables.get(cohort)?.has(column.name) === true);
    if (!holders.some((cohort) => cohorts.includes(cohort))) continue;
    const name = quoted(column.name);
    // One scan per table: SQLite builds the set of used codes once for the NOT IN.
    const used = holders.map((cohort) => `SELECT ${name} FROM ${cohort} WHERE ${name} IS NOT NULL`).join(' UNION ');
    deleted += db
      .prepare(`DELETE FROM categories WHERE column_name = ? AND code NOT IN (${used})`)
      .run(column.name).changes;
  }
  return deleted;
}

interface ContextDatasetRow {
  id: number;
  table_name: string;
}

/** Deletes the categories of a context dataset that none of its rows uses (its districts stay). */
export function deleteUnusedContextLabels(db: CipherDatabase, dataset: ContextDatasetRow): number {
  const columns = db
    .prepare(`SELECT DISTINCT column_name FROM context_categories WHERE dataset_id = ? AND column_name <> 'district'`)
    .pluck()
    .all(dataset.id) as string[];
  const table = contextTable(dataset.table_name);
  const present = tableColumns(db, table);
  let deleted = 0;
  for (const column of columns) {
    if (!present.has(column)) continue;
    const name = quoted(column);
    deleted += db
      .prepare(
        `DELETE FROM context_categories WHERE dataset_id = ? AND column_name = ?
         AND code NOT IN (SELECT ${name} FROM ${table} WHERE ${name} IS NOT NULL)`,
      )
      .run(dataset.id, column).changes;
  }
  return deleted;
}
