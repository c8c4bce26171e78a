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

/** Codes per open column: the labels in question. */
export type LabelCodes = Map<string, Set<number>>;

/** The open categorical columns of the codebook held by `cohort`'s table. */
export function openColumnsOf(db: CipherDatabase, cohort: Cohort): string[] {
  const present = tableColumns(db, `"${cohort}"`);
  return (
    db
      .prepare(`SELECT name FROM codebook_columns WHERE open = 1 AND kind IN ('category', 'ordinal')`)
      .pluck()
      .all() as string[]
  ).filter((column) => present.has(column));
}

/** The codes of `cohort`'s open columns used by its rows `where` says (`range` for a batch's rows). */
export function labelsUsedBy(db: CipherDatabase, cohort: Cohort, where: string, ...params: unknown[]): LabelCodes {
  const columns = openColumnsOf(db, cohort);
  const used: LabelCodes = new Map(columns.map((column) => [column, new Set<number>()]));
  if (columns.length === 0) return used;
  const rows = db.prepare(`SELECT ${columns.map(quoted).join(', ')} FROM ${cohort} ${where}`).raw();
  for (const row of rows.iterate(...params) as Iterable<Array<number | null>>) {
    row.forEach((code, c) => {
      if (code !== null) used.get(columns[c] as string)?.add(code);
    });
  }
  return used;
}

/**
 * Crosses off the `candidates` some record still uses, reading each cohort table in one pass
 * of all its open columns together (the pages are decrypted once, not once per column) and
 * stopping as soon as every candidate is found, which is soon for labels many records share.
 */
function crossOffUsed(db: CipherDatabase, candidates: LabelCodes): void {
  let left = [...candidates.values()].reduce((n, codes) => n + codes.size, 0);
  for (const cohort of COHORTS) {
    if (left === 0) return;
    const columns = openColumnsOf(db, cohort).filter((column) => (candidates.get(column)?.size ?? 0) > 0);
    if (columns.length === 0) continue;
    const sets = columns.map((column) => candidates.get(column) as Set<number>);
    const rows = db.prepare(`SELECT ${columns.map(quoted).join(', ')} FROM ${cohort}`).raw();
    for (const row of rows.iterate() as Iterable<Array<number | null>>) {
      for (let c = 0; c < row.length; c++) {
        const code = row[c];
        if (code !== null && code !== undefined && sets[c]?.delete(code) === true) left--;
      }
      if (left === 0) break;
    }
  }
}

/**
 * Deletes the labels of open categorical columns that no cohort record uses: among
 * `candidates` (the labels of records just deleted), or all of them. Returns how many went.
 */
export function deleteUnusedLabels(db: CipherDatabase, candidates?: LabelCodes): number {
  const inQuestion: LabelCodes = candidates ?? new Map();
  if (candidates === undefined) {
    const codesOf = db.prepare('SELECT code FROM categories WHERE column_name = ?').pluck();
    for (const cohort of COHORTS) {
      for (const column of openColumnsOf(db, cohort)) {
        if (!inQuestion.has(column)) inQuestion.set(column, new Set(codesOf.all(column) as number[]));
      }
    }
  }
  crossOffUsed(db, inQuestion);
  const remove = db.prepare('DELETE FROM categories WHERE column_name = ? AND code = ?');
  let deleted = 0;
  for (const [column, codes] of inQuestion) for (const code of codes) deleted += remove.run(column, code).changes;
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
         AND code NOT IN (SELECT DISTINCT ${name} FROM ${table} WHERE ${name} IS NOT NULL)`,
      )
      .run(dataset.id, column).changes;
  }
  return deleted;
}
