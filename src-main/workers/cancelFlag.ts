// A cancel one thread raises and another reads while it runs synchronously. A worker busy in a
// loop of SQLite statements does not return to its event loop between them (the next batch is
// often already queued, so an await resolves without yielding), and a cancel sent as a message
// waits for the loop to run dry: hundreds of milliseconds on a loaded machine. A flag in shared
// memory is read at once, between any two statements.
//
// The same cell settles the race between a cancel and a commit: whichever of the two changes it
// first wins, by one compare-and-exchange. A cancel that wins may be answered at once, even while
// the worker is inside a statement it cannot leave (an index build): the worker can no longer
// commit. A commit that wins makes every later cancel wait for the committed result.

const RUNNING = 0;
const CANCELLED = 1;
const COMMITTING = 2;

export class CancelFlag {
  /** Shared with the other thread (structured clone keeps it shared). */
  readonly buffer: SharedArrayBuffer;
  private readonly cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cell = new Int32Array(buffer, 0, 1);
  }

  /**
   * Raises the flag, from any thread holding its buffer. True when the cancel stands (now or
   * before); false when the work had already claimed its commit, which then runs to its end.
   */
  raise(): boolean {
    const was = Atomics.compareExchange(this.cell, 0, RUNNING, CANCELLED);
    return was !== COMMITTING;
  }

  /** Whether a cancel stands: one atomic read, cheap enough for every statement. */
  get raised(): boolean {
    return Atomics.load(this.cell, 0) === CANCELLED;
  }

  /** Claims the commit unless a cancel came first: true when the work may (and must) commit. */
  claimCommit(): boolean {
    const was = Atomics.compareExchange(this.cell, 0, RUNNING, COMMITTING);
    return was !== CANCELLED;
  }
}
