// The dense count cube: records counted over every combination of the categories of
// the dimensions in use (filter fields and row/col fields), built in one scan. A later
// query on a subset of those dimensions, whatever its category filters, is answered by
// summing cube cells (a few thousand) instead of scanning ten million rows.
import type { ScanFilters } from './compileFilters.ts';

export interface CubeShape {
  fields: string[];
  cards: number[];
  /** Mixed-radix strides: the last field varies fastest. */
  strides: number[];
  cells: number;
}

export function cubeShape(fields: string[], cards: number[]): CubeShape {
  const strides = new Array<number>(fields.length);
  let cells = 1;
  for (let d = fields.length - 1; d >= 0; d--) {
    strides[d] = cells;
    cells *= cards[d] as number;
  }
  return { fields, cards, strides, cells };
}

/** How to read a result off a cube: per cube dimension, the categories that pass (null: all) and the stride in the output (0: summed over). */
export interface Projection {
  pass: (Uint8Array | null)[];
  outStrides: number[];
  outSize: number;
  /** Per cube dimension, code to output position where the query merges categories (absent: the code). */
  maps?: (Int32Array | null)[];
}

export function projectCube(counts: Uint32Array, shape: CubeShape, projection: Projection): Float64Array {
  const out = new Float64Array(projection.outSize);
  const dims = shape.fields.length;
  // offsets[d][code] = output offset of that category, or -1 when it fails the filter.
  const offsets = shape.cards.map((card, d) => {
    const pass = projection.pass[d];
    const stride = projection.outStrides[d] as number;
    const map = projection.maps?.[d] ?? null;
    return Int32Array.from({ length: card }, (_, code) =>
      pass && pass[code] === 0 ? -1 : (map === null ? code : (map[code] as number)) * stride,
    );
  });
  const walk = (d: number, base: number, outBase: number): void => {
    const offset = offsets[d] as Int32Array;
    const stride = shape.strides[d] as number;
    if (d === dims - 1) {
      for (let code = 0; code < offset.length; code++) {
        const o = offset[code] as number;
        if (o >= 0) out[outBase + o] = (out[outBase + o] as number) + (counts[base + code * stride] as number);
      }
      return;
    }
    for (let code = 0; code < offset.length; code++) {
      const o = offset[code] as number;
      if (o >= 0) walk(d + 1, base + code * stride, outBase + o);
    }
  };
  if (dims === 0) out[0] = counts[0] as number;
  else walk(0, 0, 0);
  return out;
}

/** Cubes bigger than this are not worth their memory and cache misses. */
export const MAX_CUBE_CELLS = 1 << 22;
/**
 * A new cube keeps the previous cube's dimensions, and adds a few likely ones, while it stays
 * this small: it fits in a core's cache, and it has many rows per cell (a cube with nearly as
 * many cells as a period has rows costs more to clear, merge and read than rescanning them).
 */
export function maxAccumulatedCells(rowCount: number): number {
  return Math.min(1 << 17, Math.max(1 << 12, Math.floor(rowCount / 64)));
}
/** Likely dimensions added to a new cube: closed ones of at most this many categories, at most this many of them. */
export const SPECULATIVE_MAX_CARD = 16;
export const SPECULATIVE_MAX_DIMS = 3;

export interface CubeEntry {
  id: number;
  cohort: string;
  shape: CubeShape;
  /** Filters applied while scanning (ranges, and masks that did not fit): part of the cube's identity. */
  baked: ScanFilters;
  bakedKey: string;
  /** The workers' cubes summed, once built: later queries are answered here, without a worker. */
  counts?: Promise<Uint32Array>;
}

export function bakedKey(filters: ScanFilters): string {
  return JSON.stringify({
    masks: filters.masks.map((m) => [m.field, Array.from(m.allowed)]),
    dates: filters.dates,
    numbers: filters.numbers.map((n) => [n.field, String(n.min), String(n.max)]),
  });
}
