// Accepted rows as they cross from the import worker to the thread that writes them: one
// Int32Array per batch (row-major, a cell a slot) instead of a million row arrays, so the
// batch moves between threads without copying and the writer allocates nothing per row.
// Every value the validator produces fits in 32 bits: category codes and flags as they are,
// the date as the number YYYYMMDD (the writer turns it back into ISO text), the person as an
// index into the import's new persons. NULL_CELL stands for SQL NULL.
import type { CellValue } from './cellValue.ts';

export const NULL_CELL = -0x80000000;

/** How a table column's values are encoded: integers (dates as YYYYMMDD among them), or person indexes. */
export type CellEncoding = 'int' | 'person';

export interface EncodedRows {
  count: number;
  width: number;
  /** The source row (as the analyst numbers it) of each row. */
  lines: Int32Array;
  /** `count * width` cells. */
  values: Int32Array;
}

/** An ISO date as the store keeps it. */
export const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYYMMDD of an ISO date (the date as it travels and is hashed). */
export function dateNumber(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`"${iso}" is not an ISO date`);
  return Number(m[1]) * 10_000 + Number(m[2]) * 100 + Number(m[3]);
}

/** YYYYMMDD back to ISO text, each distinct date built once (an extract has a few thousand). */
export class DateTexts {
  private readonly texts = new Map<number, string>();

  text(value: number): string {
    let text = this.texts.get(value);
    if (text === undefined) {
      const year = Math.floor(value / 10_000);
      const month = Math.floor(value / 100) % 100;
      const day = value % 100;
      text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      this.texts.set(value, text);
    }
    return text;
  }
}

/** Collects validated rows into an EncodedRows batch. */
export class RowEncoder {
  private lines: Int32Array;
  private values: Int32Array;
  private count = 0;
  readonly width: number;

  constructor(
    private readonly encodings: readonly CellEncoding[],
    private capacity = 1024,
  ) {
    this.width = encodings.length;
    this.lines = new Int32Array(capacity);
    this.values = new Int32Array(capacity * this.width);
  }

  get size(): number {
    return this.count;
  }

  /** `out` holds the validator's values; the person column's value is `personIndex` (or null). */
  add(line: number, out: readonly CellValue[], personIndex: number | null): void {
    if (this.count === this.capacity) this.grow();
    const width = this.width;
    let at = this.count * width;
    for (let c = 0; c < width; c++) {
      const encoding = this.encodings[c];
      const value = encoding === 'person' ? personIndex : out[c];
      if (value === null || value === undefined) this.values[at++] = NULL_CELL;
      else if (typeof value === 'number' && Number.isInteger(value) && value > NULL_CELL && value <= 0x7fffffff)
        this.values[at++] = value;
      else throw new Error(`the value ${JSON.stringify(value)} cannot be stored in this column`);
    }
    this.lines[this.count++] = line;
  }

  /** The rows collected so far (the encoder starts a new batch). */
  take(): EncodedRows {
    const rows: EncodedRows = {
      count: this.count,
      width: this.width,
      lines: this.lines.slice(0, this.count),
      values: this.values.slice(0, this.count * this.width),
    };
    this.count = 0;
    return rows;
  }

  private grow(): void {
    this.capacity *= 2;
    const lines = new Int32Array(this.capacity);
    lines.set(this.lines);
    const values = new Int32Array(this.capacity * this.width);
    values.set(this.values);
    this.lines = lines;
    this.values = values;
  }
}
