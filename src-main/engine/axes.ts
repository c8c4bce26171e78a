// The rows and columns of a result: the cartesian product of the categories of the row
// (or column) fields, first field outermost, each in codebook display order. Closed
// columns show all their categories (a figure keeps its shape from year to year); open
// columns (month, financial_year, lsoa, offence_subgroup, custom open columns) show the
// categories observed in the cohort, whatever the filters.
import { AppError } from '../../shared/errors.ts';
import type { CategoryGroups } from '../../shared/query.ts';
import { mergeCategories } from './categoryGroups.ts';
import type { CohortSnapshot } from './snapshot.ts';

export interface AxisPlan {
  fields: string[];
  cards: number[];
  size: number;
  keys: string[][];
  /** Per field, code to merged position when the spec merges its categories; null otherwise. */
  maps: (Int32Array | null)[];
}

/** Largest table (cells) the engine returns. */
export const MAX_RESULT_CELLS = 1_000_000;

export function axisPlan(snapshot: CohortSnapshot, fields: readonly string[], groups: CategoryGroups = {}): AxisPlan {
  const columns = fields.map((field) => {
    const column = snapshot.dimensions[field];
    if (!column) {
      throw new AppError(
        'INVALID_SPEC',
        `"${field}" cannot be a row or column of a ${snapshot.cohort} table; use a category, ordinal or flag column of this cohort.`,
      );
    }
    return column;
  });
  const merged = columns.map((column) => {
    const own = groups[column.name];
    return own === undefined ? null : mergeCategories(column.name, column.labels, own);
  });
  const labelsOf = columns.map((column, k) => merged[k]?.labels ?? column.labels);
  let keys: string[][] = [[]];
  for (const labels of labelsOf) keys = keys.flatMap((prefix) => labels.map((label) => [...prefix, label]));
  return {
    fields: [...fields],
    cards: labelsOf.map((labels) => labels.length),
    size: keys.length,
    keys,
    maps: merged.map((m) => m?.map ?? null),
  };
}

/** Stride of each row and column field in the row-major cell index (row index * nCols + col index). */
export function axisStrides(rows: AxisPlan, cols: AxisPlan): Map<string, number> {
  if (rows.size * cols.size > MAX_RESULT_CELLS) {
    throw new AppError(
      'INVALID_SPEC',
      `That table would have ${rows.size * cols.size} cells; choose fields with fewer categories.`,
    );
  }
  const strides = new Map<string, number>();
  let stride = 1;
  for (let k = cols.fields.length - 1; k >= 0; k--) {
    strides.set(cols.fields[k] as string, stride);
    stride *= cols.cards[k] as number;
  }
  stride = cols.size;
  for (let k = rows.fields.length - 1; k >= 0; k--) {
    strides.set(rows.fields[k] as string, stride);
    stride *= rows.cards[k] as number;
  }
  return strides;
}
