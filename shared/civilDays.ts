// Dates as whole days since 1970-01-01, read from ISO text: shared by the store (which reads
// stored dates straight into day numbers) and the engine (which compares them in its kernels).

/** A missing date: below every real date, so any date range rejects it. */
export const NULL_DAY = -2147483648;

/** Days since the epoch of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `YYYY-MM-DD` (anything after the tenth character ignored) to days, or NULL_DAY. */
export function isoToDays(iso: string | null | undefined): number {
  if (typeof iso !== 'string' || iso.length < 10) return NULL_DAY;
  return isoDaysAt(iso, 0);
}

/**
 * The days of the ten characters of `text` from `at` read as `YYYY-MM-DD`, or NULL_DAY: as
 * isoToDays of that slice, without making the slice (the store reads a million dates packed
 * in one string).
 */
export function isoDaysAt(text: string, at: number): number {
  const year = digits(text, at, 4);
  const month = digits(text, at + 5, 2);
  const day = digits(text, at + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return NULL_DAY;
  return daysFromCivil(year, month, day);
}

function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}
