// A persons table built from people, as the property tests generate them: each person in one row
// and one or two columns. Its cells, margins and total count distinct people, so its totals are
// not sums of its cells (what makes a persons table an LP, not a network).
import fc from 'fast-check';
import type { RawTable } from '../../../src-main/disclosure/queryTable.ts';

/** Per person: its row, its column and a second column or null. */
export type Person = readonly [row: number, col: number, second: number | null];

/**
 * People over `rows` x `cols`, one to `most` of them, a second column for about one in `secondOneIn`
 * (fast-check's option frequency).
 */
export function peopleOver(rows: number, cols: number, most: number, secondOneIn = 3): fc.Arbitrary<Person[]> {
  return fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: rows - 1 }),
      fc.integer({ min: 0, max: cols - 1 }),
      fc.option<number, null>(fc.integer({ min: 0, max: cols - 1 }), { freq: secondOneIn }),
    ),
    { minLength: 1, maxLength: most },
  );
}

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
