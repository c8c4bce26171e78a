// A cancel one thread raises and another reads while it runs synchronously. A worker busy in a
// loop of SQLite statements does not return to its event loop between them (the next batch is
// often already queued, so an await resolves without yielding), and a cancel sent as a message
// waits for the loop to run dry: hundreds of milliseconds on a loaded machine. A flag in shared
// memory is read at once, between any two statements.

export class CancelFlag {
  /** Shared with the other thread (structured clone keeps it shared). */
  readonly buffer: SharedArrayBuffer;
  private readonly cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cell = new Int32Array(buffer, 0, 1);
  }

  /** Raises the flag, from any thread holding its buffer. */
  raise(): void {
    Atomics.store(this.cell, 0, 1);
  }

  /** Whether any thread raised it: one atomic read, cheap enough for every statement. */
  get raised(): boolean {
    return Atomics.load(this.cell, 0) !== 0;
  }
}
