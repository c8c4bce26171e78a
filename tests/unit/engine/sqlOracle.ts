// An independent computation of the engine's numbers: label views over the cohort tables
// (joins to `categories`, flags as Yes/No/Unknown, periods from the ISO date) and plain
// SQL GROUP BY and COUNT(DISTINCT person_id) queries.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { BUILT_IN_COLUMNS, financialYearOf, type Cohort } from '../../../shared/codebook.ts';
import type { Filter } from '../../../shared/query.ts';

export function createLabelViews(
  db: BetterSqlite3.Database,
  cohorts: readonly Cohort[],
  storedPeriods: readonly Cohort[] = [],
): void {
  db.function('fy_of', { deterministic: true }, (date: unknown) =>
    typeof date === 'string' ? financialYearOf(date) : 'Unknown',
  );
  for (const cohort of cohorts) {
    const select = BUILT_IN_COLUMNS.filter((c) => c.cohorts.includes(cohort) && c.kind !== 'person_key').map((c) => {
      const q = `"${c.name}"`;
      if (c.kind === 'date') return `t.date AS date`;
      if (c.kind === 'flag') return `CASE t.${q} WHEN 1 THEN 'Yes' WHEN 0 THEN 'No' ELSE 'Unknown' END AS ${q}`;
      if (c.name === 'month' && !storedPeriods.includes(cohort))
        return `COALESCE(substr(t.date, 1, 7), 'Unknown') AS month`;
      if (c.name === 'financial_year' && !storedPeriods.includes(cohort)) return `fy_of(t.date) AS financial_year`;
      const last = c.categories[c.categories.length - 1];
      const nullLabel = !c.open && (last === 'Unknown' || last === 'Not stated') ? last : 'Unknown';
      return `COALESCE((SELECT label FROM categories k WHERE k.column_name = '${c.name}' AND k.code = t.${q}), '${nullLabel}') AS ${q}`;
    });
    db.exec(
      `CREATE TEMP VIEW ${cohort}_labels AS SELECT t.person_id AS person_id, ${select.join(', ')} FROM ${cohort} t`,
    );
  }
}

const quote = (label: string): string => `'${label.replace(/'/g, "''")}'`;

export function whereClause(filters: readonly Filter[]): string {
  const parts = filters.map((f) => {
    const q = `"${f.field}"`;
    if ('in' in f) return f.in.length ? `${q} IN (${f.in.map(quote).join(', ')})` : '0';
    if ('notIn' in f) return f.notIn.length ? `${q} NOT IN (${f.notIn.map(quote).join(', ')})` : '1';
    if ('equals' in f) return `${q} = '${f.equals ? 'Yes' : 'No'}'`;
    if ('from' in f || 'to' in f) {
      const r = f as { from?: string; to?: string };
      return [r.from ? `${q} >= '${r.from}'` : null, r.to ? `${q} <= '${r.to}'` : null].filter(Boolean).join(' AND ');
    }
    const r = f as { min?: number; max?: number };
    return [
      `${q} GLOB '[0-9]*'`,
      r.min !== undefined ? `CAST(${q} AS REAL) >= ${r.min}` : null,
      r.max !== undefined ? `CAST(${q} AS REAL) <= ${r.max}` : null,
    ]
      .filter(Boolean)
      .join(' AND ');
  });
  return parts.length ? `WHERE ${parts.map((p) => `(${p})`).join(' AND ')}` : '';
}

/** Count per key (labels of `fields` joined by a tab) under the filters. */
export function sqlCounts(
  db: BetterSqlite3.Database,
  cohort: Cohort,
  fields: readonly string[],
  filters: readonly Filter[],
  measure: 'records' | 'persons',
): Map<string, number> {
  const keyExpr = fields.length ? fields.map((f) => `"${f}"`).join(` || char(9) || `) : `''`;
  const countExpr = measure === 'records' ? 'count(*)' : 'count(DISTINCT person_id)';
  const group = fields.length ? `GROUP BY ${fields.map((f) => `"${f}"`).join(', ')}` : '';
  const rows = db
    .prepare(`SELECT ${keyExpr} AS k, ${countExpr} AS n FROM ${cohort}_labels ${whereClause(filters)} ${group}`)
    .all() as {
    k: string;
    n: number;
  }[];
  return new Map(rows.filter((r) => r.n > 0).map((r) => [r.k, r.n]));
}
