// A function of a cell's text, memoised on the cell's bytes: extracts repeat a few hundred
// values a million times, and looking a value up by its bytes (recordBatch.ts) needs no string
// for it. The text is made only the first time a value is seen (or every time, for a value
// met after `limit` distinct ones: the memo stops growing, the answers stay the same).
// Open addressing over typed arrays; the keys' bytes are copied into one arena, so a cached
// value never holds on to the chunk of the file it came from.

const EMPTY = Buffer.alloc(0);

/** A 32-bit hash of bytes `start` to `end`: four bytes a step (unaligned little-endian loads), then the last one to three. */
export function hashBytes(view: DataView, buf: Buffer, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    h = Math.imul(h ^ view.getInt32(i, true), 0x5bd1e995);
    h ^= h >>> 13;
  }
  for (; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  return h;
}

/** Slots of four int32s, so a probe reads one cache line: hash, key start, key length, entry + 1 (0: empty). */
const SLOT = 4;

export class ByteMemo<T> {
  private slots = new Int32Array(1024 * SLOT);
  private mask = 1023;
  private arena = Buffer.allocUnsafe(4096);
  private arenaView: DataView = new DataView(this.arena.buffer, this.arena.byteOffset, this.arena.byteLength);
  /** The buffer last looked into, and a view of it for four-byte reads. */
  private viewed: Buffer = EMPTY;
  private view: DataView = new DataView(EMPTY.buffer, EMPTY.byteOffset, 0);
  private arenaUsed = 0;
  private values: T[] = [];

  constructor(
    private readonly compute: (text: string) => T,
    private readonly limit = Number.POSITIVE_INFINITY,
  ) {}

  get size(): number {
    return this.values.length;
  }

  /** The value for bytes `start` to `end` of `buf`. */
  get(buf: Buffer, start: number, end: number): T {
    if (buf !== this.viewed) {
      this.viewed = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    const view = this.view;
    const length = end - start;
    const h = hashBytes(view, buf, start, end);
    const slots = this.slots;
    const mask = this.mask;
    for (let s = (h ^ (h >>> 15)) & mask; ; s = (s + 1) & mask) {
      const at = s * SLOT;
      const entry = slots[at + 3] as number;
      if (entry === 0) break;
      if (slots[at] !== h || slots[at + 2] !== length) continue;
      if (this.sameKey(slots[at + 1] as number, view, start, length)) return this.values[entry - 1] as T;
    }
    const value = this.compute(buf.toString('utf8', start, end));
    if (this.values.length < this.limit) this.insert(buf, start, end, h, value);
    return value;
  }

  /** The value for an empty cell (a row shorter than the header). */
  empty(): T {
    return this.get(EMPTY, 0, 0);
  }

  private sameKey(at: number, view: DataView, start: number, length: number): boolean {
    const arena = this.arenaView;
    let k = 0;
    for (; k + 4 <= length; k += 4) if (arena.getInt32(at + k, true) !== view.getInt32(start + k, true)) return false;
    for (; k < length; k++) if (arena.getUint8(at + k) !== view.getUint8(start + k)) return false;
    return true;
  }

  private insert(buf: Buffer, start: number, end: number, h: number, value: T): void {
    const length = end - start;
    if (this.arenaUsed + length > this.arena.length) {
      const arena = Buffer.allocUnsafe(Math.max(2 * this.arena.length, this.arenaUsed + length));
      this.arena.copy(arena, 0, 0, this.arenaUsed);
      this.arena = arena;
      this.arenaView = new DataView(arena.buffer, arena.byteOffset, arena.byteLength);
    }
    buf.copy(this.arena, this.arenaUsed, start, end);
    this.values.push(value);
    this.place(h, this.arenaUsed, length, this.values.length);
    this.arenaUsed += length;
    if (2 * this.values.length > this.mask + 1) this.rehash();
  }

  private place(h: number, at: number, length: number, entry: number): void {
    const slots = this.slots;
    let s = (h ^ (h >>> 15)) & this.mask;
    while (slots[s * SLOT + 3] !== 0) s = (s + 1) & this.mask;
    slots[s * SLOT] = h;
    slots[s * SLOT + 1] = at;
    slots[s * SLOT + 2] = length;
    slots[s * SLOT + 3] = entry;
  }

  private rehash(): void {
    const old = this.slots;
    this.mask = 2 * (this.mask + 1) - 1;
    this.slots = new Int32Array((this.mask + 1) * SLOT);
    for (let at = 0; at < old.length; at += SLOT) {
      const entry = old[at + 3] as number;
      if (entry !== 0) this.place(old[at] as number, old[at + 1] as number, old[at + 2] as number, entry);
    }
  }
}
