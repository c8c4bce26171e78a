// Which of the release's tables the needs audit reads with a matrix, and as what: a persons
// table over needs alone is a sum of persons per answer pattern, and so is one under other
// filters of categories once those fields are crossed with the needs as answers of their own:
// the matrix of all offenders less the men's earlier output is then the women's, as an intruder
// would subtract them. A field each person has one category of in the data (sex, usually) is
// crossed as one answer; a field a person's records may lie in two categories of (service, age
// band) as the set of categories they have records in, so that a panel counts the persons whose
// set meets it. A field computed from the needs (the number of needs, their combination), as a
// filter or as a table's rows or columns (offenders by the number of needs), is no answer of its
// own where no person's records differ in a need: a person's category is the one their answers
// imply, so a table filtered to two needs counts exactly the patterns with two Yes
// (disclosure/needsDerived.ts). Where they differ, the engine derives it per record and counts a
// person in each category of theirs: it is then crossed as any field of records. A field
// computed from another crossed with it (the financial year of the month, the district beside
// the LSOA) holds the categories its source's give (disclosure/fieldFunctions.ts); a table
// filtered on both counts persons with one record of both, so its filters fold into the
// source's where each kept source category gives one (March to May and 2019/20: April and May),
// else the two are read on one record (needsPatternAudit's `onRecordsWith`). Two fields apart
// (service and age band) filtered together need neither: a person's sets of them may hold a
// record of every pair, so each filter met by some record is a real world. Filters that
// are no category sets (date ranges, a window) have no pattern: a table under them is read only
// with tables under the same ones. A known gap: a combination of needs whose labels the rule
// cannot place, and the fields computed from needs that differ on a person's records, are crossed
// as if independent of the answers, so the model holds worlds an intruder can rule out; reading
// its table still bounds more than leaving it unread, as before. The ranking the combination's
// category list tells (each kept one has at least the persons of the next, the last kept at
// least those of each pooled one) is read where it counts the audit's persons (`ranked`, and no
// filter but categories); elsewhere, as where a person's records differ in a need, it is not.
import type { Filter, QuerySpec } from '../../../shared/query.ts';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { type AuditedNeed, type AuditedTable, MOST_SET_CLASSES } from '../../disclosure/needsPatternAudit.ts';
import { FIELDS_DERIVED_FROM_NEEDS } from '../../disclosure/needsDerived.ts';
import type { CombinationRanking } from '../../disclosure/combinationRanking.ts';
import { type FieldFunction, monthYearPairs } from '../../disclosure/fieldFunctions.ts';
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

/** A field's categories, with any a read cell is keyed on that its domain lacks: its persons are placed. */
function withKeys(domain: readonly string[], field: string, tables: AuditScope['tables']): string[] {
  const out = [...domain];
  for (const { table } of tables)
    for (const cell of table.cells) {
      const key = cell.key[field];
      if (key !== undefined && !out.includes(key)) out.push(key);
    }
  return out;
}

export interface AuditScope {
  /** The needs, then the crossed filter fields, each with its categories. */
  needs: AuditedNeed[];
  /** Per table read, its index in the release's tables and how the audit reads it. */
  tables: Array<{ at: number; table: AuditedTable }>;
  /** The combination field's category list, where its ranking counts the audit's persons. */
  ranking?: CombinationRanking;
}

/** The `rest` of a scope with no filter but categories and no window. */
const NO_REST = JSON.stringify([[], null]);

/**
 * A persons table of offenders by needs alone, or by a field computed from them (offenders by
 * the number of needs): each cell a sum of persons per answer pattern.
 */
/** Whether the needs audit reads `spec` with a matrix's squares: a persons table of offenders over needs alone. */
export function overNeeds(spec: QuerySpec, needs: ReadonlySet<string>, domains: Domains): boolean {
  if (spec.cohort !== 'offenders' || spec.measure !== 'persons' || spec.groups !== undefined) return false;
  return [...spec.rows, ...spec.cols].every((f) => needs.has(f) || derivedAxis(f, domains));
}

