// Dates as whole days since 1970-01-01 (Int32), so date filters compare integers in the
// hot loop; and the derived `month` and `financial_year` labels of a day.

import { NULL_DAY } from '../../shared/civilDays.ts';

export { NULL_DAY, daysFromCivil, isoDaysAt, isoToDays } from '../../shared/civilDays.ts';

/** Year and month (1-12) of a day number (civil_from_days). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysToIso(days: number): string | null {
  if (days === NULL_DAY) return null;
  const { year, month, day } = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A month as one integer (year * 12 + month - 1), which sorts chronologically. */
export function monthIndexOfDays(days: number): number {
  const { year, month } = civilFromDays(days);
  return year * 12 + month - 1;
}

export function monthLabel(monthIndex: number): string {
  const year = Math.floor(monthIndex / 12);
  return `${String(year).padStart(4, '0')}-${String((monthIndex % 12) + 1).padStart(2, '0')}`;
}

/** The financial year (April to March) of a month index, as its starting year. */
export function financialYearStart(monthIndex: number): number {
  const year = Math.floor(monthIndex / 12);
  return monthIndex % 12 >= 3 ? year : year - 1;
}

export function financialYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}
