// Filters bound to their arrays, and the chunked row selection used by exports and the
// overlap (not hot): each column in turn writes into a chunk-sized index (one tight loop per
// column and array type), failing filters overwrite it with a sentinel. The counting hot
// loops are the fused kernels of kernelCodegen.ts.
import type { ScanFilters } from './compileFilters.ts';
import type { CodeArray, CohortSnapshot } from './snapshot.ts';

export const CHUNK = 4096;

function setU8(idx: Uint32Array, codes: Uint8Array, start: number, n: number, stride: number): void {
  for (let j = 0; j < n; j++) idx[j] = (codes[start + j] as number) * stride;
}
function setU16(idx: Uint32Array, codes: Uint16Array, start: number, n: number, stride: number): void {
  for (let j = 0; j < n; j++) idx[j] = (codes[start + j] as number) * stride;
}
function addU8(idx: Uint32Array, codes: Uint8Array, start: number, n: number, stride: number): void {
  for (let j = 0; j < n; j++) idx[j] = (idx[j] as number) + (codes[start + j] as number) * stride;
}
function addU16(idx: Uint32Array, codes: Uint16Array, start: number, n: number, stride: number): void {
  for (let j = 0; j < n; j++) idx[j] = (idx[j] as number) + (codes[start + j] as number) * stride;
}
function maskU8(
  idx: Uint32Array,
  codes: Uint8Array,
  start: number,
  n: number,
  allowed: Uint8Array,
  sentinel: number,
): void {
  for (let j = 0; j < n; j++) if (allowed[codes[start + j] as number] === 0) idx[j] = sentinel;
}
function maskU16(
  idx: Uint32Array,
  codes: Uint16Array,
  start: number,
  n: number,
  allowed: Uint8Array,
  sentinel: number,
): void {
  for (let j = 0; j < n; j++) if (allowed[codes[start + j] as number] === 0) idx[j] = sentinel;
}
function dayRange(
  idx: Uint32Array,
  days: Int32Array,
  start: number,
  n: number,
  lo: number,
  hi: number,
  sentinel: number,
): void {
  for (let j = 0; j < n; j++) {
    const d = days[start + j] as number;
    if (d < lo || d > hi) idx[j] = sentinel;
  }
}
function numberRange(
  idx: Uint32Array,
  values: Float64Array,
  start: number,
  n: number,
  min: number,
  max: number,
  sentinel: number,
): void {
  for (let j = 0; j < n; j++) {
    const v = values[start + j] as number;
    if (!(v >= min && v <= max)) idx[j] = sentinel;
  }
}

export interface IndexedDim {
  codes: CodeArray;
  stride: number;
}

/** A filter resolved to its arrays, so the chunk loop does no lookups. */
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

/** Cell index of rows start..start+n-1 into `idx`, or `sentinel` for rows that fail a filter. */
export function fillCellIndex(
  idx: Uint32Array,
  dims: readonly IndexedDim[],
  filters: BoundFilters,
  start: number,
  n: number,
  sentinel: number,
): void {
  if (dims.length === 0) idx.fill(0, 0, n);
  dims.forEach((dim, d) => {
    const codes = dim.codes;
    if (codes instanceof Uint8Array) (d === 0 ? setU8 : addU8)(idx, codes, start, n, dim.stride);
    else (d === 0 ? setU16 : addU16)(idx, codes, start, n, dim.stride);
  });
  for (const m of filters.masks) {
    if (m.codes instanceof Uint8Array) maskU8(idx, m.codes, start, n, m.allowed, sentinel);
    else maskU16(idx, m.codes, start, n, m.allowed, sentinel);
  }
  for (const r of filters.dates) dayRange(idx, r.days, start, n, r.lo, r.hi, sentinel);
  for (const r of filters.numbers) numberRange(idx, r.values, start, n, r.min, r.max, sentinel);
}

/** Indices of the rows in [start, end) that pass every filter. */
export function selectRows(filters: BoundFilters, start: number, end: number): Uint32Array {
  const idx = new Uint32Array(CHUNK);
  let out = new Uint32Array(1024);
  let count = 0;
  for (let s = start; s < end; s += CHUNK) {
    const n = Math.min(CHUNK, end - s);
    fillCellIndex(idx, [], filters, s, n, 1);
    for (let j = 0; j < n; j++) {
      if (idx[j] === 1) continue;
      if (count === out.length) {
        const grown = new Uint32Array(out.length * 2);
        grown.set(out);
        out = grown;
      }
      out[count++] = s + j;
    }
  }
  return out.slice(0, count);
}