function derivedAxis(field: string, domains: Domains): boolean {
  return FIELDS_DERIVED_FROM_NEEDS[field] !== undefined && domains[field] !== undefined;
}

/** The fields crossed for a table: its category filters but the needs, and its derived axes. */
function crossedFields(spec: QuerySpec, scope: FilterScope, needs: ReadonlySet<string>, domains: Domains): string[] {
  const axes = [...spec.rows, ...spec.cols].filter((f) => !needs.has(f) && derivedAxis(f, domains));
  return [...new Set([...Object.keys(crossedScope(scope, needs)), ...axes])];
}

/**
 * The filter fields (no needs) by which tables of `all` the audit could read differ from the
 * matrix of `spec`: the fields to ask whether each person has one category of.
 */
export function crossingCandidates(
  all: readonly ReleaseTable[],
  spec: QuerySpec,
  needs: readonly string[],
  domains: Domains,
): string[] {
  const needFields = new Set(needs);
  const own = filterScope(spec, domains);
  const fields = new Set(Object.keys(crossedScope(own, needFields)));
  for (const { spec: s } of all) {
    if (!overNeeds(s, needFields, domains)) continue;
    const scope = filterScope(s, domains);
    if (scope.rest === own.rest) for (const f of crossedFields(s, scope, needFields, domains)) fields.add(f);
  }
  // A field computed from the needs is asked too: where the needs differ on a person's records,
  // it is read as any field of records.
  return [...fields].sort();
}

/**
 * The tables of `all` the audit reads with the matrix of `spec`: persons tables over needs alone,
 * under the matrix's own ranges and window. Their filters on categories may keep any persons
 * (within the matrix's, around them, apart from them, or crossing them: the White of both sexes
 * beside the women): those fields are crossed with the needs, and every such box is a sum of
 * patterns. A field of `recordLevel` (a person's records lie in two of its categories) is
 * crossed as the set of those a person has records in; one computed from the needs as the
 * category their answers imply (`needs` are all the dataset holds, in the codebook's order, as
 * the engine reads them) where `needsAlike` (no person's records differ in a need), else as any
 * other field, since the engine derives it per record; any other as one category per person. A
 * field computed from another crossed with it holds what its source's categories give: the
 * financial year the month's, a field of `paired` (the district) as the records pair them. A
 * filter on a need is an answer, read as such. `piece` says which tables are the matrix's;
 * `base`, each table's rounding. `ranked`: the combination field ranks the persons the audit
 * counts (the caller finds every record keyed and the needs alike on each person's records); its
 * category list is then read as the ranking, where the matrix keeps every record (no filter but
 * categories, which are crossed): the audit's patterns then hold every offender.
 */
