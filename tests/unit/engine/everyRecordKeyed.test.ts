// Whether every record of a cohort has a person key, on packed snapshots: the service test runs
// on a generated extract whose records are all keyed, so the answer false is checked here, with
// a record whose person key is missing (the snapshot holds it as a negative id).
import { describe, expect, it } from 'vitest';
import { everyRecordKeyed } from '../../../src-main/engine/everyRecordKeyed.ts';
import { recordsSnapshot } from '../needs/recordsSnapshot.ts';

const snapshotOf = (persons: number[]) =>
  recordsSnapshot(
    persons.map((person) => ({ person })),
    [{ name: 'sex', labels: ['Female', 'Male'], of: () => 'Female' }],
  );

describe('every record keyed', () => {
  it('is true where each record has a person', () => {
    expect(everyRecordKeyed(snapshotOf([0, 0, 1, 2]))).toBe(true);
  });

  it('is false where one record has none', () => {
    expect(everyRecordKeyed(snapshotOf([0, 1, -1, 2]))).toBe(false);
  });
});
