// The journeys' two scans, run in the query workers: each person's first day in a cohort
// (over the rows that pass the cohort's filters), then, over a range of persons, the count
// of each (first role, later role) pair. Days are shared Int32Arrays, one per cohort.
import { NULL_DAY } from './dates.ts';
import { journeyTargetIndex, JOURNEY_ROLES } from '../../shared/journeys.ts';

/** A person with no passing record in the cohort. */
export const NOT_IN_COHORT = 0x7fffffff;
/** A person whose passing records in the cohort have no date: in the cohort, with no first day. */
export const NO_FIRST_DAY = 0x7ffffffe;

/** The cells of the journeys table (first role by later role), then the pairs left out for want of a date. */
export const JOURNEY_CELLS = JOURNEY_ROLES.length * JOURNEY_ROLES.length * 2;

/**
 * Lowers each passing row's person to the row's day. Two workers' row ranges can share the
 * person at their boundary, so the lowering is an atomic compare-and-swap.
 */
export function lowerFirstDays(
  rows: Uint32Array,
  personIds: Int32Array,
  days: Int32Array | undefined,
  target: Int32Array,
): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    const person = personIds[row] as number;
    if (person < 0) continue;
    const raw = days === undefined ? NULL_DAY : (days[row] as number);
    const day = raw === NULL_DAY ? NO_FIRST_DAY : raw;
    let seen = Atomics.load(target, person);
    while (day < seen) {
      const was = Atomics.compareExchange(target, person, seen, day);
      if (was === seen) break;
      seen = was;
    }
  }
}

/**
 * For persons start..end, each pair of cohorts they are in: the one seen first is the row,
 * the other the column, within the window or later. A tie on the day reads in role order.
 * Slot JOURNEY_CELLS counts the pairs with no first day on one side (not counted).
 */
export function countJourneys(
  firsts: readonly Int32Array[],
  start: number,
  end: number,
  windowDays: number,
): Float64Array {
  const roles = JOURNEY_ROLES.length;
  const counts = new Float64Array(JOURNEY_CELLS + 1);
  const width = roles * 2;
  for (let p = start; p < end; p++) {
    for (let a = 0; a < roles; a++) {
      const da = firsts[a]?.[p] ?? NOT_IN_COHORT;
      if (da === NOT_IN_COHORT) continue;
      for (let b = a + 1; b < roles; b++) {
        const db = firsts[b]?.[p] ?? NOT_IN_COHORT;
        if (db === NOT_IN_COHORT) continue;
        if (da === NO_FIRST_DAY || db === NO_FIRST_DAY) {
          counts[JOURNEY_CELLS]!++;
          continue;
        }
        const [first, then, gap] = db < da ? [b, a, da - db] : [a, b, db - da];
        counts[first * width + journeyTargetIndex(then, gap > windowDays)]!++;
      }
    }
  }
  return counts;
}
