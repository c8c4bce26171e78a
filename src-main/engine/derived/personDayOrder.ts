// The dated rows of the persons, in order of person, then day, then row. The snapshot's rows
// are already in person order, so each person's rows are one run: only the runs are sorted
// by day (insertion sort, stable, for the usual few rows; a numeric sort of packed keys for long ones),
// reading the rows front to back.
import { NULL_DAY } from '../dates.ts';

export interface PersonDayOrder {
  /** Row indices of the rows with a person and a date, by person, day, row. */
  rows: Uint32Array;
  /** The day of each entry of `rows`. */
  days: Int32Array;
  /** The person of each entry of `rows`. */
  persons: Int32Array;
}

const SHORT_RUN = 32;

/** `personIds` in ascending order (a snapshot's), -1 for rows without a person. */
export function personDayOrder(personIds: Int32Array, days: Int32Array): PersonDayOrder {
  const n = personIds.length;
  let kept = 0;
  for (let i = 0; i < n; i++) if (days[i] !== NULL_DAY && (personIds[i] as number) >= 0) kept++;
  const rows = new Uint32Array(kept);
  const orderedDays = new Int32Array(kept);
  const persons = new Int32Array(kept);
  let at = 0;
  let i = 0;
  while (i < n) {
    const person = personIds[i] as number;
    let end = i;
    while (end < n && personIds[end] === person) end++;
    if (person >= 0) {
      const first = at;
      for (let r = i; r < end; r++) {
        const day = days[r] as number;
        if (day === NULL_DAY) continue;
        // Insertion into the run so far: later rows of the same day stay after earlier ones.
        let k = at++;
        if (k - first < SHORT_RUN) {
          while (k > first && (orderedDays[k - 1] as number) > day) {
            orderedDays[k] = orderedDays[k - 1] as number;
            rows[k] = rows[k - 1] as number;
            k--;
          }
        }
        orderedDays[k] = day;
        rows[k] = r;
      }
      persons.fill(person, first, at);
      if (at - first > SHORT_RUN) sortLongRun(rows, orderedDays, first, at);
    }
    i = end;
  }
  return { rows, days: orderedDays, persons };
}

/**
 * A long run sorted by day, then row: each entry packed into one number (day above, row below
 * 2^32) so the typed array's own numeric sort does it, with no comparator to call.
 */
function sortLongRun(rows: Uint32Array, days: Int32Array, from: number, to: number): void {
  let min = 0x7fffffff;
  for (let k = from; k < to; k++) if ((days[k] as number) < min) min = days[k] as number;
  const keys = new Float64Array(to - from);
  for (let k = from; k < to; k++) keys[k - from] = ((days[k] as number) - min) * 2 ** 32 + (rows[k] as number);
  keys.sort();
  for (let k = from; k < to; k++) {
    const key = keys[k - from] as number;
    const day = Math.floor(key / 2 ** 32);
    days[k] = day + min;
    rows[k] = key - day * 2 ** 32;
  }
}
