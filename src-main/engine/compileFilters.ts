// Turns a spec's filters into what the scan kernels test: one allowed-code mask per
// categorical field (filters on the same field AND together), day ranges and number
// ranges. Unknown fields and (for closed columns) unknown categories are INVALID_SPEC.
import { AppError } from '../../shared/errors.ts';
import { assertNever, filterKind, type Filter } from '../../shared/query.ts';
import { isoToDays } from './dates.ts';
import type { CohortSnapshot, DimensionColumn } from './snapshot.ts';

export interface MaskFilter {
  field: string;
  /** 1 where the category passes, indexed like the column's labels. */
  allowed: Uint8Array;
}
export interface DayRangeFilter {
  field: string;
  lo: number;
  hi: number;
}
export interface NumberRangeFilter {
  field: string;
  min: number;
  max: number;
}
export interface ScanFilters {
  masks: MaskFilter[];
  dates: DayRangeFilter[];
  numbers: NumberRangeFilter[];
}

export const NO_FILTERS: ScanFilters = { masks: [], dates: [], numbers: [] };

function dimensionOf(snapshot: CohortSnapshot, field: string): DimensionColumn {
  const column = snapshot.dimensions[field];
  if (!column) {
    throw new AppError(
      'INVALID_SPEC',
      `There is no category, ordinal or flag column "${field}" in the ${snapshot.cohort} data; pick a dimension of this cohort.`,
    );
  }
  return column;
}

function labelMask(column: DimensionColumn, labels: readonly string[]): Uint8Array {
  const mask = new Uint8Array(column.labels.length);
  for (const label of labels) {
    const index = column.labels.indexOf(label);
    if (index >= 0) mask[index] = 1;
    else if (!column.open) {
      throw new AppError(
        'INVALID_SPEC',
        `"${label}" is not a category of ${column.name}; use one of: ${column.labels.join(', ')}.`,
      );
    }
  }
  return mask;
}

function maskOf(snapshot: CohortSnapshot, filter: Filter): Uint8Array | null {
  const kind = filterKind(filter);
  switch (kind) {
    case 'in':
      return 'in' in filter ? labelMask(dimensionOf(snapshot, filter.field), filter.in) : null;
    case 'notIn': {
      if (!('notIn' in filter)) return null;
      const mask = labelMask(dimensionOf(snapshot, filter.field), filter.notIn);
      return mask.map((v) => 1 - v);
    }
    case 'equals': {
      if (!('equals' in filter)) return null;
      const column = dimensionOf(snapshot, filter.field);
      if (column.kind !== 'flag') {
        throw new AppError(
          'INVALID_SPEC',
          `"equals" needs a flag (yes/no) column; ${filter.field} is a ${column.kind} column. Use "in" instead.`,
        );
      }
      return labelMask(column, [filter.equals ? 'Yes' : 'No']);
    }
    case 'dateRange':
    case 'numberRange':
      return null;
    default:
      return assertNever(kind);
  }
}

function andInto(masks: Map<string, Uint8Array>, field: string, mask: Uint8Array): void {
  const previous = masks.get(field);
  masks.set(field, previous ? previous.map((v, i) => v & (mask[i] as number)) : mask);
}

export function compileFilters(snapshot: CohortSnapshot, filters: readonly Filter[]): ScanFilters {
  const masks = new Map<string, Uint8Array>();
  const dates: DayRangeFilter[] = [];
  const numbers: NumberRangeFilter[] = [];
  for (const filter of filters) {
    const kind = filterKind(filter);
    switch (kind) {
      case 'in':
      case 'notIn':
      case 'equals':
        andInto(masks, filter.field, maskOf(snapshot, filter) as Uint8Array);
        break;
      case 'dateRange': {
        if (!('from' in filter || 'to' in filter) || !snapshot.dates[filter.field]) {
          throw new AppError(
            'INVALID_SPEC',
            `A date range needs a date column; ${filter.field} is not one in the ${snapshot.cohort} data.`,
          );
        }
        const range = filter as { from?: string; to?: string };
        dates.push({
          field: filter.field,
          lo: range.from === undefined ? -2147483647 : isoToDays(range.from),
          hi: range.to === undefined ? 2147483647 : isoToDays(range.to),
        });
        break;
      }
      case 'numberRange': {
        const range = filter as { field: string; min?: number; max?: number };
        const min = range.min ?? -Infinity;
        const max = range.max ?? Infinity;
        if (snapshot.numbers[range.field]) numbers.push({ field: range.field, min, max });
        else {
          const column = dimensionOf(snapshot, range.field);
          if (!column.numericValues.some((v) => v !== null)) {
            throw new AppError(
              'INVALID_SPEC',
              `A number range needs a numeric column; the categories of ${range.field} are not numbers.`,
            );
          }
          andInto(
            masks,
            range.field,
            Uint8Array.from(column.numericValues, (v) => (v !== null && v >= min && v <= max ? 1 : 0)),
          );
        }
        break;
      }
      default:
        assertNever(kind);
    }
  }
  return { masks: [...masks].map(([field, allowed]) => ({ field, allowed })), dates, numbers };
}

/** The fields of the filters that exist in this snapshot (for linkage, which filters each cohort by its own columns). */
export function filtersForSnapshot(
  snapshot: CohortSnapshot,
  filters: readonly Filter[],
): { kept: Filter[]; dropped: string[] } {
  const kept: Filter[] = [];
  const dropped: string[] = [];
  for (const filter of filters) {
    const exists = Boolean(
      snapshot.dimensions[filter.field] || snapshot.dates[filter.field] || snapshot.numbers[filter.field],
    );
    if (exists) kept.push(filter);
    else dropped.push(filter.field);
  }
  return { kept, dropped };
}
