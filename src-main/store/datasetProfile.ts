// How full each dataset is, counted in the store for the Data screen's tiles: records,
// persons and period of a cohort or context dataset, and per column how many values are
// filled. Table and column names come from the codebook and the dataset register, never
// from a request; they are quoted as identifiers all the same.
import type { Cohort } from '../../shared/codebook.ts';
import type { CipherDatabase } from './cipherDatabase.ts';
import { publishedRecords } from './unpublishedImports.ts';

/** A column whose filled values are counted; `missing` holds category codes that count as empty (Unknown). */
export interface CountedColumn {
  name: string;
  coded: boolean;
  missing: readonly number[];
}

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** One `cN` per column: its values that are present and not one of the missing codes. */
function filledExpressions(columns: readonly CountedColumn[]): string[] {
  return columns.map((c, i) => {
    if (!c.coded) return `count(${quoted(c.name)}) AS c${i}`;
    const excluded = c.missing.length > 0 ? ` AND ${quoted(c.name)} NOT IN (${c.missing.map(Number).join(',')})` : '';
    return `coalesce(sum(${quoted(c.name)} IS NOT NULL${excluded}), 0) AS c${i}`;
  });
}

function filledCounts(row: Record<string, unknown>, columns: readonly CountedColumn[]): number[] {
  return columns.map((_, i) => Number(row[`c${i}`] ?? 0));
}

/** The financial-year codes a cohort has records in (one DISTINCT over an integer column). */
export function financialYearCodes(db: CipherDatabase, cohort: Cohort): number[] {
  return (
    db
      .prepare(
        `SELECT DISTINCT financial_year AS fy FROM ${quoted(cohort)} WHERE financial_year IS NOT NULL AND ${publishedRecords(cohort)}`,
      )
      .all() as Array<{ fy: number }>
  ).map((r) => r.fy);
}

export function cohortProfile(
  db: CipherDatabase,
  cohort: Cohort,
  columns: readonly CountedColumn[],
): { records: number; persons: number; firstDate: string | null; lastDate: string | null; filled: number[] } {
  const parts = filledExpressions(columns);
  const row = db
    .prepare(
      `SELECT count(*) AS n, count(DISTINCT person_id) AS p, min(date) AS first, max(date) AS last${parts.length ? `, ${parts.join(', ')}` : ''} FROM ${quoted(cohort)} WHERE ${publishedRecords(cohort)}`,
    )
    .get() as Record<string, number | string | null>;
  return {
    records: Number(row.n ?? 0),
    persons: Number(row.p ?? 0),
    firstDate: (row.first as string | null) ?? null,
    lastDate: (row.last as string | null) ?? null,
    filled: filledCounts(row, columns),
  };
}

/** The codes of a context dataset's column whose labels are given (e.g. Unknown, Not stated). */
export function contextCategoryCodes(
  db: CipherDatabase,
  datasetId: number,
  column: string,
  labels: readonly string[],
): number[] {
  if (labels.length === 0) return [];
  return (
    db
      .prepare(
        `SELECT code FROM context_categories WHERE dataset_id = ? AND column_name = ? AND label IN (${labels.map(() => '?').join(', ')})`,
      )
      .all(datasetId, column, ...labels) as Array<{ code: number }>
  ).map((r) => r.code);
}

export function contextProfile(
  db: CipherDatabase,
  tableName: string,
  columns: readonly CountedColumn[],
): { records: number; filled: number[] } {
  const parts = filledExpressions(columns);
  const row = db
    .prepare(`SELECT count(*) AS n${parts.length ? `, ${parts.join(', ')}` : ''} FROM ${quoted(tableName)}`)
    .get() as Record<string, number | null>;
  return { records: Number(row.n ?? 0), filled: filledCounts(row, columns) };
}

/** The first and last value of a date or month column, and the months (`YYYY-MM`) it holds. */
export function contextPeriod(
  db: CipherDatabase,
  tableName: string,
  column: string,
): { first: string | null; last: string | null; months: string[] } {
  const table = quoted(tableName);
  const field = quoted(column);
  const range = db.prepare(`SELECT min(${field}) AS first, max(${field}) AS last FROM ${table}`).get() as {
    first: string | null;
    last: string | null;
  };
  const months = db
    .prepare(`SELECT DISTINCT substr(${field}, 1, 7) AS m FROM ${table} WHERE ${field} IS NOT NULL`)
    .all() as Array<{ m: string }>;
  return { first: range.first, last: range.last, months: months.map((r) => r.m) };
}
