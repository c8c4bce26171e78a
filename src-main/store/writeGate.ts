// The running app's writes to its workspace, one at a time: each waits its turn here
// asynchronously (the main thread stays free) and then runs, an import in a store worker holding
// the gate for its whole time. A write called from inside a gated one runs at once instead of
// waiting on itself. The workspace's main connection is read-only whenever nothing holds the
// gate (`Workspace.guardWrites`), so a write that skipped it is refused by SQLite in every test
// that reaches it, not only when an import happens to run beside it.
import { AsyncLocalStorage } from 'node:async_hooks';

export class WriteGate {
  private tail: Promise<unknown> = Promise.resolve();
  /** Set inside a gated write and everything it awaits. */
  private readonly inside = new AsyncLocalStorage<true>();
  private holders = 0;
  private readonly listeners = new Set<() => void>();

  /** Runs `work` once every write queued before it has settled; at once when called from one. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.heldHere) return work();
    const turn = (): Promise<T> => this.inside.run(true, () => this.holding(work));
    const run = this.tail.then(turn, turn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Whether a write holds the gate now (from anywhere). */
  get held(): boolean {
    return this.holders > 0;
  }

  /** Whether the calling code runs inside a gated write. */
  get heldHere(): boolean {
    return this.inside.getStore() === true;
  }

  /**
   * Runs `work` as code outside every gated write, for work it schedules to run later (a timer):
   * that work must wait its turn, not run as if it were part of the write that scheduled it.
   */
  outside<T>(work: () => T): T {
    return this.inside.exit(work);
  }

  /** Called whenever the gate is taken or given up. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async holding<T>(work: () => Promise<T>): Promise<T> {
    this.changeHolders(1);
    try {
      return await work();
    } finally {
      this.changeHolders(-1);
    }
  }

  private changeHolders(by: number): void {
    this.holders += by;
    for (const listener of this.listeners) listener();
  }
}
