// CSV bytes to records of byte ranges (recordBatch.ts), a chunk at a time, for UTF-8 text.
// It reads what papaparse reads, the same way, for the text real extracts are made of: fields
// unquoted (a quote inside one is text), or quoted with "" for a quote and the closing quote
// followed by a delimiter, the line ending or the end of the file. Empty lines are skipped.
// Anything else (a closing quote followed by other text, a quote never closed, a record far
// too long) it does not guess at: it stops at the start of that record and hands the bytes
// from there on back (`rest`), and the reader parses the rest of the file with papaparse
// (csvRecords.ts), whose recovery and errors then apply exactly as before.
import type { RecordBatch } from './recordBatch.ts';
import { sniffLineEnding, type LineEnding } from './sniff.ts';

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

/**
 * Reads the records of `buf` into `fields` (start and end per field) and `firstField` (per
 * record), both at least as long as `buf` could need. `crlf`: the line ending is CR LF;
 * otherwise it is the single byte `nl`. `mark` is the byte counted as a line.
 */
function scan(
  buf: Buffer,
  last: boolean,
  d: number,
  nl: number,
  crlf: boolean,
  mark: number,
  fields: Int32Array,
  firstField: Int32Array,
  escaped: number[],
): void {
  const len = buf.length;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const d4 = Math.imul(d, 0x01010101);
  const nl4 = Math.imul(nl, 0x01010101);
  const lf4 = crlf ? 0x0a0a0a0a : nl4;
  let nF = 0;
  let nR = 0;
  let pos = 0;
  let lines = 0;
  let stop = Stop.Done;
  /** Fields of the records read whole (an unfinished record's fields are dropped). */
  let complete = 0;
  records: while (pos < len) {
    const recordFirst = nF;
    let q = pos;
    let recordLines = 0;
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
        for (let m = buf.indexOf(mark, start); m !== -1 && m < close; m = buf.indexOf(mark, m + 1)) recordLines++;
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
        if (c === nl) {
          if (!crlf) {
            q = after + 1;
            recordLines++;
            break;
          }
          if (after + 1 < len && buf[after + 1] === LF) {
            q = after + 2;
            recordLines++;
            break;
          }
          if (after + 1 === len && !last) {
            stop = Stop.Unfinished;
            break records;
          }
        }
        stop = Stop.Irregular; // a closing quote followed by other text: papaparse's recovery decides
        break records;
      }
      const start = q;
      for (;;) {
        // Four bytes a step while none of them can end the field (see `wordHasEnd`).
        while (q + 4 <= len) {
          const m = wordHasEnd(view.getInt32(q, true), d4, nl4, lf4);
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
        const c = buf[q];
        if (c === d) break;
        if (c === nl) {
          if (!crlf || (q + 1 < len && buf[q + 1] === LF)) break;
        } else if (c === LF && crlf) recordLines++;
        q++;
      }
      if (q === len) break;
      fields[2 * nF] = start;
      fields[2 * nF + 1] = q;
      nF++;
      if (buf[q] === d) {
        q++;
        continue;
      }
      q += crlf ? 2 : 1;
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
  private endingText: LineEnding | undefined;
  private nl = LF;
  private crlf = false;
  /** The byte counted as a line (a CRLF or LF file: LF; a CR file: CR), as papaparse's reader counts them. */
  private mark = LF;
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

  /** The line ending, once sniffed. */
  get ending(): LineEnding | undefined {
    return this.endingText;
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
    if (this.endingText === undefined) {
      const ending = sniffLineEnding(buf.toString('latin1'), this.delimiter);
      if (ending === undefined && !last) return this.unfinished(buf, 0, 0, 0);
      this.endingText = ending ?? (buf[buf.length - 1] === CR ? '\r' : '\n');
      this.nl = this.endingText === '\n' ? LF : CR;
      this.crlf = this.endingText === '\r\n';
      this.mark = this.endingText === '\r' ? CR : LF;
    }
    // A field needs a byte (its delimiter or line ending) unless it is the last: this is enough.
    const most = buf.length + 2;
    if (this.fields.length < 2 * most) this.fields = new Int32Array(Math.ceil(2.5 * most));
    if (this.firstField.length < most) this.firstField = new Int32Array(Math.ceil(1.25 * most));
    const d = this.delimiter.charCodeAt(0);
    scan(buf, last, d, this.nl, this.crlf, this.mark, this.fields, this.firstField, this.escaped);
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
    for (let r = 0; r < records; r++) lines[r] = ++this.recordsRead;
    return { bytes: buf, count: records, fields: this.fields.slice(0, 2 * fieldCount), firstField, lines };
  }
}

/**
 * The bytes of little-endian word `x` equal to `d`, `nl` or `lf` (each repeated in all four
 * bytes), as their high bits: zero when none is. Only the lowest bit set is sure (a borrow can
 * set bits above it), and only the lowest is used.
 */
function wordHasEnd(x: number, d4: number, nl4: number, lf4: number): number {
  const a = x ^ d4;
  const b = x ^ nl4;
  const c = x ^ lf4;
  return (((a - 0x01010101) & ~a) | ((b - 0x01010101) & ~b) | ((c - 0x01010101) & ~c)) & 0x80808080;
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
