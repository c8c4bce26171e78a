// The in-memory columnar snapshot of one cohort: dictionary codes, day numbers and person
// ids in typed arrays over SharedArrayBuffers, so the query workers read the very same
// bytes without copying, and the same buffers back the Arrow vectors of a records export
// (`snapshotArrow.ts`, zero copy).
import type { DatasetName } from '../../shared/codebook.ts';

export type CodeArray = Uint8Array | Uint16Array;

/** A category, ordinal or flag column: `codes[i]` indexes `labels`, which are in display order. */
export interface DimensionColumn {
  name: string;
  kind: 'category' | 'ordinal' | 'flag';
  /** Open columns list only the categories observed in this cohort. */
  open: boolean;
  labels: string[];
  codes: CodeArray;
  /** The numeric value of each label (`'7'` → 7) for number ranges on ordinal columns; null when not a number. */
  numericValues: (number | null)[];
}

export interface DateColumn {
  name: string;
  /** Days since 1970-01-01; NULL_DAY when missing. */
  days: Int32Array;
}

export interface NumberColumn {
  name: string;
  /** NaN when missing. */
  values: Float64Array;
}

export interface CohortSnapshot {
  /** A cohort, or `context:NAME` for a context dataset (which has no persons: every id is -1). */
  cohort: DatasetName;
  /** Display labels of a context dataset and of its columns (cohorts take theirs from the codebook). */
  label?: string;
  columnLabels?: Record<string, string>;
  rowCount: number;
  /** One more than the largest person id (ids are dense, from the store's `persons`). */
  personCount: number;
  /** Distinct persons with at least one row here. */
  distinctPersons: number;
  /** Rows are sorted by person id (then source order), so a person's rows are contiguous; -1 when missing. */
  personIds: Int32Array;
  dimensions: Record<string, DimensionColumn>;
  dates: Record<string, DateColumn>;
  numbers: Record<string, NumberColumn>;
  warnings: string[];
}

/**
 * A typed array of exactly `length` elements over a fresh SharedArrayBuffer. The buffer is
 * never empty, but the array is: an empty dataset's arrays once had one element, and its one
 * zero row counted as a record and a person.
 */
export function sharedArray<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array>(
  Kind: { new (buffer: SharedArrayBuffer, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Kind(new SharedArrayBuffer(Math.max(1, length) * Kind.BYTES_PER_ELEMENT), 0, length);
}

/** The code array type that holds `size` categories. */
export function codeArrayFor(size: number, length: number): CodeArray {
  return size <= 256 ? sharedArray(Uint8Array, length) : sharedArray(Uint16Array, length);
}

export function numericValueOf(label: string): number | null {
  return /^-?\d+(\.\d+)?$/.test(label) ? Number(label) : null;
}

export function snapshotBytes(snapshot: CohortSnapshot): number {
  let bytes = snapshot.personIds.byteLength;
  for (const d of Object.values(snapshot.dimensions)) bytes += d.codes.byteLength;
  for (const d of Object.values(snapshot.dates)) bytes += d.days.byteLength;
  for (const n of Object.values(snapshot.numbers)) bytes += n.values.byteLength;
  return bytes;
}
