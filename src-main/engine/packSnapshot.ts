// Packs decoded cohort columns into a snapshot: rows reordered by person id with a
// counting sort (so each person's rows are contiguous, which makes distinct-person counts
// a single pass with one "last person seen" stamp per cell), copied into SharedArrayBuffers.
import type { DatasetName } from '../../shared/codebook.ts';
import {
  codeArrayFor,
  numericValueOf,
  sharedArray,
  type CodeArray,
  type CohortSnapshot,
  type DimensionColumn,
} from './snapshot.ts';

export interface RawDimension {
  name: string;
  kind: DimensionColumn['kind'];
  open: boolean;
  /** Labels in display order. */
  labels: string[];
  /** Source codes, one per row. */
  codes: Uint8Array | Uint16Array | Uint32Array | Int32Array;
  /** Source code → index into `labels`; identity when absent. */
  remap?: Int32Array;
}

export interface RawCohort {
  cohort: DatasetName;
  label?: string;
  columnLabels?: Record<string, string>;
  rowCount: number;
  /** -1 where missing. */
  personIds: Int32Array;
  dimensions: RawDimension[];
  dates: { name: string; days: Int32Array }[];
  numbers: { name: string; values: Float64Array }[];
  warnings: string[];
}

/** Row order by person id (missing ids first), stable within a person. */
export function personOrder(personIds: Int32Array): { order: Uint32Array; personCount: number } {
  let max = -1;
  for (let i = 0; i < personIds.length; i++) if ((personIds[i] as number) > max) max = personIds[i] as number;
  const personCount = max + 1;
  const starts = new Uint32Array(personCount + 2);
  for (let i = 0; i < personIds.length; i++) starts[(personIds[i] as number) + 2]!++;
  for (let b = 2; b < starts.length; b++) starts[b] = (starts[b] as number) + (starts[b - 1] as number);
  const order = new Uint32Array(personIds.length);
  for (let i = 0; i < personIds.length; i++) {
    const bucket = (personIds[i] as number) + 1;
    order[starts[bucket] as number] = i;
    starts[bucket]!++;
  }
  return { order, personCount };
}

function permuteCodes(raw: RawDimension, order: Uint32Array): CodeArray {
  const out = codeArrayFor(raw.labels.length, order.length);
  const source = raw.codes;
  const remap = raw.remap;
  if (remap) {
    for (let i = 0; i < order.length; i++) out[i] = remap[source[order[i] as number] as number] as number;
  } else {
    for (let i = 0; i < order.length; i++) out[i] = source[order[i] as number] as number;
  }
  return out;
}

export function packSnapshot(raw: RawCohort): CohortSnapshot {
  const { order, personCount } = personOrder(raw.personIds);
  const n = raw.rowCount;
  const personIds = sharedArray(Int32Array, n);
  let distinctPersons = 0;
  for (let i = 0; i < n; i++) {
    const person = raw.personIds[order[i] as number] as number;
    personIds[i] = person;
    if (person >= 0 && (i === 0 || personIds[i - 1] !== person)) distinctPersons++;
  }
  const snapshot: CohortSnapshot = {
    cohort: raw.cohort,
    rowCount: n,
    personCount,
    distinctPersons,
    personIds,
    dimensions: {},
    dates: {},
    numbers: {},
    warnings: raw.warnings,
  };
  if (raw.label !== undefined) snapshot.label = raw.label;
  if (raw.columnLabels !== undefined) snapshot.columnLabels = raw.columnLabels;
  for (const dim of raw.dimensions) {
    snapshot.dimensions[dim.name] = {
      name: dim.name,
      kind: dim.kind,
      open: dim.open,
      labels: dim.labels,
      codes: permuteCodes(dim, order),
      numericValues: dim.labels.map(numericValueOf),
    };
  }
  for (const date of raw.dates) {
    const days = sharedArray(Int32Array, n);
    for (let i = 0; i < n; i++) days[i] = date.days[order[i] as number] as number;
    snapshot.dates[date.name] = { name: date.name, days };
  }
  for (const number of raw.numbers) {
    const values = sharedArray(Float64Array, n);
    for (let i = 0; i < n; i++) values[i] = number.values[order[i] as number] as number;
    snapshot.numbers[number.name] = { name: number.name, values };
  }
  return snapshot;
}
