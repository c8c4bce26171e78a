// Which step an import in a store worker has reached, in shared memory: the worker writes each
// step as it begins; the main thread (a test, the benchmark) waits for one, and may hold the
// worker at the start of a step until it lets go, so a cancel lands in a chosen step however
// fast or slow the machine is, never by timing. After a late cancel it marks the removal too.
import { BOARD_STEPS, type BoardStep } from '../../import/importSteps.ts';

/** Cell 0: the step begun, as its index + 1 (0: none yet). Cell 1: the step to hold at, the same way. */
const CELLS = 2;

export class ImportStepBoard {
  /** Shared with the store worker (structured clone keeps it shared). */
  readonly buffer: SharedArrayBuffer;
  private readonly cells: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(CELLS * Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.cells = new Int32Array(buffer, 0, CELLS);
  }

  /** The worker's side: `step` begins; waits here while the main thread holds this step. */
  enter(step: BoardStep): void {
    const mark = BOARD_STEPS.indexOf(step) + 1;
    Atomics.store(this.cells, 0, mark);
    Atomics.notify(this.cells, 0);
    while (Atomics.load(this.cells, 1) === mark) Atomics.wait(this.cells, 1, mark);
  }

  /** The step the worker last began, or null before the first. */
  get current(): BoardStep | null {
    return BOARD_STEPS[Atomics.load(this.cells, 0) - 1] ?? null;
  }

  /** The worker will wait at the start of `step` until release(); one held at another step goes on to it. */
  holdAt(step: BoardStep): void {
    Atomics.store(this.cells, 1, BOARD_STEPS.indexOf(step) + 1);
    Atomics.notify(this.cells, 1);
  }

  /** Lets a held worker go on. */
  release(): void {
    Atomics.store(this.cells, 1, 0);
    Atomics.notify(this.cells, 1);
  }

  /**
   * Resolves true once the worker has begun `step` or a later one, false if `over` says the
   * import ended first (checked each turn of this thread's event loop).
   */
  async reached(step: BoardStep, over: () => boolean): Promise<boolean> {
    const mark = BOARD_STEPS.indexOf(step) + 1;
    while (Atomics.load(this.cells, 0) < mark) {
      if (over()) return false;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return true;
  }
}
