// The completion search on a problem small enough to work out by hand: four suppressed cells in
// a rectangle, whose margins leave one free value t (x00 = t, x01 = 3 - t, x10 = 2 - t, x11 = 1 + t,
// t = 0..2), each cell with expected count 2, so chi-square = base + sum (x - 2)^2 / 2.
import { describe, expect, it } from 'vitest';
import { type CompletionProblem, MAX_CANDIDATES, checkBands } from '../../../src-main/engine/statsCompletions.ts';

const cell = (row: number, col: number, lower: number, upper: number) => ({ row, col, expected: 2, lower, upper });
const problem: CompletionProblem = {
  cells: [cell(0, 0, 0, 2), cell(0, 1, 1, 3), cell(1, 0, 0, 2), cell(1, 1, 1, 3)],
  rowSums: new Map([
    [0, 3],
    [1, 3],
  ]),
  colSums: new Map([
    [0, 2],
    [1, 4],
  ]),
  publishedChi2: 10,
  truth: [1, 2, 1, 2],
};
// By hand: t = 0: (0, 3, 2, 1) -> (4 + 1 + 0 + 1) / 2 = 3; t = 1: (1, 2, 1, 2) -> (1 + 0 + 1 + 0) / 2 = 1;
// t = 2: (2, 1, 0, 3) -> (0 + 1 + 4 + 1) / 2 = 3. So chi-square is 13, 11, 13.
const chi2 = (t: number): number => {
  const x = [t, 3 - t, 2 - t, 1 + t];
  return 10 + x.reduce((sum, v) => sum + ((v - 2) * (v - 2)) / 2, 0);
};

describe('completions of the suppressed cells', () => {
  it('agrees with the hand-worked chi-square of each completion', () => {
    expect([0, 1, 2].map(chi2)).toEqual([13, 11, 13]);
  });

  it('finds a band safe when every value keeps a completion in it, and narrowing otherwise', () => {
    const bands = [
      { lo: 10.9, hi: 11.1 }, // only t = 1 prints like the truth: the others are ruled out
      { lo: 10.9, hi: 13.1 }, // all three
      { lo: 12.9, hi: 13.1 }, // t = 0 and t = 2 only: t = 1 (the truth) is not among them
    ];
    expect(checkBands(problem, bands)).toEqual(['narrows', 'safe', 'narrows']);
  });

  it('gives the same answers from the witness search when the enumeration is cut short', () => {
    const budget = { enumerationNodes: 1, witnessWork: 100_000 };
    expect(checkBands(problem, [{ lo: 10.9, hi: 13.1 }], budget)).toEqual(['safe']);
    // A finer band than one that failed is not tried: it stays undecided, never safe.
    expect(
      checkBands(
        problem,
        [
          { lo: 10.9, hi: 11.1 },
          { lo: 12.9, hi: 13.1 },
        ],
        budget,
      ),
    ).toEqual(['undecided', 'narrows']);
  });

  it('decides nothing when out of budget or with too many candidate values', () => {
    expect(checkBands(problem, [{ lo: 0, hi: Infinity }], { enumerationNodes: 1, witnessWork: 0 })).toEqual([
      'undecided',
    ]);
    const wide = { ...problem, cells: problem.cells.map((c) => ({ ...c, upper: c.lower + MAX_CANDIDATES })) };
    expect(checkBands(wide, [{ lo: 0, hi: Infinity }])).toEqual(['undecided']);
  });
});
