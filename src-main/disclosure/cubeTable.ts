// A table of several dimensions published with every subtotal (for district x sex x age band:
// the cells, the district x sex, district x age band and sex x age band subtotals, the one-way
// totals and the grand total), as keyed cells for protectKeyedTables.
import { AppError } from '../../shared/errors.ts';
import type { KeyedCell, KeyedTable } from './tableModel.ts';

export interface Cube {
  fields: string[];
  /** The categories of each field, in order. */
  categories: string[][];
  /** The leaf counts, row-major (the last field varies fastest). */
  values: number[];
}

/** Every combination of categories of the cube, as index tuples, row-major. */
function* tuples(sizes: readonly number[]): Generator<number[]> {
  const count = sizes.reduce((a, b) => a * b, 1);
  for (let flat = 0; flat < count; flat++) {
    const tuple: number[] = [];
    let rest = flat;
    for (let d = sizes.length - 1; d >= 0; d--) {
      tuple[d] = rest % sizes[d]!;
      rest = Math.floor(rest / sizes[d]!);
    }
    yield tuple;
  }
}

/** The cube's cells and all its subtotals. */
export function cubeWithSubtotals(cube: Cube): KeyedTable {
  const sizes = cube.categories.map((c) => c.length);
  if (cube.fields.length !== sizes.length || cube.values.length !== sizes.reduce((a, b) => a * b, 1)) {
    throw new AppError('BAD_REQUEST', 'The cube needs one category list per field and one value per combination.');
  }
  const sums = new Map<string, KeyedCell>();
  let flat = 0;
  for (const tuple of tuples(sizes)) {
    const value = cube.values[flat++]!;
    // Each leaf adds to every subtotal that keeps a subset of its fields.
    for (let mask = 0; mask < 1 << sizes.length; mask++) {
      const key: Record<string, string> = {};
      cube.fields.forEach((field, d) => {
        if (mask & (1 << d)) key[field] = cube.categories[d]![tuple[d]!]!;
      });
      const id = JSON.stringify(key);
      const cell = sums.get(id);
      if (cell) cell.value += value;
      else sums.set(id, { key, value });
    }
  }
  return { fields: cube.fields, cells: [...sums.values()] };
}
