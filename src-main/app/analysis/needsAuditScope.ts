// Which of the release's tables the needs audit reads with a matrix, and as what: a persons
// table over needs alone is a sum of persons per answer pattern, and so is one under other
// filters of categories (sex, age band, service) once those fields are crossed with the needs as
// answers of their own. The matrix of all offenders, the men's and the women's earlier outputs
// are then read together, as an intruder would subtract them. Filters that are no category sets
// (date ranges, a window) have no pattern: a table under them is read only with tables under
// the same ones.
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

/** How a table's box of categories stands to the matrix's: only nested and disjoint ones are read. */
function relation(theirs: Box, ours: Box, domains: Domains): 'within' | 'around' | 'disjoint' | 'crossing' {
  const fields = new Set([...Object.keys(theirs), ...Object.keys(ours)]);
  const keptBy = (box: Box, field: string): readonly string[] => box[field] ?? domains[field] ?? [];
  const inside = (inner: Box, outer: Box): boolean =>
    [...fields].every((f) => keptBy(inner, f).every((c) => keptBy(outer, f).includes(c)));
  if ([...fields].some((f) => !keptBy(theirs, f).some((c) => keptBy(ours, f).includes(c)))) return 'disjoint';
  if (inside(theirs, ours)) return 'within';
  return inside(ours, theirs) ? 'around' : 'crossing';
}

export interface AuditScope {
  /** The needs, then the crossed filter fields, each with its categories. */
  needs: AuditedNeed[];
  /** Per table read, its index in the release's tables and how the audit reads it. */
  tables: Array<{ at: number; table: AuditedTable }>;
}

/**
 * The tables of `all` the audit reads with the matrix of `spec`: persons tables over needs alone,
 * under the matrix's own ranges and window, whose other filters keep persons within the matrix's,
 * around them, or apart from them (nested or disjoint). A scope that crosses the matrix's in part
 * (women, and the young of both sexes) is left out: it bounds the matrix's cells only loosely,
 * through both margins at once, and would cross one more field. A filter on a need is an
 * answer, read as such. `piece` says which tables are the matrix's; `base`, each table's rounding.
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
  const crossed = new Set<string>();
  all.forEach((table, at) => {
    const { spec: s } = table;
    if (s.cohort !== 'offenders' || s.measure !== 'persons' || s.groups !== undefined) return;
    if (![...s.rows, ...s.cols].every((f) => needFields.has(f))) return;
    const scope = filterScope(s, domains);
    if (scope.rest !== own.rest) return;
    const theirs = crossedScope(scope, needFields);
    if (!piece(at) && relation(theirs, ownCrossed, domains) === 'crossing') return;
    for (const field of Object.keys(theirs)) crossed.add(field);
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
    needs: [
      ...needs.map((field) => ({ field, categories: domains[field] ?? ['No', 'Yes'] })),
      ...[...crossed].sort().map((field) => ({ field, categories: domains[field] ?? [], crossed: true })),
    ],
    tables,
  };
}
