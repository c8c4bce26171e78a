// A function of a cell's text, memoised on the cell's bytes: extracts repeat a few hundred
// values a million times, and looking a value up by its bytes (recordBatch.ts) needs no string
// for it. The text is made only the first time a value is seen (or every time, for a value
// met after `limit` distinct ones: the memo stops growing, the answers stay the same).
// Open addressing over typed arrays; the keys' bytes are copied into one arena, so a cached
// value never holds on to the chunk of the file it came from. Two kinds: `ByteMemo` keeps any
// value; `ByteCodeMemo` keeps an integer in the slot itself (a category code, a person's
// number), so a lookup that hits reads one slot and the key's bytes, and nothing else.

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

/** Keys of up to this many bytes are copied into the arena byte by byte. */
const SHORT_KEY = 32;

/** Slots of four int32s, so a probe reads one cache line: hash, key start, key length + 1 (0: empty), payload. */
const SLOT = 4;

/** Byte keys to an int32 payload per key. */
class ByteKeys {
  private slots = new Int32Array(1024 * SLOT);
  private mask = 1023;
  private arena = Buffer.allocUnsafe(4096);
  private arenaView: DataView = new DataView(this.arena.buffer, this.arena.byteOffset, this.arena.byteLength);
  private arenaUsed = 0;
  /** The buffer last looked into, and a view of it for four-byte reads. */
  private viewed: Buffer = EMPTY;
  private view: DataView = new DataView(EMPTY.buffer, EMPTY.byteOffset, 0);
  /** The hash of the key last looked for (what `add` stores when it was missing). */
  private lastHash = 0;
  /** Keys held. */
  protected count = 0;

  get size(): number {
    return this.count;
  }

  /** Where the key of bytes `start` to `end` of `buf` is (read `payload(at)`), or -1. */
  protected find(buf: Buffer, start: number, end: number): number {
    if (buf !== this.viewed) {
      this.viewed = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    const view = this.view;
    const length1 = end - start + 1;
    const h = hashBytes(view, buf, start, end);
    this.lastHash = h;
    const slots = this.slots;
    const mask = this.mask;
    for (let s = (h ^ (h >>> 15)) & mask; ; s = (s + 1) & mask) {
      const at = s * SLOT;
      const stored = slots[at + 2] as number;
      if (stored === 0) return -1;
      if (stored === length1 && slots[at] === h && this.sameKey(slots[at + 1] as number, view, start, length1 - 1))
        return at;
    }
  }

  /** Makes room for `keys` keys in all, so that growing to them rehashes nothing. */
  reserve(keys: number): void {
    let capacity = this.mask + 1;
    while (capacity < 2 * keys) capacity *= 2;
    if (capacity > this.mask + 1) this.rehash(capacity);
  }

  protected payload(at: number): number {
    return this.slots[at + 3] as number;
  }

  private sameKey(at: number, view: DataView, start: number, length: number): boolean {
    const arena = this.arenaView;
    let k = 0;
    for (; k + 4 <= length; k += 4) if (arena.getInt32(at + k, true) !== view.getInt32(start + k, true)) return false;
    for (; k < length; k++) if (arena.getUint8(at + k) !== view.getUint8(start + k)) return false;
    return true;
  }

  /** Adds the key `find` just missed, with its payload. */
  protected add(buf: Buffer, start: number, end: number, payload: number): void {
    const length = end - start;
    if (this.arenaUsed + length > this.arena.length) {
      const arena = Buffer.allocUnsafe(Math.max(2 * this.arena.length, this.arenaUsed + length));
      this.arena.copy(arena, 0, 0, this.arenaUsed);
      this.arena = arena;
      this.arenaView = new DataView(arena.buffer, arena.byteOffset, arena.byteLength);
    }
    // Byte by byte: most keys are a few bytes, where Buffer.copy's own cost is most of the copy.
    if (length <= SHORT_KEY) for (let k = 0; k < length; k++) this.arena[this.arenaUsed + k] = buf[start + k] as number;
    else buf.copy(this.arena, this.arenaUsed, start, end);
    this.place(this.lastHash, this.arenaUsed, length + 1, payload);
    this.arenaUsed += length;
    if (2 * ++this.count > this.mask + 1) this.rehash();
  }

  private place(h: number, at: number, length1: number, payload: number): void {
    const slots = this.slots;
    let s = (h ^ (h >>> 15)) & this.mask;
    while (slots[s * SLOT + 2] !== 0) s = (s + 1) & this.mask;
    slots[s * SLOT] = h;
    slots[s * SLOT + 1] = at;
    slots[s * SLOT + 2] = length1;
    slots[s * SLOT + 3] = payload;
  }

  private rehash(capacity = 2 * (this.mask + 1)): void {
    const old = this.slots;
    this.mask = capacity - 1;
    this.slots = new Int32Array((this.mask + 1) * SLOT);
    for (let at = 0; at < old.length; at += SLOT) {
      const length1 = old[at + 2] as number;
      if (length1 !== 0) this.place(old[at] as number, old[at + 1] as number, length1, old[at + 3] as number);
    }
  }
}

export class ByteMemo<T> extends ByteKeys {
  private readonly held: T[] = [];

  constructor(
    private readonly compute: (text: string) => T,
    private readonly limit = Number.POSITIVE_INFINITY,
  ) {
    super();
  }

  /** The value for bytes `start` to `end` of `buf`. */
  get(buf: Buffer, start: number, end: number): T {
    const at = this.find(buf, start, end);
    if (at >= 0) return this.held[this.payload(at)] as T;
    const value = this.compute(buf.toString('utf8', start, end));
    if (this.count < this.limit) {
      this.add(buf, start, end, this.held.length);
      this.held.push(value);
    }
    return value;
  }

  /** The value for an empty cell (a row shorter than the header). */
  empty(): T {
    return this.get(EMPTY, 0, 0);
  }
  /** Every value held, in the order first met. */
  values(): readonly T[] {
    return this.held;
  }
}

/** A memo of int32 values (category codes, person numbers), kept in the slots. */
export class ByteCodeMemo extends ByteKeys {
  constructor(
    private readonly compute: (text: string) => number,
    private readonly limit = Number.POSITIVE_INFINITY,
  ) {
    super();
  }

  /** The value for bytes `start` to `end` of `buf`. */
  get(buf: Buffer, start: number, end: number): number {
    const at = this.find(buf, start, end);
    if (at >= 0) return this.payload(at);
    const value = this.compute(buf.toString('utf8', start, end)) | 0;
    if (this.count < this.limit) this.add(buf, start, end, value);
    return value;
  }

  /** The value for an empty cell (a row shorter than the header). */
  empty(): number {
    return this.get(EMPTY, 0, 0);
  }
}
