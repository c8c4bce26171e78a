// Repeat victimisation from the records: for each victim's record with a person and a date,
// the person's records within the rolling window ending at it (this one and those before it
// on an earlier day, or earlier in the extract on the same day); per person, the most in any
// window; and the days to the person's next record. A record without a person key or a date
// is in no window (No person key / Unknown) and counts in nobody's.
import { NEXT_VICTIMISATION_BANDS, VICTIMISATION_BANDS } from '../../../shared/codebook.ts';
import type { CodeArray, CohortSnapshot, DimensionColumn } from '../snapshot.ts';
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

/** The repeat victimisation fields, in the order their codes are made. */
export const REPEAT_FIELDS: readonly { name: string; kind: 'flag' | 'ordinal'; labels: readonly string[] }[] = [
  { name: 'repeat_in_window', kind: 'ordinal', labels: VICTIMISATION_BANDS },
  { name: 'repeat_record', kind: 'flag', labels: ['Yes', 'No'] },
  { name: 'repeat_person_most', kind: 'ordinal', labels: VICTIMISATION_BANDS },
  { name: 'repeat_person', kind: 'flag', labels: ['Yes', 'No'] },
  { name: 'repeat_next_gap', kind: 'ordinal', labels: NEXT_VICTIMISATION_BANDS },
];

/**
 * The draft codes (finishColumn's) of REPEAT_FIELDS for the rows [start, end), which must
 * hold whole persons (a query worker's range does): index `row - start`.
 */
export function repeatDraftCodes(
  personIds: Int32Array,
  dates: Int32Array,
  personCount: number,
  windowDays: number,
  start = 0,
  end = personIds.length,
): Uint16Array[] {
  const n = end - start;
  const ids = personIds.subarray(start, end);
  const order = personDayOrder(ids, dates.subarray(start, end));
  const bands = VICTIMISATION_BANDS.length;
  const gaps = NEXT_VICTIMISATION_BANDS.length;
  const inWindow = new Uint16Array(n);
  const repeat = new Uint16Array(n);
  const nextGap = new Uint16Array(n);
  // Per person, the most records in one window; 0 while none is dated.
  const most = new Int32Array(Math.max(1, personCount));
  for (let i = 0; i < n; i++) {
    const noKey = (ids[i] as number) < 0;
    inWindow[i] = noKey ? bands : bands + 1;
    repeat[i] = noKey ? 2 : 3;
    nextGap[i] = noKey ? gaps : gaps + 1;
  }
  const { rows, days, persons } = order;
  let first = 0;
  while (first < rows.length) {
    const person = persons[first] as number;
    let last = first;
    while (last < rows.length && persons[last] === person) last++;
    let left = first;
    let best = 0;
    for (let k = first; k < last; k++) {
      const day = days[k] as number;
      while (day - (days[left] as number) >= windowDays) left++;
      const count = k - left + 1;
      if (count > best) best = count;
      const row = rows[k] as number;
      inWindow[row] = victimisationBand(count);
      repeat[row] = count > 1 ? YES : NO;
      nextGap[row] = nextGapBand(k + 1 < last ? (days[k + 1] as number) - day : Infinity, windowDays);
    }
    most[person] = best;
    first = last;
  }
  const personMost = new Uint16Array(n);
  const personRepeat = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const person = ids[i] as number;
    const best = person < 0 ? -1 : (most[person] as number);
    personMost[i] = best < 0 ? bands : best === 0 ? bands + 1 : victimisationBand(best);
    personRepeat[i] = best < 0 ? 2 : best === 0 ? 3 : best > 1 ? YES : NO;
  }
  return [inWindow, repeat, personMost, personRepeat, nextGap];
}

export function deriveRepeatVictimisation(snapshot: CohortSnapshot, windowDays: number): DimensionColumn[] {
  const date = snapshot.dates.date;
  if (date === undefined) return [];
  const codes = repeatDraftCodes(snapshot.personIds, date.days, snapshot.personCount, windowDays);
  return REPEAT_FIELDS.map((field, k) => finishColumn({ ...field, open: false, codes: codes[k] as Uint16Array }));
}

/**
 * Another window's fields for the rows [start, end) of the snapshot (a query worker's), written
 * into the shared `columns` through each field's map from draft codes to its labels.
 */
export function fillRepeatColumns(
  snapshot: CohortSnapshot,
  windowDays: number,
  start: number,
  end: number,
  columns: readonly CodeArray[],
  remaps: readonly Uint16Array[],
): void {
  const date = snapshot.dates.date;
  if (date === undefined) return;
  const drafts = repeatDraftCodes(snapshot.personIds, date.days, snapshot.personCount, windowDays, start, end);
  drafts.forEach((draft, k) => {
    const out = columns[k] as CodeArray;
    const remap = remaps[k] as Uint16Array;
    for (let i = 0; i < draft.length; i++) out[start + i] = remap[draft[i] as number] as number;
  });
}
