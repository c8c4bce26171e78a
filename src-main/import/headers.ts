// Header cells as the mapping sees them: trimmed, never empty, never repeated (a second
// "Age" becomes "Age (2)"), so a column can always be named unambiguously.
export function uniqueHeaders(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const base = cell.replace(/^\uFEFF/, '').trim() || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** The kind of a cell as far as telling a header from data goes. */
function cellKind(value: string): string {
  if (/^-?\d+(\.\d+)?$/.test(value)) return 'a number';
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return 'a month';
  if (/^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?.*)?$/.test(value)) return 'a date';
  if (/^[EWSN]\d{8}$/i.test(value)) return 'an ONS code';
  if (/^[0-9a-f]{32,}$/i.test(value)) return 'an identifier';
  return 'text';
}

/** Below this share of a column's values, a kind is not the column's. */
const KIND_SHARE = 0.8;
const SAMPLE_ROWS = 200;

/**
 * Why the first line of a file looks like data rather than a header, or null when it reads as a
 * header. Evidence, per column: the first cell is a number, month, date, ONS code or identifier,
 * as the column's values below it are (a header names its column in words); or the first cell is
 * one of the values below it. Two pieces of evidence (one in a one-column file) make it data, as
 * does one when the file has the width of `known` (an existing dataset's columns) and none of
 * their names. A first line equal to `known` is a header.
 */
export function firstLineLooksLikeData(
  first: readonly string[],
  below: ReadonlyArray<readonly string[]>,
  known?: readonly string[],
): string | null {
  const cells = first.map((c) => c.replace(/^\uFEFF/, '').trim());
  const lower = new Set((known ?? []).map((k) => k.trim().toLowerCase()));
  if (known && cells.length === known.length && cells.every((c) => lower.has(c.toLowerCase()))) return null;
  const sample = below.slice(0, SAMPLE_ROWS);
  const evidence: string[] = [];
  cells.forEach((cell, i) => {
    if (cell === '') return;
    const values = sample.map((r) => (r[i] ?? '').trim()).filter((v) => v !== '');
    if (values.length === 0) return;
    const kind = cellKind(cell);
    if (kind !== 'text' && values.filter((v) => cellKind(v) === kind).length >= KIND_SHARE * values.length) {
      evidence.push(`“${cell}” in column ${i + 1} is ${kind}, as the values below it are`);
    } else if (values.includes(cell)) evidence.push(`“${cell}” in column ${i + 1} is one of the values below it`);
  });
  const filled = cells.filter((c) => c !== '').length;
  const knownWidth =
    known !== undefined && cells.length === known.length && !cells.some((c) => lower.has(c.toLowerCase()));
  const needed = knownWidth ? 1 : Math.min(2, filled);
  if (evidence.length === 0 || evidence.length < needed) return null;
  return evidence.slice(0, 3).join('; ');
}

/** Column names for a file without a header line: the given ones, else Column 1, Column 2, ... */
export function positionalHeaders(width: number, names?: readonly string[]): string[] {
  return Array.from({ length: width }, (_, i) => names?.[i] ?? `Column ${i + 1}`);
}
