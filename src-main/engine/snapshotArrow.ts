// A snapshot's rows as an Arrow IPC file, for a records export to R or Python. apache-arrow is
// some 500 modules, loaded here on the first export rather than by every thread that reads a
// snapshot: the CLI's start and each query worker's no longer pay for it. Required, not
// imported, so that the worker's handler stays synchronous; the node build's CommonJS entry is
// the same code its import would load.
import { createRequire } from 'node:module';
import type * as ArrowModule from 'apache-arrow';
import { isContextDataset } from '../../shared/codebook.ts';
import { NULL_DAY } from './dates.ts';
import type { CodeArray, CohortSnapshot, DimensionColumn } from './snapshot.ts';

let loaded: typeof ArrowModule | undefined;

/** apache-arrow, loaded on the first call. */
function arrow(): typeof ArrowModule {
  return (loaded ??= createRequire(import.meta.url)('apache-arrow') as typeof ArrowModule);
}

function dictionaryVector(column: DimensionColumn, codes: CodeArray, length: number): ArrowModule.Vector {
  const { Dictionary, Uint8, Uint16, Utf8, makeData, makeVector, vectorFromArray } = arrow();
  const dictionary = vectorFromArray(column.labels, new Utf8());
  const type =
    codes instanceof Uint8Array ? new Dictionary(new Utf8(), new Uint8()) : new Dictionary(new Utf8(), new Uint16());
  return makeVector(makeData({ type, length, nullCount: 0, data: codes, dictionary }));
}

/** A validity bitmap of `length` values, with the number of those `missing` says are absent. */
function validity(length: number, missing: (i: number) => boolean): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (missing(i)) nullCount++;
    else nullBitmap[i >> 3] = (nullBitmap[i >> 3] as number) | (1 << (i & 7));
  }
  return { nullBitmap, nullCount };
}

/**
 * The snapshot (or the rows `selection` of it) as an Arrow table: dictionary columns in
 * display order, dates as DateDay (null where missing), person ids as Int32 (none for a
 * context dataset, which has no persons).
 */
export function snapshotTable(snapshot: CohortSnapshot, selection?: Uint32Array): ArrowModule.Table {
  const { DateDay, Float64, Table, makeData, makeVector } = arrow();
  const length = selection ? selection.length : snapshot.rowCount;
  const pick = <T extends CodeArray | Int32Array | Float64Array>(values: T): T => {
    if (!selection) return values;
    const out = new (values.constructor as new (n: number) => T)(length);
    for (let i = 0; i < length; i++) out[i] = values[selection[i] as number] as number;
    return out;
  };
  const vectors: Record<string, ArrowModule.Vector> = {};
  if (!isContextDataset(snapshot.cohort)) vectors.person_id = makeVector(pick(snapshot.personIds));
  for (const column of Object.values(snapshot.dates)) {
    const days = pick(column.days);
    const { nullBitmap, nullCount } = validity(length, (i) => days[i] === NULL_DAY);
    vectors[column.name] = makeVector(makeData({ type: new DateDay(), length, nullCount, nullBitmap, data: days }));
  }
  for (const column of Object.values(snapshot.dimensions)) {
    vectors[column.name] = dictionaryVector(column, pick(column.codes), length);
  }
  for (const column of Object.values(snapshot.numbers)) {
    const values = pick(column.values);
    const { nullBitmap, nullCount } = validity(length, (i) => Number.isNaN(values[i]));
    vectors[column.name] = makeVector(makeData({ type: new Float64(), length, nullCount, nullBitmap, data: values }));
  }
  return new Table(vectors);
}

/** The rows `selection` of the snapshot as the bytes of an Arrow IPC file. */
export function snapshotArrowFile(snapshot: CohortSnapshot, selection: Uint32Array): Uint8Array {
  return arrow().tableToIPC(snapshotTable(snapshot, selection), 'file');
}
