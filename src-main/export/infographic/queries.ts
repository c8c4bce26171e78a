// The live queries behind an infographic's numbers: counts of a cohort for a financial year,
// shares, and flag counts, built as ordinary query specs and answered by the injected resolver
// (the engine with disclosure control), so every number on the page is protected.
import { type CountQuery, previousFinancialYear } from '../../../shared/infographic.ts';
import { DEFAULT_DISCLOSURE, type Filter, type QueryResult, type QuerySpec } from '../../../shared/query.ts';
import { AppError } from '../../../shared/errors.ts';

export type Resolve = (spec: QuerySpec) => Promise<QueryResult>;

export function yearFilter(year: string | null): Filter[] {
  return year === null ? [] : [{ kind: 'in', field: 'financial_year', in: [year] }];
}

export function countSpec(query: CountQuery, extra: readonly Filter[] = [], year: string | null = null): QuerySpec {
  return {
    cohort: query.cohort,
    filters: [
      ...query.filters.filter((f) => !(year !== null && f.field === 'financial_year')),
      ...yearFilter(year),
      ...extra,
    ],
    rows: [],
    cols: [],
    measure: query.measure,
    percent: 'none',
    stats: false,
    disclosure: DEFAULT_DISCLOSURE,
  };
}

/** Refuses a result without disclosure control: nothing unprotected reaches an infographic. */
export function protectedResult(result: QueryResult, what: string): QueryResult {
  if (result.disclosure === null)
    throw new AppError(
      'DISCLOSURE_REQUIRED',
      `The infographic's ${what} came back without disclosure control; it cannot be drawn. Turn disclosure control on and render again.`,
    );
  return result;
}

export interface CountValue {
  value: number | null;
  result: QueryResult;
}

export async function count(resolve: Resolve, spec: QuerySpec, what: string): Promise<CountValue> {
  const result = protectedResult(await resolve(spec), what);
  return { value: result.total, result };
}

export interface Headline {
  value: number | null;
  previous: number | null;
  previousYear: string | null;
  /** Percent change on the previous year; null when either number is suppressed or zero. */
  change: number | null;
  results: QueryResult[];
}

export async function headline(
  resolve: Resolve,
  query: CountQuery,
  year: string | null,
  compare: boolean,
  what: string,
): Promise<Headline> {
  const now = await count(resolve, countSpec(query, [], year), what);
  if (!compare || year === null)
    return { value: now.value, previous: null, previousYear: null, change: null, results: [now.result] };
  const previousYear = previousFinancialYear(year);
  const before = await count(resolve, countSpec(query, [], previousYear), `${what} (${previousYear})`);
  const change =
    now.value !== null && before.value !== null && before.value > 0
      ? (100 * (now.value - before.value)) / before.value
      : null;
  return { value: now.value, previous: before.value, previousYear, change, results: [now.result, before.result] };
}
