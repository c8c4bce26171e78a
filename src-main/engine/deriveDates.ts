// Derives the `month` (`2019-04`) and `financial_year` (`2019/20`) dimensions from a
// day-number column, with only the observed periods as categories, in time order.
import { UNKNOWN } from '../../shared/codebook.ts';
import { NULL_DAY, financialYearLabel, financialYearStart, monthIndexOfDays, monthLabel } from './dates.ts';
import type { RawDimension } from './packSnapshot.ts';

function periodDimension(
  name: string,
  days: Int32Array,
  periodOfDay: (day: number) => number,
  label: (period: number) => string,
): RawDimension {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as number;
    if (d === NULL_DAY) continue;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const hasDates = min <= max;
  const span = hasDates ? max - min + 1 : 0;
  const periodOf = new Int32Array(span);
  for (let d = 0; d < span; d++) periodOf[d] = periodOfDay(min + d);
  const firstPeriod = hasDates ? (periodOf[0] as number) : 0;
  const periodCount = hasDates ? (periodOf[span - 1] as number) - firstPeriod + 1 : 0;
  const seen = new Uint8Array(periodCount);
  let hasNull = false;
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as number;
    if (d === NULL_DAY) hasNull = true;
    else seen[(periodOf[d - min] as number) - firstPeriod] = 1;
  }
  const indexOfPeriod = new Int32Array(periodCount).fill(-1);
  const labels: string[] = [];
  for (let p = 0; p < periodCount; p++) {
    if (seen[p]) {
      indexOfPeriod[p] = labels.length;
      labels.push(label(firstPeriod + p));
    }
  }
  const unknownIndex = labels.length;
  if (hasNull) labels.push(UNKNOWN);
  const codes = labels.length <= 256 ? new Uint8Array(days.length) : new Uint16Array(days.length);
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as number;
    codes[i] = d === NULL_DAY ? unknownIndex : (indexOfPeriod[(periodOf[d - min] as number) - firstPeriod] as number);
  }
  return { name, kind: 'ordinal', open: true, labels, codes };
}

export function deriveMonth(days: Int32Array): RawDimension {
  return periodDimension('month', days, monthIndexOfDays, monthLabel);
}

export function deriveFinancialYear(days: Int32Array): RawDimension {
  return periodDimension('financial_year', days, (d) => financialYearStart(monthIndexOfDays(d)), financialYearLabel);
}
