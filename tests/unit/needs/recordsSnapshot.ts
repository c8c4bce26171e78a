// Offenders' records as the engine holds them, for the needs audit's tests: one row per record,
// each field a category column read off the record.
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';

/** A category field of the snapshot: its labels, and each record's label. */
export interface RecordField<R> {
  name: string;
  labels: readonly string[];
  of: (record: R) => string;
}

/** A packed offenders snapshot of `records`, their person keys and these fields. */
export function recordsSnapshot<R extends { person: number }>(
  records: readonly R[],
  fields: ReadonlyArray<RecordField<R>>,
) {
  return packSnapshot({
    cohort: 'offenders',
    rowCount: records.length,
    personIds: Int32Array.from(records, (r) => r.person),
    dimensions: fields.map(({ name, labels, of }) => ({
      name,
      kind: 'category' as const,
      open: true,
      labels: [...labels],
      codes: Uint8Array.from(records, (r) => labels.indexOf(of(r))),
    })),
    dates: [],
    numbers: [],
    warnings: [],
  });
}
