// Dates as extracts write them, to ISO `YYYY-MM-DD`: UK `dd/mm/yyyy` (also with `-` or `.`,
// two-digit years, a time after it), ISO (with a time), `12-Jan-2021` or `12 January 2021`,
// and Excel serial day numbers (text from a CSV, or numbers from a workbook). Day-first
// is assumed: these are UK extracts. Returns null for anything else, and for days that do
// not exist (31/02/2021).
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
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
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

export function parseDate(raw: string, nowYear = new Date().getUTCFullYear()): string | null {
  const text = raw.trim();
  if (text === '') return null;
  let m = ISO.exec(text);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = UK.exec(text);
  if (m) return iso(fullYear(m[3] as string, nowYear), Number(m[2]), Number(m[1]));
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
