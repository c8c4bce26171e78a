// A worker's rows ordered by day (a counting sort of its range of one date column, made once
// per snapshot): the rows of any period are then one contiguous run of it, found in two
// lookups, instead of a test of every row. The run is turned back into ascending row order
// (through a bitmap), because the scans that follow read the columns front to back (cache
// lines in order) and distinct-person counting needs the rows sorted by person, as the
// snapshot is.
import { NULL_DAY } from './dates.ts';

export class DayIndex {
  readonly minDay: number;
  /** offsets[d - minDay] .. offsets[d - minDay + 1]: the positions in `byDay` of day d's rows. */
  readonly offsets: Uint32Array;
  /** The worker's rows (NULL_DAY excluded) ordered by day, then by row. */
  readonly byDay: Uint32Array;
  private readonly bitmap: Int32Array;

  constructor(
    private readonly days: Int32Array,
    private readonly start: number,
    private readonly end: number,
  ) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = start; i < end; i++) {
      const d = days[i] as number;
      if (d === NULL_DAY) continue;
      if (d < min) min = d;
      if (d > max) max = d;
    }
    const span = min <= max ? max - min + 1 : 0;
    this.minDay = min <= max ? min : 0;
    const offsets = new Uint32Array(span + 1);
    for (let i = start; i < end; i++) {
      const d = days[i] as number;
      if (d !== NULL_DAY) offsets[d - this.minDay + 1]!++;
    }
    for (let k = 1; k <= span; k++) offsets[k] = (offsets[k] as number) + (offsets[k - 1] as number);
    const next = offsets.slice(0, Math.max(span, 1));
    const byDay = new Uint32Array(span > 0 ? (offsets[span] as number) : 0);
    for (let i = start; i < end; i++) {
      const d = days[i] as number;
      if (d !== NULL_DAY) byDay[next[d - this.minDay]!++] = i;
    }
    this.offsets = offsets;
    this.byDay = byDay;
    this.bitmap = new Int32Array(((end - start) >>> 5) + 1);
  }

  /**
   * A column of the worker's rows copied into `byDay` order. It reads the rows front to back
   * and appends each to its day's run: one write stream per day, a few thousand cache lines in
   * all, where reading the rows in `byDay` order would miss the cache on nearly every row.
   */
  reorder<T extends Uint8Array | Uint16Array | Int32Array>(source: T, out: T): T {
    const { days, start, end, minDay } = this;
    const next = this.offsets.slice(0, Math.max(this.offsets.length - 1, 1));
    for (let i = start; i < end; i++) {
      const d = days[i] as number;
      if (d !== NULL_DAY) out[next[d - minDay]!++] = source[i] as number;
    }
    return out;
  }

  /** How many rows fall in [lo, hi] (whole days). */
  count(lo: number, hi: number): number {
    const [from, to] = this.run(lo, hi);
    return to - from;
  }

  /** The rows whose day is in [lo, hi], ascending. */
  rowsBetween(lo: number, hi: number): Uint32Array {
    const [from, to] = this.run(lo, hi);
    const out = new Uint32Array(to - from);
    if (out.length === 0) return out;
    const bitmap = this.bitmap;
    bitmap.fill(0);
    const byDay = this.byDay;
    const start = this.start;
    for (let p = from; p < to; p++) {
      const r = (byDay[p] as number) - start;
      bitmap[r >>> 5] = (bitmap[r >>> 5] as number) | (1 << (r & 31));
    }
    let n = 0;
    for (let w = 0; w < bitmap.length; w++) {
      let bits = bitmap[w] as number;
      const base = start + (w << 5);
      while (bits !== 0) {
        const low = bits & -bits;
        out[n++] = base + 31 - Math.clz32(low);
        bits ^= low;
      }
    }
    return out;
  }

  /** The positions [from, to) in `byDay` of the rows whose day is in [lo, hi]. */
  run(lo: number, hi: number): [number, number] {
    return dayRun(this.minDay, this.offsets, lo, hi);
  }
}

/** The positions [from, to) of the days [lo, hi] in a day-ordered array with these day offsets. */
export function dayRun(minDay: number, offsets: Uint32Array, lo: number, hi: number): [number, number] {
  const span = offsets.length - 1;
  const a = Math.max(0, Math.min(span, lo - minDay));
  const b = Math.max(0, Math.min(span, hi - minDay + 1));
  return b > a ? [offsets[a] as number, offsets[b] as number] : [0, 0];
}
