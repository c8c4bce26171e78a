// Turns a spec's filters into what the scan kernels test: one allowed-code mask per
// categorical field (filters on the same field AND together), day ranges and number
// ranges. Unknown fields and (for closed columns) unknown categories are INVALID_SPEC.
import { AppError } from '../../shared/errors.ts';
import { assertNever, type Filter } from '../../shared/query.ts';
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

function andInto(masks: Map<string, Uint8Array>, field: string, mask: Uint8Array): void {
  const previous = masks.get(field);
  masks.set(field, previous ? previous.map((v, i) => v & (mask[i] as number)) : mask);
}

function flagMask(snapshot: CohortSnapshot, field: string, equals: boolean): Uint8Array {
  const column = dimensionOf(snapshot, field);
  if (column.kind !== 'flag') {
    throw new AppError(
      'INVALID_SPEC',
      `"equals" needs a flag (yes/no) column; ${field} is a ${column.kind} column. Use "in" instead.`,
    );
  }
  return labelMask(column, [equals ? 'Yes' : 'No']);
}

export function compileFilters(snapshot: CohortSnapshot, filters: readonly Filter[]): ScanFilters {
  const masks = new Map<string, Uint8Array>();
  const dates: DayRangeFilter[] = [];
  const numbers: NumberRangeFilter[] = [];
  for (const filter of filters) {
    switch (filter.kind) {
      case 'in':
        andInto(masks, filter.field, labelMask(dimensionOf(snapshot, filter.field), filter.in));
        break;
      case 'notIn':
        andInto(
          masks,
          filter.field,
          labelMask(dimensionOf(snapshot, filter.field), filter.notIn).map((v) => 1 - v),
        );
        break;
      case 'equals':
        andInto(masks, filter.field, flagMask(snapshot, filter.field, filter.equals));
        break;
      case 'dateRange': {
        if (!snapshot.dates[filter.field]) {
          throw new AppError(
            'INVALID_SPEC',
            `A date range needs a date column; ${filter.field} is not one in the ${snapshot.cohort} data.`,
          );
        }
        dates.push({
          field: filter.field,
          lo: filter.from === undefined ? -2147483647 : isoToDays(filter.from),
          hi: filter.to === undefined ? 2147483647 : isoToDays(filter.to),
        });
        break;
      }
      case 'numberRange': {
        const min = filter.min ?? -Infinity;
        const max = filter.max ?? Infinity;
        if (snapshot.numbers[filter.field]) numbers.push({ field: filter.field, min, max });
        else {
          const column = dimensionOf(snapshot, filter.field);
          if (!column.numericValues.some((v) => v !== null)) {
            throw new AppError(
              'INVALID_SPEC',
              `A number range needs a numeric column; the categories of ${filter.field} are not numbers.`,
            );
          }
          andInto(
            masks,
            filter.field,
            Uint8Array.from(column.numericValues, (v) => (v !== null && v >= min && v <= max ? 1 : 0)),
          );
        }
        break;
      }
      default:
        assertNever(filter);
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
