// Distinct persons from (person, cell) pairs in any order: the radix sort must be a stable
// sort by person for any span (one, two or three passes), whether or not it reuses spare
// buffers longer than the pairs, and the counts must equal a straight distinct count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairBuffers, countSortedPairs, sortPairsByPerson } from '../../../src-main/engine/personPairs.ts';

const pairsArbitrary = fc.integer({ min: 1, max: 1 << 23 }).chain((span) =>
  fc.record({
    span: fc.constant(span),
    pairs: fc.array(fc.tuple(fc.integer({ min: 0, max: span - 1 }), fc.integer({ min: 0, max: 11 })), {
      maxLength: 300,
      size: 'max',
    }),
    slack: fc.nat({ max: 20 }),
  }),
);

describe('sortPairsByPerson', () => {
  it('sorts by person, stably, for spans needing one, two or three passes', () => {
    fc.assert(
      fc.property(pairsArbitrary, ({ span, pairs, slack }) => {
        const n = pairs.length;
        // Buffers longer than the pairs, with junk past the end, as the worker's reused ones are.
        const persons = new Int32Array(n + slack).fill(-7);
        const cells = new Int32Array(n + slack).fill(-7);
        pairs.forEach(([p, k], i) => {
          persons[i] = p;
          cells[i] = i * 100 + k; // the original position, to check stability
        });
        const spare = { persons: new Int32Array(n + slack).fill(-9), cells: new Int32Array(n + slack).fill(-9) };
        const sorted = sortPairsByPerson(persons, cells, n, span, spare);
        const expected = pairs.map(([p, k], i) => [p, i * 100 + k] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(Array.from(sorted.persons.subarray(0, n))).toEqual(expected.map((e) => e[0]));
        expect(Array.from(sorted.cells.subarray(0, n))).toEqual(expected.map((e) => e[1]));
      }),
      { numRuns: 300 },
    );
  });
});

describe('countSortedPairs', () => {
  it('counts each person once per cell, row, column and overall', () => {
    fc.assert(
      fc.property(pairsArbitrary, ({ span, pairs }) => {
        const nRows = 4;
        const nCols = 3;
        const n = pairs.length;
        const buffers = new PairBuffers();
        const persons = buffers.get(0, n);
        const cells = buffers.get(1, n);
        pairs.forEach(([p, k], i) => {
          persons[i] = p;
          cells[i] = k;
        });
        const spare = { persons: buffers.get(2, n), cells: buffers.get(3, n) };
        const sorted = sortPairsByPerson(persons, cells, n, span, spare);
        const counted = countSortedPairs(sorted.persons, sorted.cells, n, nRows, nCols);
        const distinct = (key: (k: number) => number, size: number): number[] =>
          Array.from({ length: size }, (_, x) => new Set(pairs.filter(([, k]) => key(k) === x).map(([p]) => p)).size);
        expect(Array.from(counted.cells)).toEqual(distinct((k) => k, nRows * nCols));
        expect(Array.from(counted.rowTotals)).toEqual(distinct((k) => Math.floor(k / nCols), nRows));
        expect(Array.from(counted.colTotals)).toEqual(distinct((k) => k % nCols, nCols));
        expect(counted.total).toBe(new Set(pairs.map(([p]) => p)).size);
      }),
      { numRuns: 300 },
    );
  });
});
