// The fast path of reading a cohort table: SQLite packs each run of rows into two strings
// (group_concat), one character per category code or flag and two per person id, and ten
// per date, and this side unpacks them with charCodeAt. better-sqlite3 builds a JavaScript
// array and a number per value otherwise; at a million rows of twenty columns that costs
// over a second, while SQLCipher's own decryption of every page takes about 0.15 s.
//
// Exactness: every value that the general row-by-row reader (loadSnapshot) would read in any
// other way is packed as a sentinel: a NULL is its own character, but a code that is not an
// integer from 0 to MAX_CODE (text, a real, a negative or a huge number), a person id of
// 2^30 or more, or a date text of other than ten plain characters makes this return null,
// and the caller reads the table the general way. Both strings of a run come from the same
// scan, so their rows line up whatever order SQLite visits them in.
import type { CipherDatabase } from './cipherDatabase.ts';

/** Category codes up to this are packed as one character (code + 2, below the surrogates). */
const MAX_CODE = 54_999;
const CODE_SENTINEL = 55_295;
const CODE_NULL = 1;
/** Person ids are packed as two 15-bit characters (id + 1, 0 for NULL). */
const PERSON_LIMIT = (1 << 30) - 2;
const PERSON_SENTINEL = (1 << 30) - 1;
const DATE_CHARS = 10;
const NO_DATE = ' '.repeat(DATE_CHARS);
/** Rowids per run: long enough to amortise the statement, short enough to keep the strings small. */
const RUN = 65_536;

export type PackedTarget =
  | { kind: 'code'; name: string; values: Int32Array; nullValue: number }
  | { kind: 'flag'; name: string; values: Uint8Array }
  | { kind: 'date'; name: string; days: Int32Array; parse: (iso: string) => number };

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function codeExpression(name: string): string {
  const c = quoted(name);
  // Text and blobs sort above every number in SQLite, so BETWEEN lets only numbers through; a
  // real such as 1.5 packs as char(3.5), that is code 1, as the general reader's Int32Array
  // stores it.
  return `CASE WHEN ${c} BETWEEN 0 AND ${MAX_CODE} THEN ${c} + 2 WHEN ${c} IS NULL THEN ${CODE_NULL} ELSE ${CODE_SENTINEL} END`;
}

/**
 * Reads `person_id` into `personIds` (-1 for NULL) and every target, rows in rowid order
 * between `lo` and `hi`; the number of rows read, or null when a value needs the general reader.
 */
export function readPacked(
  db: CipherDatabase,
  table: string,
  span: { lo: number; hi: number },
  personIds: Int32Array,
  targets: readonly PackedTarget[],
): number | null {
  const codes = targets.filter((t) => t.kind !== 'date');
  const dates = targets.filter((t): t is Extract<PackedTarget, { kind: 'date' }> => t.kind === 'date');
  const person = `(CASE WHEN typeof(person_id) = 'integer' AND person_id BETWEEN 0 AND ${PERSON_LIMIT} THEN person_id + 1 WHEN person_id IS NULL THEN 0 ELSE ${PERSON_SENTINEL} END)`;
  // (person ids must be integers: a real id would otherwise be cut to a different person.)
  const rowChars = `char((${person} >> 15) + 1, (${person} & 32767) + 1${codes.map((t) => `, ${codeExpression(t.name)}`).join('')})`;
  const dateChars = dates.map(
    (t) =>
      `group_concat(CASE WHEN typeof(${quoted(t.name)}) = 'text' AND length(${quoted(t.name)}) >= ${DATE_CHARS} THEN substr(${quoted(t.name)}, 1, ${DATE_CHARS}) ELSE '${NO_DATE}' END, '')`,
  );
  const statement = db
    .prepare(
      `SELECT group_concat(${rowChars}, '')${dateChars.map((d) => `, ${d}`).join('')} FROM ${table} WHERE id >= ? AND id < ?`,
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
      const target = codes[k] as PackedTarget;
      for (let r = 0, at = 2 + k; r < rows; r++, at += width) {
        const ch = packed.charCodeAt(at);
        if (ch === CODE_SENTINEL) return null;
        if (target.kind === 'code') target.values[i + r] = ch === CODE_NULL ? target.nullValue : ch - 2;
        else if (target.kind === 'flag') target.values[i + r] = ch === CODE_NULL ? 2 : ch === 2 ? 0 : 1;
      }
    }
    for (let k = 0; k < dates.length; k++) {
      const text = dateTexts[k] ?? '';
      if (text.length !== rows * DATE_CHARS) return null;
      const target = dates[k] as Extract<PackedTarget, { kind: 'date' }>;
      for (let r = 0; r < rows; r++)
        target.days[i + r] = target.parse(text.slice(r * DATE_CHARS, (r + 1) * DATE_CHARS));
    }
    i += rows;
  }
  return i;
}
