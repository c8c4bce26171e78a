// Filters bound to their arrays (what the generated kernels of kernelCodegen.ts read), so a
// hot loop does no lookups by field name.
import type { ScanFilters } from './compileFilters.ts';
import type { CodeArray, CohortSnapshot } from './snapshot.ts';

/** A query's filters resolved to the snapshot's arrays. */
export interface BoundFilters {
  masks: { codes: CodeArray; allowed: Uint8Array }[];
  dates: { days: Int32Array; lo: number; hi: number }[];
  numbers: { values: Float64Array; min: number; max: number }[];
}

export function bindFilters(snapshot: CohortSnapshot, filters: ScanFilters): BoundFilters {
  const need = <T>(value: T | undefined, field: string): T => {
    if (value === undefined) throw new Error(`column ${field} is not in the snapshot`);
    return value;
  };
  return {
    masks: filters.masks.map((m) => ({ codes: need(snapshot.dimensions[m.field], m.field).codes, allowed: m.allowed })),
    dates: filters.dates.map((d) => ({ days: need(snapshot.dates[d.field], d.field).days, lo: d.lo, hi: d.hi })),
    numbers: filters.numbers.map((r) => ({
      values: need(snapshot.numbers[r.field], r.field).values,
      min: r.min,
      max: r.max,
    })),
  };
}
