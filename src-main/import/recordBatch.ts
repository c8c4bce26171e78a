// Records as byte ranges of UTF-8 text, a batch at a time: how rows reach the import
// pipeline. A million rows of twenty cells would otherwise be twenty million strings, each
// made, hashed for its lookup and collected; here a cell is two integers into the chunk it was
// read from, and only values seen for the first time (or kept with a rejected row) become text.
import type { ControlByte, RecordBatch, SourceRow } from './sourceTypes.ts';

export type { ControlByte, RecordBatch } from './sourceTypes.ts';

// Control bytes are what this looks for.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;

/** The first control byte of a record's cells, or undefined. */
export function controlByteOf(cells: readonly string[], line: number): ControlByte | undefined {
  for (let i = 0; i < cells.length; i++) {
    const m = CONTROL.exec(cells[i] as string);
    if (m) return { line, column: i + 1, byte: m[0].charCodeAt(0) };
  }
  return undefined;
}

/** What a control byte does to its record, in the analyst's terms. */
export function controlByteReason(control: ControlByte): string {
  const hex = control.byte.toString(16).toUpperCase().padStart(2, '0');
  return `a control byte (0x${hex}${control.byte === 0 ? ', NUL' : ''}) in field ${control.column}: the record is damaged`;
}

/** The rows a file of `bytesTotal` bytes likely holds, from the bytes its first batch spans (0 when unknown). */
export function estimatedRows(batch: RecordBatch, bytesTotal: number): number {
  const fields = batch.firstField[batch.count] as number;
  if (batch.count === 0 || fields === 0) return 0;
  const span = (batch.fields[2 * fields - 1] as number) - (batch.fields[0] as number);
  return span > 0 ? Math.ceil((bytesTotal / span) * batch.count) : 0;
}

/** The text of field `f` (an index into the batch's fields). */
export function fieldText(batch: RecordBatch, f: number): string {
  return batch.bytes.toString('utf8', batch.fields[2 * f] as number, batch.fields[2 * f + 1] as number);
}

/** The cells of record `r` as text. */
export function recordCells(batch: RecordBatch, r: number): string[] {
  const first = batch.firstField[r] as number;
  const cells = new Array<string>((batch.firstField[r + 1] as number) - first);
  for (let i = 0; i < cells.length; i++) cells[i] = fieldText(batch, first + i);
  return cells;
}

/** The batch as rows of text (for callers that want cells as strings). */
export function rowsOfBatch(batch: RecordBatch): SourceRow[] {
  const rows = new Array<SourceRow>(batch.count);
  for (let r = 0; r < batch.count; r++) rows[r] = { cells: recordCells(batch, r), line: batch.lines[r] as number };
  if (batch.controls) {
    const byLine = new Map(batch.controls.map((c) => [c.line, c]));
    for (const row of rows) {
      const control = byLine.get(row.line);
      if (control) row.control = control;
    }
  }
  return rows;
}

/** Rows of text as a batch (the XLSX reader's rows, or a CSV read by the fallback parser). */
export function batchOfRows(rows: readonly SourceRow[]): RecordBatch {
  let fieldCount = 0;
  let byteCount = 0;
  for (const row of rows) {
    fieldCount += row.cells.length;
    for (const cell of row.cells) byteCount += Buffer.byteLength(cell, 'utf8');
  }
  const bytes = Buffer.allocUnsafe(byteCount);
  const fields = new Int32Array(2 * fieldCount);
  const firstField = new Int32Array(rows.length + 1);
  const lines = new Int32Array(rows.length);
  let at = 0;
  let f = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as SourceRow;
    firstField[r] = f;
    lines[r] = row.line;
    for (const cell of row.cells) {
      fields[2 * f] = at;
      at += bytes.write(cell, at, 'utf8');
      fields[2 * f + 1] = at;
      f++;
    }
  }
  firstField[rows.length] = f;
  return { bytes, count: rows.length, fields, firstField, lines };
}
