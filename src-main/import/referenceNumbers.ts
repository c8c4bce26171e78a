// Each record's person reference as a number: its identifiers (in priority order, the first not
// blank), normalised as normaliseIdentifier does it ("nm 012 345" and "NM012345" are one), and
// numbered in the order first met in the file. It runs where the records are read (the reader
// worker, or the calling thread for a small file), so that the pipeline finds a row's person
// by a number in a small array: the table of a million-row file's references (440,000 of them)
// is far larger than the processor's cache, and its lookups were a fifth of the pipeline's work.
import { KEY_PRIORITY, normaliseIdentifier } from './pseudonymise.ts';
import type { Mapping } from './mapping.ts';
import { ByteCodeMemo } from './byteMemo.ts';
import { estimatedRows, type RecordBatch } from './recordBatch.ts';

/** The most rows the table of references is sized for up front (it grows beyond, if need be). */
const MAX_RESERVED = 1 << 24;

/** A record with no identifier (the pipeline then tries name with date of birth). */
export const NO_REFERENCE = -1;

/** The source columns of identifiers, best first (KEY_PRIORITY), as indexes into the headers. */
export function identifierColumnsOf(mapping: Mapping, headers: readonly string[]): number[] {
  return KEY_PRIORITY.flatMap((target) =>
    mapping.columns.filter((c) => c.target === target).map((c) => headers.indexOf(c.source)),
  );
}

/**
 * The identifier of bytes `start` to `end`, normalised into `into` (upper case, letters and
 * digits only): its length (0: blank), or -1 when it is not ASCII or longer than `into`, where
 * only normaliseIdentifier on its text is exact ("ß" is "SS").
 */
function normaliseAscii(bytes: Buffer, start: number, end: number, into: Buffer): number {
  if (end - start > into.length) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    if (c >= 0x80) return -1;
    if (c >= 0x61 && c <= 0x7a) into[n++] = c - 0x20;
    else if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a)) into[n++] = c;
  }
  return n;
}

export class ReferenceNumbers {
  private scratch = Buffer.alloc(256);
  private batches = 0;
  private firstMet: string[] = [];
  /** A reference first met gets the next number: the count of those met before it. */
  private readonly numbers: ByteCodeMemo = new ByteCodeMemo((id) => {
    this.firstMet.push(id);
    return this.numbers.size;
  });

  constructor(private readonly columns: readonly number[]) {}

  /**
   * Numbers the batch's records (`references`, NO_REFERENCE for none) and gives the normalised
   * text of each reference first met in it (`newReferences`, one a line, in number order). The
   * first batch sizes the table for half the rows a file of `bytesTotal` bytes likely holds.
   */
  number(batch: RecordBatch, bytesTotal: number): void {
    if (this.batches++ === 0) this.numbers.reserve(Math.min(estimatedRows(batch, bytesTotal), MAX_RESERVED) >> 1);
    const references = new Int32Array(batch.count);
    for (let r = 0; r < batch.count; r++) references[r] = this.referenceOf(batch, r);
    batch.references = references;
    batch.newReferences = this.firstMet.join('\n');
    this.firstMet = [];
  }

  private referenceOf(batch: RecordBatch, r: number): number {
    const first = batch.firstField[r] as number;
    const width = (batch.firstField[r + 1] as number) - first;
    for (const index of this.columns) {
      if (index < 0 || index >= width) continue;
      const start = batch.fields[2 * (first + index)] as number;
      const end = batch.fields[2 * (first + index) + 1] as number;
      let length = normaliseAscii(batch.bytes, start, end, this.scratch);
      if (length < 0) {
        const id = normaliseIdentifier(batch.bytes.toString('utf8', start, end));
        if (id.length > this.scratch.length) this.scratch = Buffer.alloc(2 * id.length);
        length = this.scratch.write(id, 'latin1');
      }
      if (length > 0) return this.numbers.get(this.scratch, 0, length);
    }
    return NO_REFERENCE;
  }
}

/** The references' texts by number, from each batch's `newReferences`. */
export function addNewReferences(texts: string[], batch: RecordBatch): void {
  if (batch.newReferences) for (const text of batch.newReferences.split('\n')) texts.push(text);
}
