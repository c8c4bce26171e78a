// The categories of a field that a filter keeps, for code that reads a table's filters as a
// scope over categories (the release session's linking, the needs audit).
import { assertNever, type Filter } from '../../../shared/query.ts';

/** The categories of a field's domain a category filter keeps. */
export function keptCategories(filter: Filter, domain: readonly string[]): string[] {
  switch (filter.kind) {
    case 'in':
      return domain.filter((c) => filter.in.includes(c));
    case 'notIn':
      return domain.filter((c) => !filter.notIn.includes(c));
    case 'equals':
      return domain.filter((c) => c === (filter.equals ? 'Yes' : 'No'));
    case 'numberRange': {
      const { min = -Infinity, max = Infinity } = filter;
      return domain.filter((c) => /^-?\d+(\.\d+)?$/.test(c) && Number(c) >= min && Number(c) <= max);
    }
    case 'dateRange':
      // Never reached: isRange keeps date ranges out of scopes (they link only when identical).
      return [...domain];
    default:
      return assertNever(filter);
  }
}
