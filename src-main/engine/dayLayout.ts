// A worker's rows copied into day order, one array per dimension, made once per snapshot:
// the rows of any period are then one contiguous run, so a count cube over a period reads
// that period's bytes only, front to back. (A list of the period's rows in the snapshot's
// person order touches every cache line of every column it reads as soon as the period
// keeps more than a few percent of the rows.) Distinct persons need person order, so they
// keep to the snapshot's own layout. Costs one byte per row and dimension (two for columns
// of more than 256 categories) on top of the snapshot.
import type { DayIndex } from './dayIndex.ts';
import type { CodeArray, CohortSnapshot } from './snapshot.ts';

export class DayLayout {
  private readonly columns = new Map<string, CodeArray>();
  readonly bytes: number;

  constructor(
    /** The date column whose order this is. */
    readonly field: string,
    private readonly index: DayIndex,
    snapshot: CohortSnapshot,
  ) {
    const length = index.byDay.length;
    let bytes = 0;
    for (const column of Object.values(snapshot.dimensions)) {
      const copy =
        column.codes instanceof Uint8Array
          ? index.reorder(column.codes, new Uint8Array(length))
          : index.reorder(column.codes, new Uint16Array(length));
      this.columns.set(column.name, copy);
      bytes += copy.byteLength;
    }
    this.bytes = bytes;
  }

  /** The dimension's codes in day order. */
  column(field: string): CodeArray {
    const codes = this.columns.get(field);
    if (codes === undefined) throw new Error(`column ${field} is not in the day layout`);
    return codes;
  }

  /** The positions [from, to) of the rows whose day is in [lo, hi]. */
  run(lo: number, hi: number): [number, number] {
    return this.index.run(lo, hi);
  }
}
