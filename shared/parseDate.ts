// Dates as extracts write them, to ISO `YYYY-MM-DD`: UK `dd/mm/yyyy` (also with `-` or `.`,
// two-digit years, a time after it), ISO (with a time), `12-Jan-2021` or `12 January 2021`,
// and Excel serial day numbers (text from a CSV, or numbers from a workbook). Day-first
// is assumed (these are UK extracts) unless the analyst says month-first. A timestamp with an
// offset or `Z` is an instant: its date is the date in Europe/London (British Summer Time from
// 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October), so
// `2019-08-31T23:30:00+00:00` is 1 September. Returns null for anything else, and for days
// that do not exist (31/02/2021).
const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** Serials from 1 Jan 1900 to 31 Dec 2099; anything else is not a date. */
const MIN_SERIAL = 1;
const MAX_SERIAL = 73050;

const UK = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;
const NAMED = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{2}|\d{4})$/;
const SERIAL = /^\d{1,5}(?:\.\d+)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Two-digit years: up to the current year's two digits are this century, the rest the last. */
function fullYear(text: string, nowYear: number): number {
  const y = Number(text);
  if (text.length === 4) return y;
  return y <= nowYear % 100 ? 2000 + y : 1900 + y;
}

/** Which way round day and month are written in `12/03/2021`. */
export type DateOrder = 'dmy' | 'mdy';

/** The last Sunday of a month (1-12) of a year, as a UTC day of the month. */
function lastSunday(year: number, month: number): number {
  const last = daysIn(year, month);
  return last - new Date(Date.UTC(year, month - 1, last)).getUTCDay();
}

/** Whether an instant (ms since the epoch) falls in British Summer Time. */
export function inBritishSummerTime(ms: number): boolean {
  const year = new Date(ms).getUTCFullYear();
  const start = Date.UTC(year, 2, lastSunday(year, 3), 1);
  const end = Date.UTC(year, 9, lastSunday(year, 10), 1);
  return ms >= start && ms < end;
}

/** The Europe/London date of an ISO timestamp with an offset (groups of the ISO pattern). */
function londonDate(m: RegExpExecArray): string | null {
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (iso(year, month, day) === null) return null;
  const hours = Number(m[4]);
  const minutes = Number(m[5]);
  const seconds = Number(m[6] ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const sign = m[8] === '-' ? -1 : 1;
  const offset = m[7] === 'Z' ? 0 : sign * (Number(m[9]) * 60 + Number(m[10]));
  const utc = Date.UTC(year, month - 1, day, hours, minutes, seconds) - offset * 60_000;
  const local = utc + (inBritishSummerTime(utc) ? 3_600_000 : 0);
  return new Date(local).toISOString().slice(0, 10);
}

/**
 * Which orders a `12/03/2021`-shaped value fits: only day-first (`dmy`), only month-first
 * (`mdy`), `either`, or `neither`; null for values of another shape.
 */
export function dayMonthFit(raw: string): DateOrder | 'either' | 'neither' | null {
  const m = UK.exec(raw.trim());
  if (!m) return null;
  const year = fullYear(m[3] as string, new Date().getUTCFullYear());
  const dmy = iso(year, Number(m[2]), Number(m[1])) !== null;
  const mdy = iso(year, Number(m[1]), Number(m[2])) !== null;
  if (dmy && mdy) return 'either';
  return dmy ? 'dmy' : mdy ? 'mdy' : 'neither';
}

export function parseDate(raw: string, nowYear = new Date().getUTCFullYear(), order: DateOrder = 'dmy'): string | null {
  const text = raw.trim();
  if (text === '') return null;
  let m = ISO.exec(text);
  if (m) return m[7] === undefined ? iso(Number(m[1]), Number(m[2]), Number(m[3])) : londonDate(m);
  m = UK.exec(text);
  if (m) {
    const [first, second] = [Number(m[1]), Number(m[2])];
    const year = fullYear(m[3] as string, nowYear);
    return order === 'dmy' ? iso(year, second, first) : iso(year, first, second);
  }
  m = NAMED.exec(text);
  if (m) {
    const month = MONTHS[(m[2] as string).toLowerCase().slice(0, 3)];
    return month ? iso(fullYear(m[3] as string, nowYear), month, Number(m[1])) : null;
  }
  if (SERIAL.test(text)) {
    const serial = Math.floor(Number(text));
    if (serial < MIN_SERIAL || serial > MAX_SERIAL) return null;
    return new Date(EXCEL_EPOCH_MS + serial * 86_400_000).toISOString().slice(0, 10);
  }
  return null;
}

/** Whole years between a birth date and a date (both ISO). */
export function ageOn(birthIso: string, onIso: string): number {
  const years = Number(onIso.slice(0, 4)) - Number(birthIso.slice(0, 4));
  return onIso.slice(5) < birthIso.slice(5) ? years - 1 : years;
}
