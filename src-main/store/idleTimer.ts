// Locks the workspace after N minutes without activity. Pure: the clock and the timer are
// injected, so tests advance time by hand. Each call into the workspace calls `touch()`; the
// timer re-arms itself for what remains of the idle period instead of resetting on every call.
export interface IdleClock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: IdleClock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => {
    const handle = setTimeout(callback, delayMs);
    handle.unref(); // an idle timer must never keep the process alive
    return handle;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class IdleTimer {
  private lastActivity: number;
  private handle: unknown = undefined;
  private limitMs: number;
  private running = true;

  constructor(
    minutes: number,
    private readonly onIdle: () => void,
    private readonly clock: IdleClock = systemClock,
  ) {
    this.limitMs = minutes * 60_000;
    this.lastActivity = clock.now();
    this.arm(this.limitMs);
  }

  /** Records activity: the idle period starts again from now. */
  touch(): void {
    this.lastActivity = this.clock.now();
    if (!this.running) {
      this.running = true;
      this.arm(this.limitMs);
    }
  }

  setMinutes(minutes: number): void {
    this.limitMs = minutes * 60_000;
    this.rearm();
  }

  stop(): void {
    this.running = false;
    if (this.handle !== undefined) this.clock.clearTimer(this.handle);
    this.handle = undefined;
  }

  private rearm(): void {
    if (!this.running) return;
    if (this.handle !== undefined) this.clock.clearTimer(this.handle);
    this.arm(Math.max(0, this.lastActivity + this.limitMs - this.clock.now()));
  }

  private arm(delayMs: number): void {
    this.handle = this.clock.setTimer(() => this.check(), delayMs);
  }

  private check(): void {
    this.handle = undefined;
    if (!this.running) return;
    const idleFor = this.clock.now() - this.lastActivity;
    if (idleFor >= this.limitMs) {
      this.running = false;
      this.onIdle();
    } else {
      this.arm(this.limitMs - idleFor);
    }
  }
}
