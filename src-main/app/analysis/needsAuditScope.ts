// Which of the release's tables the needs audit reads with a matrix, and as what: the persons
// tables over needs alone under the same filters as the matrix (the same categories of sex, age
// band, service kept; the same ranges and window), each a sum of persons per answer pattern,
// a rounded one read with its base. Tables under other filters are not read: crossing their
// filter fields with the needs (the whole matrix less the men's is the women's) is what an
// intruder could do, but proving every earlier panel's hidden counts again across one more field
// of patterns made an export of side-by-side panels take minutes. A known gap.
import type { Filter, QuerySpec } from '../../../shared/query.ts';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import type { AuditedNeed, AuditedTable } from '../../disclosure/needsPatternAudit.ts';
import { keptCategories } from './filterCategories.ts';

export type Domains = Readonly<Record<string, readonly string[]>>;

export interface ReleaseTable {
  spec: QuerySpec;
  label: string;
  cells: PublishedTable['cells'];
}

/** Per field, the categories a table's category filters keep; `rest`, its other filters as one text. */
interface FilterScope {
  categories: Record<string, string[]>;
  rest: string;
}

/** A filter read as a set of categories: never a date range, nor a number range over no categories. */
function categoriesOf(filter: Filter, domains: Domains): string[] | null {
  const domain = domains[filter.field];
  if (domain === undefined || filter.kind === 'dateRange') return null;
  return keptCategories(filter, domain);
}

function filterScope(spec: QuerySpec, domains: Domains): FilterScope {
  const categories: Record<string, string[]> = {};
  const rest: string[] = [];
  for (const filter of spec.filters) {
    const keep = categoriesOf(filter, domains);
    if (keep === null) rest.push(JSON.stringify(filter));
    else categories[filter.field] = categories[filter.field]?.filter((c) => keep.includes(c)) ?? keep;
  }
  return { categories, rest: JSON.stringify([rest.sort(), spec.window ?? null]) };
}

/** The matrix's own filters on needs, as its pieces carry them, are answers, not a scope to cross. */
function crossedScope(scope: FilterScope, needs: ReadonlySet<string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(scope.categories).filter(([field]) => !needs.has(field)));
}

type Box = Record<string, string[]>;

/** Whether two boxes keep the same persons: each field the same categories (none kept is every one). */
function sameBox(one: Box, other: Box, domains: Domains): boolean {
  const keptBy = (box: Box, field: string): readonly string[] => box[field] ?? domains[field] ?? [];
  const fields = new Set([...Object.keys(one), ...Object.keys(other)]);
  return [...fields].every((f) => {
    const [a, b] = [keptBy(one, f), keptBy(other, f)];
    return a.length === b.length && a.every((c) => b.includes(c));
  });
}

export interface AuditScope {
  /** The needs, each with its categories. */
  needs: AuditedNeed[];
  /** Per table read, its index in the release's tables and how the audit reads it. */
  tables: Array<{ at: number; table: AuditedTable }>;
}

/**
 * The tables of `all` the audit reads with the matrix of `spec`: persons tables over needs alone
 * under the matrix's own filters (a filter on a need is an answer, read as such). `piece` says
 * which tables are the matrix's; `base`, each table's rounding.
 */
export function needsAuditScope(
  all: readonly ReleaseTable[],
  spec: QuerySpec,
  needs: readonly string[],
  domains: Domains,
  piece: (at: number) => boolean,
): AuditScope {
  const needFields = new Set(needs);
  const own = filterScope(spec, domains);
  const ownCrossed = crossedScope(own, needFields);
  const tables: AuditScope['tables'] = [];
  all.forEach((table, at) => {
    const { spec: s } = table;
    if (s.cohort !== 'offenders' || s.measure !== 'persons' || s.groups !== undefined) return;
    if (![...s.rows, ...s.cols].every((f) => needFields.has(f))) return;
    const scope = filterScope(s, domains);
    if (scope.rest !== own.rest) return;
    const theirs = crossedScope(scope, needFields);
    if (!piece(at) && !sameBox(theirs, ownCrossed, domains)) return;
    tables.push({
      at,
      table: {
        label: table.label,
        scope: scope.categories,
        cells: table.cells.map((c) => ({ key: c.key, value: c.value, shown: c.shown })),
        piece: piece(at),
        base: s.disclosure?.round ?? null,
      },
    });
  });
  return {
    needs: needs.map((field) => ({ field, categories: domains[field] ?? ['No', 'Yes'] })),
    tables,
  };
}
