// The dated rows of the persons, in order of person, then day, then row: two counting sorts
// (by day, then stably by person), so each person's history is one run read front to back.
import { NULL_DAY } from '../dates.ts';

export interface PersonDayOrder {
  /** Row indices of the rows with a person and a date, by person, day, row. */
  rows: Uint32Array;
  /** The day of each entry of `rows`. */
  days: Int32Array;
  /** The person of each entry of `rows`. */
  persons: Int32Array;
}

export function personDayOrder(personIds: Int32Array, days: Int32Array, personCount: number): PersonDayOrder {
  const n = personIds.length;
  let min = Infinity;
  let max = -Infinity;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const d = days[i] as number;
    if (d === NULL_DAY || (personIds[i] as number) < 0) continue;
    kept++;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const rows = new Uint32Array(kept);
  const orderedDays = new Int32Array(kept);
  const persons = new Int32Array(kept);
  if (kept === 0) return { rows, days: orderedDays, persons };

  const dayStarts = new Uint32Array(max - min + 2);
  const personStarts = new Uint32Array(personCount + 1);
  for (let i = 0; i < n; i++) {
    const d = days[i] as number;
    const p = personIds[i] as number;
    if (d === NULL_DAY || p < 0) continue;
    dayStarts[d - min + 1]!++;
    personStarts[p + 1]!++;
  }
  for (let k = 1; k < dayStarts.length; k++) dayStarts[k]! += dayStarts[k - 1] as number;
  for (let k = 1; k < personStarts.length; k++) personStarts[k]! += personStarts[k - 1] as number;
  const byDay = new Uint32Array(kept);
  for (let i = 0; i < n; i++) {
    const d = days[i] as number;
    if (d === NULL_DAY || (personIds[i] as number) < 0) continue;
    byDay[dayStarts[d - min]!++] = i;
  }
  for (let k = 0; k < kept; k++) {
    const i = byDay[k] as number;
    const p = personIds[i] as number;
    const at = personStarts[p]!++;
    rows[at] = i;
    orderedDays[at] = days[i] as number;
    persons[at] = p;
  }
  return { rows, days: orderedDays, persons };
}
