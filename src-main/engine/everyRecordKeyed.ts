// Whether every record of a cohort has a person key. The combination of needs is ranked by
// persons counting a record without a key as a person of its own (engine/derived/offenderNeeds.ts),
// while persons tables leave such records out: only where there are none do both count alike.
import type { CohortSnapshot } from './snapshot.ts';

export function everyRecordKeyed(snapshot: CohortSnapshot): boolean {
  return snapshot.personIds.every((person) => person >= 0);
}
