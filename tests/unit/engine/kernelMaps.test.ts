// The scan kernels with merged categories (a code map per dimension), on random columns:
// records per cell, distinct persons per cell (rows sorted by person, as the snapshot keeps
// them), and (person, cell) pairs, each checked against a plain loop over the rows.
import { describe, expect, it } from 'vitest';
import { countRecordsInto, fusedCountPersons, fusedSelectPairs } from '../../../src-main/engine/kernelCodegen.ts';
import { mulberry32 } from './syntheticWorkspace.ts';

const ROWS = 5000;
const random = mulberry32(41);
const codesA = Uint8Array.from({ length: ROWS }, () => Math.floor(random() * 6));
const codesB = Uint8Array.from({ length: ROWS }, () => Math.floor(random() * 3));
// Rows sorted by person: a few rows each.
const persons = Int32Array.from({ length: ROWS }, (_, i) => Math.floor(i / 3));
// Six categories merged into four: 0+1, 2, 3+5, 4.
const mapA = Int32Array.from([0, 0, 1, 2, 3, 2]);
const nRows = 4;
const nCols = 3;
const none = { masks: [], dates: [], numbers: [] };
const dims = [
  { codes: codesA, stride: nCols, map: mapA },
  { codes: codesB, stride: 1 },
];
const cellOf = (i: number): number => (mapA[codesA[i] as number] as number) * nCols + (codesB[i] as number);

describe('kernels with merged categories', () => {
  it('count records per merged cell', () => {
    const counts = new Uint32Array(nRows * nCols + 8);
    countRecordsInto(counts, dims, nRows * nCols, none, 0, ROWS);
    const expected = new Array<number>(nRows * nCols).fill(0);
    for (let i = 0; i < ROWS; i++) expected[cellOf(i)]! += 1;
    expect(Array.from(counts.subarray(0, nRows * nCols))).toEqual(expected);
  });

  it('count each person once per merged cell, row and column', () => {
    const result = fusedCountPersons(dims, nRows, nCols, none, persons, 0, ROWS);
    const cells = Array.from({ length: nRows * nCols }, () => new Set<number>());
    const rows = Array.from({ length: nRows }, () => new Set<number>());
    for (let i = 0; i < ROWS; i++) {
      const cell = cellOf(i);
      cells[cell]!.add(persons[i] as number);
      rows[Math.floor(cell / nCols)]!.add(persons[i] as number);
    }
    expect(Array.from(result.cells)).toEqual(cells.map((s) => s.size));
    expect(Array.from(result.rowTotals)).toEqual(rows.map((s) => s.size));
    // Merging lowers some counts: a person in codes 0 and 1 counts once in their group.
    const unmerged = fusedCountPersons(
      [
        { codes: codesA, stride: nCols },
        { codes: codesB, stride: 1 },
      ],
      6,
      nCols,
      none,
      persons,
      0,
      ROWS,
    );
    const summed = (Array.from(unmerged.rowTotals)[0] ?? 0) + (Array.from(unmerged.rowTotals)[1] ?? 0);
    expect(result.rowTotals[0]).toBeLessThan(summed);
  });

  it('select (person, merged cell) pairs', () => {
    const outPersons = new Int32Array(ROWS);
    const outCells = new Int32Array(ROWS);
    const [pairs, matched] = fusedSelectPairs(dims, none, persons, 0, ROWS, outPersons, outCells);
    expect([pairs, matched]).toEqual([ROWS, ROWS]);
    expect(Array.from(outCells.subarray(0, pairs))).toEqual(Array.from({ length: ROWS }, (_, i) => cellOf(i)));
    expect(Array.from(outPersons.subarray(0, pairs))).toEqual(Array.from(persons));
  });
});
