// Distinct persons per cell from (person, cell) pairs that arrive in any order (the passing
// rows of a period, read in day order from the day layout): the pairs are sorted by person
// with an LSD radix sort (passes of 11 bits over the worker's span of persons), then counted
// with one "last person seen" stamp per cell, row and column, exactly as over rows sorted by
// person. The cost follows the rows that pass, not the rows of the snapshot.
import type { FusedPersonCounts } from './kernelCodegen.ts';

/**
 * Whether pairs beat a straight pass over the worker's person-sorted rows. Measured per
 * worker on this machine, with both workers busy: about 6 ns per row of the period's run to
 * select the pairs and 23 ns per pair to sort and count them, against 8 ns per row of the
 * worker's range for the stamped pass. A long period where most rows pass is cheaper in one
 * pass.
 */
export function pairsPay(runRows: number, estimatedPairs: number, workerRows: number): boolean {
  return 6 * runRows + 23 * estimatedPairs < 8 * workerRows;
}

/** Where in a run of `length` rows to sample the share of rows that pass: a few spread chunks. */
export function sampleChunks(length: number, chunk = 2048, count = 8): [number, number][] {
  if (length <= chunk * count) return [[0, length]];
  const step = Math.floor(length / count);
  return Array.from({ length: count }, (_, c): [number, number] => [c * step, c * step + chunk]);
}

const DIGIT_BITS = 11;
const RADIX = 1 << DIGIT_BITS;

/**
 * Int32 work arrays kept between queries (a period's pairs can need tens of megabytes, and
 * fresh ones each query would make the worker collect garbage for them).
 */
export class PairBuffers {
  private readonly buffers: Int32Array[] = [];

  /** Buffer `slot`, at least `length` long (its contents are whatever the last user left). */
  get(slot: number, length: number): Int32Array {
    let buffer = this.buffers[slot];
    if (buffer === undefined || buffer.length < length) {
      buffer = new Int32Array(Math.max(length, Math.ceil((buffer?.length ?? 0) * 1.5)));
      this.buffers[slot] = buffer;
    }
    return buffer;
  }
}

/**
 * The first `n` pairs sorted by person (0 .. span - 1), stably, using `spare` (at least `n`
 * long) as the other side of each pass; the result is in one of the two pairs of arrays.
 */
export function sortPairsByPerson(
  persons: Int32Array,
  cells: Int32Array,
  n: number,
  span: number,
  spare: { persons: Int32Array; cells: Int32Array } = { persons: new Int32Array(n), cells: new Int32Array(n) },
): { persons: Int32Array; cells: Int32Array } {
  const bits = span > 1 ? 32 - Math.clz32(span - 1) : 0;
  if (bits === 0) return { persons, cells };
  let fromPersons: Int32Array = persons;
  let fromCells: Int32Array = cells;
  let toPersons: Int32Array = spare.persons;
  let toCells: Int32Array = spare.cells;
  const offsets = new Uint32Array(RADIX);
  for (let shift = 0; shift < bits; shift += DIGIT_BITS) {
    offsets.fill(0);
    for (let i = 0; i < n; i++) offsets[((fromPersons[i] as number) >>> shift) & (RADIX - 1)]!++;
    let sum = 0;
    for (let digit = 0; digit < RADIX; digit++) {
      const count = offsets[digit] as number;
      offsets[digit] = sum;
      sum += count;
    }
    for (let i = 0; i < n; i++) {
      const person = fromPersons[i] as number;
      const at = offsets[(person >>> shift) & (RADIX - 1)]!++;
      toPersons[at] = person;
      toCells[at] = fromCells[i] as number;
    }
    [fromPersons, toPersons] = [toPersons, fromPersons];
    [fromCells, toCells] = [toCells, fromCells];
  }
  return { persons: fromPersons, cells: fromCells };
}

/** Distinct persons per cell, row, column and overall from the first `n` pairs, sorted by person. */
export function countSortedPairs(
  persons: Int32Array,
  cells: Int32Array,
  n: number,
  nRows: number,
  nCols: number,
): Omit<FusedPersonCounts, 'recordsMatched'> {
  const counts = new Uint32Array(nRows * nCols);
  const lastCell = new Int32Array(nRows * nCols).fill(-1);
  const rowTotals = new Uint32Array(nRows);
  const lastRow = new Int32Array(nRows).fill(-1);
  const colTotals = new Uint32Array(nCols);
  const lastCol = new Int32Array(nCols).fill(-1);
  let total = 0;
  let lastAny = -1;
  for (let j = 0; j < n; j++) {
    const p = persons[j] as number;
    const k = cells[j] as number;
    if (lastCell[k] === p) continue;
    lastCell[k] = p;
    counts[k]!++;
    const r = (k / nCols) | 0;
    if (lastRow[r] !== p) {
      lastRow[r] = p;
      rowTotals[r]!++;
    }
    const c = k - r * nCols;
    if (lastCol[c] !== p) {
      lastCol[c] = p;
      colTotals[c]!++;
    }
    if (lastAny !== p) {
      lastAny = p;
      total++;
    }
  }
  return { cells: counts, rowTotals, colTotals, total };
}
