// CSV bytes to records of byte ranges (recordBatch.ts), a chunk at a time, for UTF-8 text.
// It reads what papaparse reads, the same way, for the text real extracts are made of: fields
// unquoted (a quote inside one is text), or quoted with "" for a quote and the closing quote
// followed by a delimiter, a line ending or the end of the file. A line ends at LF, CR LF or a
// lone CR, mixed as they may be in one file. Empty lines are skipped. A record holding a
// control byte (a NUL in a corrupt field) is read and marked (`controls`), for its row to be
// rejected rather than the file refused.
// Anything else (a closing quote followed by other text, a quote never closed, a record far
// too long) it does not guess at: it stops at the start of that record and hands the bytes
// from there on back (`rest`), and the reader parses the rest of the file with papaparse
// (csvRecords.ts), whose recovery and errors then apply exactly as before.
import type { ControlByte, RecordBatch } from './recordBatch.ts';

/** The longest record accepted: beyond it the file is not a sane extract (binary, or a quote never closed). */
export const MAX_RECORD_CHARS = 1_000_000;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export interface Tokenized {
  /** The records completed so far, numbered from the first record of the file (line 1). */
  batch: RecordBatch;
  /** The bytes from the first record the tokenizer does not read on; nothing more comes from it. */
  rest?: Buffer;
}

/** How a scan of a buffer ended. */
const enum Stop {
  /** Every record was read. */
  Done,
  /** The last record is unfinished: its bytes wait for the next chunk. */
  Unfinished,
  /** A record papaparse must read: the rest goes to it. */
  Irregular,
}

/** What `scan` leaves behind (module state: one scan runs at a time, and nothing is allocated per call). */
const scanned = { records: 0, fields: 0, pos: 0, lines: 0, stop: Stop.Done as Stop };
/** Per record read whole: its first control byte, as (record index, field in record, byte). */
const controlsFound: number[] = [];

const TAB = 0x09;

/** A byte below 0x20 that is not a tab, CR or LF. */
function isControl(c: number): boolean {
  return c < 0x20 && c !== TAB && c !== LF && c !== CR;
}

/**
 * Reads the records of `buf` into `fields` (start and end per field) and `firstField` (per
 * record), both at least as long as `buf` could need. A record ends at LF, CR LF or a lone CR,
 * whichever a line uses (files whose lines end differently, a CR LF header over LF rows, are
 * read whole). Lines are counted as papaparse counts them in the same text with its line
 * endings made LF outside quoted fields (lineEndings.ts): one a line end, and one per LF
 * inside a quoted field.
 */
function scan(
  buf: Buffer,
  last: boolean,
  d: number,
  fields: Int32Array,
  firstField: Int32Array,
  escaped: number[],
): void {
  const len = buf.length;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const d4 = Math.imul(d, 0x01010101);
  let nF = 0;
  let nR = 0;
  let pos = 0;
  let lines = 0;
  let stop = Stop.Done;
  /** Fields of the records read whole (an unfinished record's fields are dropped). */
  let complete = 0;
  controlsFound.length = 0;
  records: while (pos < len) {
    const recordFirst = nF;
    let q = pos;
    let recordLines = 0;
    /** The record's first control byte: field index and byte, or -1. */
    let controlField = -1;
    let controlByte = 0;
    escaped.length = 0;
    for (;;) {
      // One field, starting at q.
      if (buf[q] === QUOTE && q < len) {
        const start = q + 1;
        let close = start;
        let hasEscapes = false;
        for (;;) {
          close = buf.indexOf(QUOTE, close);
          if (close === -1 || close + 1 >= len) break;
          if (buf[close + 1] !== QUOTE) break;
          hasEscapes = true;
          close += 2;
        }
        if (close === -1 || (close + 1 === len && !last)) {
          stop = last ? Stop.Irregular : Stop.Unfinished;
          break records;
        }
        for (let m = buf.indexOf(LF, start); m !== -1 && m < close; m = buf.indexOf(LF, m + 1)) recordLines++;
        if (controlField < 0) {
          for (let i = start; i < close; i++) {
            const c = buf[i] as number;
            if (c < 0x20 && isControl(c)) {
              controlField = nF - recordFirst;
              controlByte = c;
              break;
            }
          }
        }
        if (hasEscapes) escaped.push(nF);
        fields[2 * nF] = start;
        fields[2 * nF + 1] = close;
        nF++;
        const after = close + 1;
        if (after === len) {
          q = len;
          break;
        }
        const c = buf[after];
        if (c === d) {
          q = after + 1;
          continue;
        }
        if (c === LF) {
          q = after + 1;
          recordLines++;
          break;
        }
        if (c === CR) {
          if (after + 1 === len && !last) {
            stop = Stop.Unfinished; // a CR LF may be cut between chunks
            break records;
          }
          q = after + 1 < len && buf[after + 1] === LF ? after + 2 : after + 1;
          recordLines++;
          break;
        }
        stop = Stop.Irregular; // a closing quote followed by other text: papaparse's recovery decides
        break records;
      }
      const start = q;
      for (;;) {
        // Four bytes a step while none of them can end the field (see `wordHasEnd`).
        while (q + 4 <= len) {
          const m = wordHasEnd(view.getInt32(q, true), d4);
          if (m === 0) q += 4;
          else {
            q += (31 - Math.clz32(m & -m)) >> 3;
            break;
          }
        }
        if (q === len) {
          if (!last) {
            stop = Stop.Unfinished;
            break records;
          }
          fields[2 * nF] = start;
          fields[2 * nF + 1] = q;
          nF++;
          break;
        }
        const c = buf[q] as number;
        if (c === d || c === LF) break;
        if (c === CR) {
          if (q + 1 === len && !last) {
            stop = Stop.Unfinished;
            break records;
          }
          break;
        }
        if (controlField < 0 && isControl(c)) {
          controlField = nF - recordFirst;
          controlByte = c;
        }
        q++;
      }
      if (q === len) break;
      fields[2 * nF] = start;
      fields[2 * nF + 1] = q;
      nF++;
      const c = buf[q];
      if (c === d) {
        q++;
        continue;
      }
      q += c === CR && q + 1 < len && buf[q + 1] === LF ? 2 : 1;
      recordLines++;
      break;
    }
    pos = q;
    lines += recordLines;
    if (nF - recordFirst === 1 && fields[2 * recordFirst] === fields[2 * recordFirst + 1]) {
      nF = recordFirst; // an empty line
      continue;
    }
    for (const f of escaped)
      fields[2 * f + 1] = unescapeQuotes(buf, fields[2 * f] as number, fields[2 * f + 1] as number);
    if (controlField >= 0) controlsFound.push(nR, controlField, controlByte);
    firstField[nR++] = recordFirst;
    complete = nF;
  }
  scanned.records = nR;
  scanned.fields = complete;
  scanned.pos = pos;
  scanned.lines = lines;
  scanned.stop = stop;
}

