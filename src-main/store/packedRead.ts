// The fast path of reading a cohort table: SQLite packs each run of rows into two strings
// (group_concat), one character per category code or flag and two per person id, and ten
// per date, and this side unpacks them with charCodeAt straight into the columns' typed
// arrays (dates parsed where they lie in the string, no string per row). better-sqlite3
// builds a JavaScript array and a number per value otherwise; at a million rows of twenty
// columns that costs over a second, while SQLCipher's own decryption of every page takes
// about 0.15 s.
//
// Exactness: every value that the general row-by-row reader (cohortColumns.ts) would read in
// any other way is packed as a sentinel: a NULL is its own character, but a code that is not
// an integer from 0 to its column's largest code (text, a real, a negative or a huge number),
// a person id of 2^30 or more, or a date text of other than ten plain characters makes this
// return null, and the caller reads the table the general way. Both strings of a run come
// from the same scan, so their rows line up whatever order SQLite visits them in.
import { isoDaysAt } from '../../shared/civilDays.ts';
import type { CipherDatabase } from './cipherDatabase.ts';
import type { StoredCodeColumn, StoredColumn, StoredDateColumn, StoredFlagColumn } from './storedColumns.ts';

/** Category codes up to this are packed as one character (code + 2, below the surrogates). */
export const MAX_PACKED_CODE = 54_999;
const CODE_SENTINEL = 55_295;
const CODE_NULL = 1;
/** Person ids are packed as two 15-bit characters (id + 1, 0 for NULL). */
const PERSON_LIMIT = (1 << 30) - 2;
const PERSON_SENTINEL = (1 << 30) - 1;
const DATE_CHARS = 10;
const NO_DATE = ' '.repeat(DATE_CHARS);
/**
 * Rowids per run: long enough to amortise the statement, short enough to keep the strings
 * small (each run's strings are garbage once unpacked; at 65,536 rows they held the peak of a
 * 1M-record load about 20 MiB higher, for no time gained).
 */
const RUN = 16_384;

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Whether every column can be packed (numbers cannot, nor codes above one character). */
export function packable(columns: readonly StoredColumn[]): boolean {
  return columns.every(
    (c) => c.kind === 'flag' || c.kind === 'date' || (c.kind === 'code' && c.nullCode - 1 <= MAX_PACKED_CODE),
  );
}

function codeExpression(name: string, largest: number): string {
  const c = quoted(name);
  // Text and blobs sort above every number in SQLite, so BETWEEN lets only numbers through; a
  // real such as 1.5 packs as char(3.5), that is code 1, as the general reader truncates it.
  return `CASE WHEN ${c} BETWEEN 0 AND ${largest} THEN ${c} + 2 WHEN ${c} IS NULL THEN ${CODE_NULL} ELSE ${CODE_SENTINEL} END`;
}

function unpackCodes(
  packed: string,
  at: number,
  width: number,
  rows: number,
  into: number,
  target: StoredCodeColumn,
): boolean {
  const { codes, seen, nullCode } = target;
  for (let r = 0; r < rows; r++, at += width) {
    const ch = packed.charCodeAt(at);
    if (ch === CODE_SENTINEL) return false;
    const code = ch === CODE_NULL ? nullCode : ch - 2;
    codes[into + r] = code;
    seen[code] = 1;
  }
  return true;
}

function unpackFlags(
  packed: string,
  at: number,
  width: number,
  rows: number,
  into: number,
  target: StoredFlagColumn,
): boolean {
  const values = target.values;
  for (let r = 0; r < rows; r++, at += width) {
    const ch = packed.charCodeAt(at);
    if (ch === CODE_SENTINEL) return false;
    if (ch === CODE_NULL) {
      values[into + r] = 2;
      target.hasNull = true;
    } else values[into + r] = ch === 2 ? 0 : 1;
  }
  return true;
}

/**
 * Reads `person_id` into `personIds` (-1 for NULL) and every column (none a number), rows in
 * rowid order between `lo` and `hi`; the number of rows read, or null when a value needs the
 * general reader (the columns then hold part of the table).
 */
export function readPacked(
  db: CipherDatabase,
  table: string,
  span: { lo: number; hi: number },
  personIds: Int32Array,
  columns: readonly StoredColumn[],
  persons = true,
): number | null {
  const codes = columns.filter((c): c is StoredCodeColumn | StoredFlagColumn => c.kind === 'code' || c.kind === 'flag');
  const dates = columns.filter((c): c is StoredDateColumn => c.kind === 'date');
  if (codes.length + dates.length !== columns.length) return null;
  const person = persons
    ? `(CASE WHEN typeof(person_id) = 'integer' AND person_id BETWEEN 0 AND ${PERSON_LIMIT} THEN person_id + 1 WHEN person_id IS NULL THEN 0 ELSE ${PERSON_SENTINEL} END)`
    : '0';
  // (person ids must be integers: a real id would otherwise be cut to a different person.)
  const codeChars = codes.map((c) => codeExpression(c.name, c.kind === 'code' ? c.nullCode - 1 : MAX_PACKED_CODE));
  const rowChars = `char((${person} >> 15) + 1, (${person} & 32767) + 1${codeChars.map((e) => `, ${e}`).join('')})`;
  const dateChars = dates.map(
    (t) =>
      `group_concat(CASE WHEN typeof(${quoted(t.name)}) = 'text' AND length(${quoted(t.name)}) >= ${DATE_CHARS} THEN substr(${quoted(t.name)}, 1, ${DATE_CHARS}) ELSE '${NO_DATE}' END, '')`,
  );
  const statement = db
    .prepare(
      `SELECT group_concat(${rowChars}, '')${dateChars.map((d) => `, ${d}`).join('')} FROM ${quoted(table)} WHERE id >= ? AND id < ?`,
    )
    .raw(true);
  const width = 2 + codes.length;
  let i = 0;
  for (let from = span.lo; from <= span.hi; from += RUN) {
    const [packed, ...dateTexts] = statement.get(from, from + RUN) as [string | null, ...(string | null)[]];
    if (packed === null) continue;
    const rows = packed.length / width;
    if (!Number.isInteger(rows) || i + rows > personIds.length) return null;
    for (let r = 0, at = 0; r < rows; r++, at += width) {
      const p = ((packed.charCodeAt(at) - 1) << 15) | (packed.charCodeAt(at + 1) - 1);
      if (p === PERSON_SENTINEL) return null;
      personIds[i + r] = p - 1;
    }
    for (let k = 0; k < codes.length; k++) {
      const target = codes[k] as StoredCodeColumn | StoredFlagColumn;
      const read =
        target.kind === 'code'
          ? unpackCodes(packed, 2 + k, width, rows, i, target)
          : unpackFlags(packed, 2 + k, width, rows, i, target);
      if (!read) return null;
    }
    for (let k = 0; k < dates.length; k++) {
      const text = dateTexts[k] ?? '';
      if (text.length !== rows * DATE_CHARS) return null;
      const days = (dates[k] as StoredDateColumn).days;
      for (let r = 0; r < rows; r++) days[i + r] = isoDaysAt(text, r * DATE_CHARS);
    }
    i += rows;
  }
  return i;
}
