// Which fields of a cohort each person has one category of: every record of a person in the
// same category (sex, usually). The needs audit crosses such a field with the needs as one
// answer per person: a panel's persons are apart from every other panel's and the panels sum to
// the whole. A field with a person's records in two categories (service, age band) counts that
// person in both panels, so reading the whole as their sum would prove what is false: the audit
// crosses it as the set of categories a person has records in.
import type { CohortSnapshot } from './snapshot.ts';

/** Per snapshot, per field asked before, whether it is person-level: the snapshot never changes. */
const known = new WeakMap<CohortSnapshot, Map<string, boolean>>();

/** Whether no person has records in two categories of `codes` (rows sorted by person, -1 for none). */
function onePerPerson(personIds: Int32Array, codes: ArrayLike<number>): boolean {
  let person = -1;
  let code = -1;
  for (let i = 0; i < personIds.length; i++) {
    const p = personIds[i]!;
    if (p < 0) continue;
    const c = codes[i]!;
    if (p !== person) {
      person = p;
      code = c;
    } else if (c !== code) return false;
  }
  return true;
}

/**
 * Of `fields`, those every person of `snapshot` has exactly one category of in its records; a
 * field the snapshot holds no category column of is none of them.
 */
export function personLevelFields(snapshot: CohortSnapshot, fields: readonly string[]): Set<string> {
  let seen = known.get(snapshot);
  if (seen === undefined) known.set(snapshot, (seen = new Map()));
  const out = new Set<string>();
  for (const field of fields) {
    let level = seen.get(field);
    if (level === undefined) {
      const column = snapshot.dimensions[field];
      level = column !== undefined && onePerPerson(snapshot.personIds, column.codes);
      seen.set(field, level);
    }
    if (level) out.add(field);
  }
  return out;
}
