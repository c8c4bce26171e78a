// A persons table built from people, as the property tests generate them: each person in one row
// and one or two columns. Its cells, margins and total count distinct people, so its totals are
// not sums of its cells (what makes a persons table an LP, not a network).
import type { RawTable } from '../../../src-main/disclosure/queryTable.ts';

/** Per person: its row, its column and a second column or null. */
export type Person = readonly [row: number, col: number, second: number | null];

export function personsTableOf(people: readonly Person[], rows: number, cols: number): RawTable {
  const cell = Array.from({ length: rows }, () => Array.from({ length: cols }, () => new Set<number>()));
  people.forEach(([r, c1, c2], p) => {
    cell[r]![c1]!.add(p);
    if (c2 !== null) cell[r]![c2]!.add(p);
  });
  const union = (sets: Set<number>[]) => new Set(sets.flatMap((s) => [...s])).size;
  return {
    counts: cell.map((line) => line.map((s) => s.size)),
    rowTotals: cell.map((line) => union(line)),
    colTotals: Array.from({ length: cols }, (_, j) => union(cell.map((line) => line[j]!))),
    total: people.length,
    measure: 'persons',
  };
}
