// A 52-bit hash of a row's stored values, to find exact duplicates among a million rows
// without keeping the rows: two independent 32-bit FNV-1a style lanes. A false match needs
// two rows colliding on 52 bits (about one chance in 10^4 at a million rows, per import).
// The person enters as the first 16 hex digits of its key (personHashText), on both sides:
// the rows being imported and the rows already in the workspace.
import type { CellValue } from './validate.ts';

/** Hex digits of a person key that stand for the person in a row hash (64 bits of the HMAC). */
export const PERSON_HASH_DIGITS = 16;

export function personHashText(personKey: string): string {
  return personKey.slice(0, PERSON_HASH_DIGITS);
}

export function rowHash(values: readonly CellValue[]): number {
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
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}

/**
 * A set of row hashes: open addressing over a Float64Array, because a JavaScript Set of a
 * million 52-bit numbers boxes each one and costs several times as much per lookup.
 */
export class RowHashSet {
  private slots: Float64Array;
  private mask: number;
  private count = 0;

  constructor(hashes: ArrayLike<number> = [], expected = 1024) {
    let capacity = 1024;
    while (capacity < Math.max(expected, hashes.length) * 2) capacity *= 2;
    this.slots = new Float64Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < hashes.length; i++) this.add(hashes[i] as number);
  }

  get size(): number {
    return this.count;
  }

  has(hash: number): boolean {
    const stored = hash + 1; // 0 marks an empty slot
    for (let i = this.start(hash); ; i = (i + 1) & this.mask) {
      const slot = this.slots[i] as number;
      if (slot === stored) return true;
      if (slot === 0) return false;
    }
  }

  /** Adds `hash`; false when it was already there. */
  add(hash: number): boolean {
    const stored = hash + 1;
    let i = this.start(hash);
    for (; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i] as number;
      if (slot === stored) return false;
      if (slot === 0) break;
    }
    this.slots[i] = stored;
    if (++this.count * 2 > this.slots.length) this.grow();
    return true;
  }

  private start(hash: number): number {
    // The low 32 bits of the hash mixed with the high 20, so both lanes spread the slots.
    return (Math.imul(hash | 0, 0x9e3779b1) ^ Math.floor(hash / 0x100000000)) & this.mask;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.mask = this.slots.length - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i++) {
      const stored = old[i] as number;
      if (stored !== 0) this.add(stored - 1);
    }
  }
}
