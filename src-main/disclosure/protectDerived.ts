// Numbers derived from protected counts. They are computed from the *published* counts (after
// suppression and rounding), never the raw ones, since a percentage of a raw count would give
// the count back. A percentage or rate from a suppressed count is suppressed (null); one whose
// numerator or denominator is small (below the threshold) is flagged `smallBase`, so that the
// reader is told it rests on few people.
import type { ProtectedTable } from './queryTable.ts';

export interface DerivedValue {
  value: number | null;
  smallBase: boolean;
}

export type PercentBase = 'row' | 'col' | 'total';

function isSmall(count: number, threshold: number): boolean {
  return count > 0 && count < threshold;
}

/** numerator / denominator x 100; null when either is suppressed or the denominator is 0. */
export function protectedPercent(
  numerator: number | null,
  denominator: number | null,
  threshold: number,
): DerivedValue {
  if (numerator === null || denominator === null || denominator === 0) {
    return { value: null, smallBase: denominator !== null && denominator < threshold };
  }
  return {
    value: (100 * numerator) / denominator,
    smallBase: denominator < threshold || isSmall(numerator, threshold),
  };
}

/** count / population x per; the population is not from the data, so only the count can be small. */
export function protectedRate(
  count: number | null,
  population: number | null,
  per: number,
  threshold: number,
): DerivedValue {
  if (count === null || population === null || population <= 0) return { value: null, smallBase: false };
  return { value: (count / population) * per, smallBase: isSmall(count, threshold) };
}

/** Row, column or total percentages of every cell of a protected table. */
export function protectPercents(table: ProtectedTable, base: PercentBase, threshold: number): DerivedValue[][] {
  return table.counts.map((line, r) =>
    line.map((count, c) => {
      const denominator =
        base === 'row' ? (table.rowTotals[r] ?? null) : base === 'col' ? (table.colTotals[c] ?? null) : table.total;
      return protectedPercent(count, denominator, threshold);
    }),
  );
}

/** Rates of every cell against a population per cell (null where unknown). */
export function protectRates(
  table: ProtectedTable,
  population: (row: number, col: number) => number | null,
  per: number,
  threshold: number,
): DerivedValue[][] {
  return table.counts.map((line, r) => line.map((count, c) => protectedRate(count, population(r, c), per, threshold)));
}