export class CsvTokenizer {
  private pending: Buffer = Buffer.alloc(0);
  private recordsRead = 0;
  private stopped = false;
  private fields = new Int32Array(0);
  private firstField = new Int32Array(0);
  private readonly escaped: number[] = [];
  /** Physical lines wholly read: where papaparse takes over, its messages go on numbering from here. */
  linesBefore = 0;

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordBytes: number,
  ) {}

  /** Records read so far (the header among them). */
  get recordCount(): number {
    return this.recordsRead;
  }

  /** The records this chunk completes. */
  push(chunk: Buffer): Tokenized {
    if (this.stopped) throw new Error('the tokenizer has handed over the rest of the file');
    const text = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return this.read(text, false);
  }

  /** The last records, at the end of the file. */
  end(): Tokenized {
    const text = this.pending;
    this.pending = Buffer.alloc(0);
    if (this.stopped || text.length === 0) return { batch: this.take(text, 0, 0) };
    return this.read(text, true);
  }

  private read(buf: Buffer, last: boolean): Tokenized {
    // A field needs a byte (its delimiter or line ending) unless it is the last: this is enough.
    const most = buf.length + 2;
    if (this.fields.length < 2 * most) this.fields = new Int32Array(Math.ceil(2.5 * most));
    if (this.firstField.length < most) this.firstField = new Int32Array(Math.ceil(1.25 * most));
    const d = this.delimiter.charCodeAt(0);
    scan(buf, last, d, this.fields, this.firstField, this.escaped);
    const { records, fields: fieldCount, pos, lines, stop } = scanned;
    this.linesBefore += lines;
    if (stop === Stop.Done) {
      this.pending = Buffer.alloc(0);
      return { batch: this.take(buf, records, fieldCount) };
    }
    if (stop === Stop.Unfinished) return this.unfinished(buf, pos, records, fieldCount);
    return this.handOver(buf, pos, records, fieldCount);
  }

  /** Holds back the bytes of the unfinished record at `pos`, or hands them over when too long. */
  private unfinished(buf: Buffer, pos: number, records: number, fieldCount: number): Tokenized {
    if (buf.length - pos > this.maxRecordBytes) return this.handOver(buf, pos, records, fieldCount);
    // A copy, not a view: the batch's records own `buf`, which may go to another thread whole.
    this.pending = pos === 0 ? buf : Buffer.from(buf.subarray(pos));
    return { batch: this.take(buf, records, fieldCount) };
  }

  private handOver(buf: Buffer, pos: number, records: number, fieldCount: number): Tokenized {
    this.stopped = true;
    this.pending = Buffer.alloc(0);
    return { batch: this.take(buf, records, fieldCount), rest: buf.subarray(pos) };
  }

  /** Copies out the records read (the tokenizer's arrays are reused). */
  private take(buf: Buffer, records: number, fieldCount: number): RecordBatch {
    const firstField = this.firstField.slice(0, records + 1);
    firstField[records] = fieldCount;
    const lines = new Int32Array(records);
    const before = this.recordsRead;
    for (let r = 0; r < records; r++) lines[r] = ++this.recordsRead;
    const batch: RecordBatch = {
      bytes: buf,
      count: records,
      fields: this.fields.slice(0, 2 * fieldCount),
      firstField,
      lines,
    };
    if (records > 0 && controlsFound.length > 0) {
      const controls: ControlByte[] = [];
      for (let k = 0; k < controlsFound.length; k += 3)
        controls.push({
          line: before + (controlsFound[k] as number) + 1,
          column: (controlsFound[k + 1] as number) + 1,
          byte: controlsFound[k + 2] as number,
        });
      batch.controls = controls;
    }
    controlsFound.length = 0;
    return batch;
  }
}

/**
 * The bytes of little-endian word `x` equal to `d` (repeated in all four bytes of `d4`) or below
 * 0x20 (a line end, a tab or a control byte), as their high bits: zero when none is. Only the
 * lowest bit set is sure (a borrow can set bits above it), and only the lowest is used.
 */
function wordHasEnd(x: number, d4: number): number {
  const a = x ^ d4;
  return (((a - 0x01010101) & ~a) | ((x - 0x20202020) & ~x)) & 0x80808080;
}

/** Turns each "" of a quoted field into ", in place; returns the field's new end. */
function unescapeQuotes(buf: Buffer, start: number, end: number): number {
  let w = start;
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    buf[w++] = c;
    if (c === QUOTE) i++;
  }
  return w;
}
