// The Explore screen's filter state and its translation to the query spec's filters.
import { assertNever, type Filter } from '../../shared/query.ts';

export interface FacetSelection {
  mode: 'in' | 'notIn';
  values: string[];
}

export interface Period {
  kind: 'all' | 'financialYear' | 'quarter' | 'custom';
  financialYears?: string[];
  /** `2019/20 Q1` style: quarters of the financial year. */
  quarter?: { year: string; q: 1 | 2 | 3 | 4 };
  from?: string;
  to?: string;
}

export type Selections = Readonly<Record<string, FacetSelection>>;

export function toggleValue(
  selections: Selections,
  field: string,
  value: string,
  mode: 'in' | 'notIn',
): Record<string, FacetSelection> {
  const next: Record<string, FacetSelection> = { ...selections };
  const current = next[field];
  if (current === undefined || current.mode !== mode) {
    next[field] = { mode, values: [value] };
    return next;
  }
  const values = current.values.includes(value)
    ? current.values.filter((v) => v !== value)
    : [...current.values, value];
  if (values.length === 0) delete next[field];
  else next[field] = { mode, values };
  return next;
}

/** Date range of a financial-year quarter: Q1 is April to June. */
export function quarterRange(year: string, q: 1 | 2 | 3 | 4): { from: string; to: string } {
  const start = Number(year.slice(0, 4));
  const months = [
    [`${start}-04-01`, `${start}-06-30`],
    [`${start}-07-01`, `${start}-09-30`],
    [`${start}-10-01`, `${start}-12-31`],
    [`${start + 1}-01-01`, `${start + 1}-03-31`],
  ] as const;
  const [from, to] = months[q - 1] ?? months[0];
  return { from, to };
}

export function periodFilters(period: Period): Filter[] {
  switch (period.kind) {
    case 'all':
      return [];
    case 'financialYear':
      return period.financialYears && period.financialYears.length > 0
        ? [{ kind: 'in', field: 'financial_year', in: period.financialYears }]
        : [];
    case 'quarter':
      return period.quarter
        ? [{ kind: 'dateRange', field: 'date', ...quarterRange(period.quarter.year, period.quarter.q) }]
        : [];
    case 'custom':
      return period.from || period.to
        ? [
            {
              kind: 'dateRange',
              field: 'date',
              ...(period.from ? { from: period.from } : {}),
              ...(period.to ? { to: period.to } : {}),
            },
          ]
        : [];
  }
}

export function selectionFilters(selections: Selections): Filter[] {
  return Object.entries(selections)
    .filter(([, s]) => s.values.length > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, s]): Filter =>
      s.mode === 'in' ? { kind: 'in', field, in: [...s.values] } : { kind: 'notIn', field, notIn: [...s.values] },
    );
}

/** Back from saved spec filters to the screen's state (a figure reopened exactly). */
export function fromFilters(filters: readonly Filter[]): {
  selections: Record<string, FacetSelection>;
  period: Period;
} {
  const selections: Record<string, FacetSelection> = {};
  let period: Period = { kind: 'all' };
  for (const filter of filters) {
    switch (filter.kind) {
      case 'in':
        if (filter.field === 'financial_year') period = { kind: 'financialYear', financialYears: [...filter.in] };
        else selections[filter.field] = { mode: 'in', values: [...filter.in] };
        break;
      case 'notIn':
        selections[filter.field] = { mode: 'notIn', values: [...filter.notIn] };
        break;
      case 'equals':
        // A flag's equals filter is its Yes (or No) category, as a facet click would set it.
        selections[filter.field] = { mode: 'in', values: [filter.equals ? 'Yes' : 'No'] };
        break;
      case 'dateRange':
        period = {
          kind: 'custom',
          ...(filter.from ? { from: filter.from } : {}),
          ...(filter.to ? { to: filter.to } : {}),
        };
        break;
      case 'numberRange':
        // The screen has no control for a number range: it is not shown, as before.
        break;
      default:
        assertNever(filter);
    }
  }
  return { selections, period };
}
