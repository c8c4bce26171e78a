// A 52-bit hash of a row, to find lines repeated in a file among a million rows without keeping
// the rows: two independent 32-bit lanes. A false match needs two rows colliding on 52 bits
// (about one chance in 10^4 at a million rows, per import). A duplicate is judged on the
// record as the file wrote it (every source column's bytes: `RowHashSet.addRecord`), never
// on the values it maps to: two searches of one day, sex, age band and ethnic group are two
// searches. `rowHash` hashes values (a row's stored values).
import type { RecordBatch } from './recordBatch.ts';
import type { CellValue } from './cellValue.ts';

/** Hex digits of a person key that stand for the person in a row hash (64 bits of the HMAC). */
export const PERSON_HASH_DIGITS = 16;

export function personHashText(personKey: string): string {
  return personKey.slice(0, PERSON_HASH_DIGITS);
}

/** The two lanes of the last hash `hashLanes` computed (module state: no object per row). */
let laneA = 0;
let laneB = 0;

/** Hashes a row into its two lanes (laneA: 32 bits, laneB: 20 bits), read back by RowHashSet.addLast. */
function hashLanes(values: readonly CellValue[]): void {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      a = Math.imul(a ^ 0xfe, 0x01000193);
      b = Math.imul(b ^ 0x3d, 0x5bd1e995);
    } else if (typeof v === 'number') {
      const x = v | 0;
      a = Math.imul(a ^ (x & 0xffff), 0x01000193);
      a = Math.imul(a ^ (x >>> 16), 0x01000193);
      b = Math.imul(b ^ x, 0x5bd1e995);
      b ^= b >>> 15;
    } else {
      for (let k = 0; k < v.length; k++) {
        const c = v.charCodeAt(k);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 13;
      }
    }
    a = Math.imul(a ^ 0x1f, 0x01000193);
  }
  laneA = a | 0;
  laneB = b & 0xfffff;
}

/**
 * Hashes record `r` of a batch as the file wrote it into the two lanes: its bytes from the first
 * field's start to the last field's end in one run (a CSV record's delimiters and quotes among
 * them), then where each field ends, so that "ab","c" and "a","bc" differ where fields are
 * packed with nothing between them (rows of a workbook).
 */
function hashRecordLanes(batch: RecordBatch, r: number): void {
  const { bytes, fields } = batch;
  if (bytes !== viewed) {
    viewed = bytes;
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  const data = view;
  const first = batch.firstField[r] as number;
  const last = batch.firstField[r + 1] as number;
  let a = 0x811c9dc5 ^ (last - first);
  let b = 0x01000193;
  if (last > first) {
    const start = fields[2 * first] as number;
    const end = fields[2 * last - 1] as number;
    let i = start;
    for (; i + 4 <= end; i += 4) {
      const w = data.getInt32(i, true);
      a = Math.imul(a ^ w, 0x01000193);
      a ^= a >>> 15;
      b = Math.imul(b ^ w, 0x5bd1e995);
      b ^= b >>> 13;
    }
    for (; i < end; i++) {
      const c = bytes[i] as number;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    for (let f = first; f < last; f++) b = Math.imul(b ^ ((fields[2 * f + 1] as number) - start), 0x5bd1e995);
  }
  laneA = a | 0;
  laneB = b & 0xfffff;
}

const NO_BYTES = Buffer.alloc(0);
/** The buffer last hashed by records, and a view of it for four-byte reads. */
let viewed: Buffer = NO_BYTES;
let view: DataView = new DataView(NO_BYTES.buffer, NO_BYTES.byteOffset, 0);

/** The 52-bit hash of a record as the file wrote it, as one number. */
export function recordHash(batch: RecordBatch, r: number): number {
  hashRecordLanes(batch, r);
  return (laneA >>> 0) * 0x100000 + laneB;
}

/** The 52-bit hash of a row, as one number (how hashes of stored rows travel to the worker). */
export function rowHash(values: readonly CellValue[]): number {
  hashLanes(values);
  return (laneA >>> 0) * 0x100000 + laneB;
}

/**
 * A set of 52-bit row hashes kept as two int32 lanes per slot (open addressing over one
 * Int32Array): doubles above 2^31 would be boxed on every call, and a JavaScript Set of a
 * million numbers costs several times as much per lookup.
 */
export class RowHashSet {
  /** Pairs [a, b + 1]; b + 1 = 0 marks an empty slot (b is 20 bits, so b + 1 is never 0). */
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(hashes: ArrayLike<number> = [], expected = 1024) {
    let capacity = 1024;
    while (capacity < Math.max(expected, hashes.length) * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    for (let i = 0; i < hashes.length; i++) this.add(hashes[i] as number);
  }

  get size(): number {
    return this.count;
  }

  has(hash: number): boolean {
    const a = Math.floor(hash / 0x100000) | 0;
    const b1 = (hash % 0x100000) + 1;
    for (let i = this.start(a, b1); ; i = (i + 1) & this.mask) {
      const stored = this.slots[2 * i + 1] as number;
      if (stored === 0) return false;
      if (stored === b1 && this.slots[2 * i] === a) return true;
    }
  }

  /** Adds `hash`; false when it was already there. */
  add(hash: number): boolean {
    return this.addLanes(Math.floor(hash / 0x100000) | 0, (hash % 0x100000) + 1);
  }

  /** Hashes `values` and adds the hash; false when it was already there. */
  addRow(values: readonly CellValue[]): boolean {
    hashLanes(values);
    return this.addLanes(laneA, laneB + 1);
  }

  /** Hashes record `r` of a batch as the file wrote it and adds the hash; false when it was already there. */
  addRecord(batch: RecordBatch, r: number): boolean {
    hashRecordLanes(batch, r);
    return this.addLanes(laneA, laneB + 1);
  }

  private addLanes(a: number, b1: number): boolean {
    const slots = this.slots;
    let i = this.start(a, b1);
    for (; ; i = (i + 1) & this.mask) {
      const stored = slots[2 * i + 1] as number;
      if (stored === 0) break;
      if (stored === b1 && slots[2 * i] === a) return false;
    }
    slots[2 * i] = a;
    slots[2 * i + 1] = b1;
    if (++this.count * 2 > this.mask + 1) this.grow();
    return true;
  }

  private start(a: number, b1: number): number {
    return Math.imul(a ^ Math.imul(b1, 0x85ebca6b), 0x9e3779b1) & this.mask;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length / 2 - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) {
      const b1 = old[i + 1] as number;
      if (b1 !== 0) this.addLanes(old[i] as number, b1);
    }
  }
}