export function needsAuditScope(
  all: readonly ReleaseTable[],
  spec: QuerySpec,
  needs: ReadonlyArray<{ field: string; label: string }>,
  domains: Domains,
  piece: (at: number) => boolean,
  recordLevel: ReadonlySet<string> = new Set(),
  needsAlike = true,
  paired: Readonly<Record<string, FieldFunction>> = {},
  ranked = false,
): AuditScope {
  const needFields = new Set(needs.map((n) => n.field));
  const own = filterScope(spec, domains);
  const tables: AuditScope['tables'] = [];
  const crossed = new Set<string>();
  const functions = fieldFunctions(domains, paired);
  const together = new Map<string, Set<string>>();
  all.forEach((table, at) => {
    const { spec: s } = table;
    if (!overNeeds(s, needFields, domains)) return;
    // Where the needs differ on a person's records, a person lies in several rows of a table by
    // the number of needs: read as sets only up to the audit's limit, else it would be one row
    // per person, which such a table would prove false, refusing every square. Left unread.
    const axes = [...s.rows, ...s.cols].filter((f) => !needFields.has(f));
    if (!needsAlike && axes.some((f) => (domains[f]?.length ?? 0) > MOST_SET_CLASSES)) return;
    const scope = filterScope(s, domains);
    if (scope.rest !== own.rest) return;
    scope.categories = foldComputed(scope.categories, functions);
    const fields = crossedFields(s, scope, needFields, domains);
    for (const field of fields) crossed.add(field);
    // A field and one computed from it, both kept (a kept category gives two), are read on one record.
    for (const [field, fn] of Object.entries(functions))
      if (fields.includes(field) && fields.includes(fn.of)) {
        together.set(field, (together.get(field) ?? new Set()).add(fn.of));
        together.set(fn.of, (together.get(fn.of) ?? new Set()).add(field));
      }
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
  const categoriesOf = (field: string): string[] => withKeys(domains[field] ?? [], field, tables);
  const combinations = domains.needs_combination;
  const ranking =
    ranked && needsAlike && own.rest === NO_REST && combinations !== undefined
      ? { ranking: { from: needs.map(({ field, label }) => ({ field, label })), categories: combinations } }
      : {};
  return {
    ...ranking,
    needs: [
      ...needs.map(({ field }) => ({ field, categories: domains[field] ?? ['No', 'Yes'] })),
      ...[...crossed].sort().map((field) => {
        const rule = needsAlike ? FIELDS_DERIVED_FROM_NEEDS[field] : undefined;
        const computed = computedFrom(field, crossed, categoriesOf, paired);
        const onRecordsWith = [...(together.get(field) ?? [])].sort();
        return {
          field,
          categories: categoriesOf(field),
          crossed: true,
          ...(rule !== undefined
            ? { derived: { rule, from: needs.map(({ field, label }) => ({ field, label })) } }
            : {}),
          ...(rule === undefined && recordLevel.has(field) ? { sets: true } : {}),
          ...(computed !== undefined ? { computed } : {}),
          ...(onRecordsWith.length > 0 ? { onRecordsWith } : {}),
        };
      }),
    ],
    tables,
  };
}

/**
 * How `field` is computed from another field crossed with it: the financial year from the month,
 * or as `paired` gives it (the district beside each LSOA in the records). Where its source is not
 * crossed, it is read as any field: a table filtered to a year is a sum over the years.
 */
function computedFrom(
  field: string,
  crossed: ReadonlySet<string>,
  categoriesOf: (field: string) => string[],
  paired: Readonly<Record<string, FieldFunction>>,
): FieldFunction | undefined {
  if (field === 'financial_year' && crossed.has('month'))
    return monthYearPairs(categoriesOf('month'), categoriesOf(field));
  const given = paired[field];
  return given !== undefined && crossed.has(given.of) ? given : undefined;
}

/** The fields computed record by record from another: the financial year from the month, and `paired`. */
function fieldFunctions(
  domains: Domains,
  paired: Readonly<Record<string, FieldFunction>>,
): Record<string, FieldFunction> {
  const out: Record<string, FieldFunction> = { ...paired };
  const months = domains.month;
  const years = domains.financial_year;
  if (months !== undefined && years !== undefined) out.financial_year = monthYearPairs(months, years);
  return out;
}

/**
 * A table filtered on a field and on one computed from it counts the persons with one record of
 * both: where each source category it keeps gives one derived category, exactly the persons with
 * a record of the source categories whose derived one it keeps (March to May 2019 and 2019/20:
 * April and May). So read, the derived filter goes. Where a kept category gives none or several,
 * both stay, read as two fields filtered on one record (needsPatternAudit's `onRecordsWith`).
 */
function foldComputed(
  categories: Record<string, string[]>,
  functions: Readonly<Record<string, FieldFunction>>,
): Record<string, string[]> {
  const out = { ...categories };
  for (const [field, fn] of Object.entries(functions)) {
    const source = out[fn.of];
    const derived = out[field];
    if (source === undefined || derived === undefined) continue;
    const gives = new Map<string, string[]>(source.map((c) => [c, []]));
    for (const [from, to] of fn.pairs) gives.get(from)?.push(to);
    if (![...gives.values()].every((to) => to.length === 1)) continue;
    out[fn.of] = source.filter((c) => derived.includes(gives.get(c)![0]!));
    delete out[field];
  }
  return out;
}
