// Which suspects' records time to outcome counts: an offence date and an outcome date on or
// after it. As a flag, the records behind a time-to-outcome table are an ordinary filtered
// table of suspects, so a release protects them together with every other suspects table.
import { FLAG_CATEGORIES } from '../../../shared/codebook.ts';
import { NULL_DAY } from '../dates.ts';
import type { CohortSnapshot, DimensionColumn } from '../snapshot.ts';
import { finishColumn } from './derivedColumn.ts';

const YES = 0;
const NO = 1;

/** True when time to outcome counts the record: the same test as its table's. */
export function isTimed(from: number, to: number): boolean {
  return from !== NULL_DAY && to !== NULL_DAY && to >= from;
}

export function deriveOutcomeTimed(snapshot: CohortSnapshot): DimensionColumn[] {
  const offence = snapshot.dates.date?.days;
  const outcome = snapshot.dates.outcome_date?.days;
  const codes = new Uint8Array(snapshot.rowCount).fill(NO);
  if (offence && outcome) {
    for (let i = 0; i < codes.length; i++) if (isTimed(offence[i] as number, outcome[i] as number)) codes[i] = YES;
  }
  return [finishColumn({ name: 'outcome_timed', kind: 'flag', open: false, labels: FLAG_CATEGORIES, codes })];
}
