// A worker's rows copied into day order, one array per dimension, made once per snapshot:
// the rows of any period are then one contiguous run, so a count cube over a period reads
// that period's bytes only, front to back. (A list of the period's rows in the snapshot's
// person order touches every cache line of every column it reads as soon as the period
// keeps more than a few percent of the rows.) Distinct persons over a period take the
// period's passing rows from here too, as (person, cell) pairs sorted by person afterwards
// (personPairs.ts). Costs one byte per row and dimension (two for columns of more than 256
// categories) and four for the person, on top of the snapshot.
import type { BoundFilters } from './boundFilters.ts';
import type { ScanFilters } from './compileFilters.ts';
import { dayRun, type DayIndex } from './dayIndex.ts';
import type { KernelDim } from './kernelCodegen.ts';
import type { CodeArray, CohortSnapshot } from './snapshot.ts';

/** A typed array of exactly `length` elements over shared memory (none for an empty range). */
function shared<T extends Uint8Array | Uint16Array | Int32Array>(
  Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Kind(new SharedArrayBuffer(length * Kind.BYTES_PER_ELEMENT));
}

/**
 * A day layout as the other query worker reads it: its arrays are shared memory (posting the
 * view shares them, it does not copy them), so either worker can count any worker's rows.
 */
export interface LayoutView {
  field: string;
  minDay: number;
  offsets: Uint32Array;
  columns: Record<string, CodeArray>;
  persons: Int32Array;
}

/** The positions [from, to) in the view of the rows whose day is in [lo, hi]. */
export function viewRun(view: LayoutView, lo: number, hi: number): [number, number] {
  return dayRun(view.minDay, view.offsets, lo, hi);
}

/** The dimension's codes in the view's day order. */
export function layoutColumn(view: LayoutView, field: string): CodeArray {
  const codes = view.columns[field];
  if (codes === undefined) throw new Error(`column ${field} is not in the day layout`);
  return codes;
}

/** Dimensions (with their strides) and category filters bound to a layout's copies of their columns. */
export function bindToLayout(
  view: LayoutView,
  fields: readonly string[],
  strides: readonly number[],
  masks: ScanFilters['masks'],
): { dims: KernelDim[]; filters: BoundFilters } {
  return {
    dims: fields.map((field, d) => ({ codes: layoutColumn(view, field), stride: strides[d] as number })),
    filters: {
      masks: masks.map((m) => ({ codes: layoutColumn(view, m.field), allowed: m.allowed })),
      dates: [],
      numbers: [],
    },
  };
}

export class DayLayout {
  /** The layout as any worker reads it (built once; its arrays are shared memory). */
  readonly view: LayoutView;
  /** Each row's person less `personBase` (0 .. personSpan - 1), or -1 when it has none. */
  readonly persons: Int32Array;
  readonly personBase: number;
  readonly personSpan: number;
  readonly bytes: number;

  constructor(
    /** The date column whose order this is. */
    readonly field: string,
    private readonly index: DayIndex,
    snapshot: CohortSnapshot,
  ) {
    const length = index.byDay.length;
    const persons = index.reorder(snapshot.personIds, shared(Int32Array, length));
    let first = -1;
    let last = -1;
    for (let p = 0; p < length; p++) {
      const person = persons[p] as number;
      if (person < 0) continue;
      if (first < 0 || person < first) first = person;
      if (person > last) last = person;
    }
    this.personBase = Math.max(first, 0);
    this.personSpan = first < 0 ? 0 : last - first + 1;
    for (let p = 0; p < length; p++) {
      const person = persons[p] as number;
      persons[p] = person < 0 ? -1 : person - this.personBase;
    }
    this.persons = persons;
    let bytes = persons.byteLength;
    const columns: Record<string, CodeArray> = {};
    for (const column of Object.values(snapshot.dimensions)) {
      const copy =
        column.codes instanceof Uint8Array
          ? index.reorder(column.codes, shared(Uint8Array, length))
          : index.reorder(column.codes, shared(Uint16Array, length));
      columns[column.name] = copy;
      bytes += copy.byteLength;
    }
    this.bytes = bytes;
    // The day offsets are small and copied when the view is posted; the rest is shared.
    this.view = { field, minDay: index.minDay, offsets: index.offsets, columns, persons };
  }

  /** The dimension's codes in day order. */
  column(field: string): CodeArray {
    return layoutColumn(this.view, field);
  }

  /** The positions [from, to) of the rows whose day is in [lo, hi]. */
  run(lo: number, hi: number): [number, number] {
    return this.index.run(lo, hi);
  }
}
