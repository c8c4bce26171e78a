// Counting a cube that no query has asked for yet, while the worker would otherwise be idle:
// in chunks of rows, giving up as soon as real work is waiting, so that speculation never
// holds a query back by more than one chunk (about a tenth of a millisecond).
import type { BoundFilters } from './boundFilters.ts';
import { countRecordsInto, foldRejected, type KernelDim } from './kernelCodegen.ts';

/** Rows counted between two looks at the demand for real work. */
export const SPECULATION_CHUNK = 1 << 15;

/** The cube of rows [from, to), as fusedCountRecords gives it, or null if `demanded()` turned true first. */
export function countUnlessDemanded(
  dims: readonly KernelDim[],
  cells: number,
  filters: BoundFilters,
  from: number,
  to: number,
  demanded: () => boolean,
  chunk: number = SPECULATION_CHUNK,
): Uint32Array | null {
  const counts = new Uint32Array(cells + 8);
  for (let start = from; start < to; start += chunk) {
    if (demanded()) return null;
    countRecordsInto(counts, dims, cells, filters, start, Math.min(start + chunk, to));
  }
  return foldRejected(counts, cells);
}
