// Repeat victimisation from the records: for each victim's record with a person and a date,
// the person's records within the rolling window ending at it (this one and those before it
// on an earlier day, or earlier in the extract on the same day); per person, the most in any
// window; and the days to the person's next record. A record without a person key or a date
// is in no window (No person key / Unknown) and counts in nobody's.
import { NEXT_VICTIMISATION_BANDS, VICTIMISATION_BANDS } from '../../../shared/codebook.ts';
import type { CohortSnapshot, DimensionColumn } from '../snapshot.ts';
import { finishColumn } from './derivedColumn.ts';
import { personDayOrder } from './personDayOrder.ts';

const YES = 0;
const NO = 1;

/** 1, 2, 3-4, 5+ as an index of VICTIMISATION_BANDS. */
export function victimisationBand(count: number): number {
  if (count <= 2) return count - 1;
  return count <= 4 ? 2 : 3;
}

/** Days to the next record as an index of NEXT_VICTIMISATION_BANDS; none within the window past the window. */
export function nextGapBand(gap: number, windowDays: number): number {
  if (!(gap < windowDays)) return 6;
  if (gap <= 7) return 0;
  if (gap <= 30) return 1;
  if (gap <= 90) return 2;
  if (gap <= 182) return 3;
  return gap <= 365 ? 4 : 5;
}

export function deriveRepeatVictimisation(snapshot: CohortSnapshot, windowDays: number): DimensionColumn[] {
  const date = snapshot.dates.date;
  if (date === undefined) return [];
  const n = snapshot.rowCount;
  const { personIds } = snapshot;
  const order = personDayOrder(personIds, date.days);
  const bands = VICTIMISATION_BANDS.length;
  const gaps = NEXT_VICTIMISATION_BANDS.length;
  const inWindow = new Uint16Array(n);
  const repeat = new Uint16Array(n);
  const nextGap = new Uint16Array(n);
  // Per person, the most records in one window; 0 while none is dated.
  const most = new Int32Array(Math.max(1, snapshot.personCount));
  for (let i = 0; i < n; i++) {
    const noKey = (personIds[i] as number) < 0;
    inWindow[i] = noKey ? bands : bands + 1;
    repeat[i] = noKey ? 2 : 3;
    nextGap[i] = noKey ? gaps : gaps + 1;
  }
  const { rows, days, persons } = order;
  let first = 0;
  while (first < rows.length) {
    const person = persons[first] as number;
    let end = first;
    while (end < rows.length && persons[end] === person) end++;
    let left = first;
    let best = 0;
    for (let k = first; k < end; k++) {
      const day = days[k] as number;
      while (day - (days[left] as number) >= windowDays) left++;
      const count = k - left + 1;
      if (count > best) best = count;
      const row = rows[k] as number;
      inWindow[row] = victimisationBand(count);
      repeat[row] = count > 1 ? YES : NO;
      nextGap[row] = nextGapBand(k + 1 < end ? (days[k + 1] as number) - day : Infinity, windowDays);
    }
    most[person] = best;
    first = end;
  }
  const personMost = new Uint16Array(n);
  const personRepeat = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const person = personIds[i] as number;
    const best = person < 0 ? -1 : (most[person] as number);
    personMost[i] = best < 0 ? bands : best === 0 ? bands + 1 : victimisationBand(best);
    personRepeat[i] = best < 0 ? 2 : best === 0 ? 3 : best > 1 ? YES : NO;
  }
  const flag = (name: string, codes: Uint16Array) =>
    finishColumn({ name, kind: 'flag', open: false, labels: ['Yes', 'No'], codes });
  const ordinal = (name: string, labels: readonly string[], codes: Uint16Array) =>
    finishColumn({ name, kind: 'ordinal', open: false, labels, codes });
  return [
    ordinal('repeat_in_window', VICTIMISATION_BANDS, inWindow),
    flag('repeat_record', repeat),
    ordinal('repeat_person_most', VICTIMISATION_BANDS, personMost),
    flag('repeat_person', personRepeat),
    ordinal('repeat_next_gap', NEXT_VICTIMISATION_BANDS, nextGap),
  ];
}
