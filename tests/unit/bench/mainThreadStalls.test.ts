// The responsiveness bench's stall monitor must see a stall it is shown, and split it in parts
// that fit in it. The stalls here are made on purpose, by length of wall clock: a busy loop and a
// blocking wait can only be longer than asked (a loaded machine stretches them), so every
// bound below is one the stall cannot fall short of, whatever else the machine does.
import { describe, expect, it } from 'vitest';
import { measureStalls } from '../../../bench/mainThreadStalls.ts';

const STALL_MS = 120;

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning: the thread computes, or waits for a CPU when the OS takes it away
  }
}

function asleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Lets the monitor's timer tick, then stalls this thread once. */
async function stallOnce(stall: () => void): Promise<Awaited<ReturnType<typeof measureStalls>>> {
  return measureStalls(
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      stall();
    },
    { reportOverMs: 0 },
  );
}

describe('the main-thread stall monitor', () => {
  it('sees a busy stall whole, and its parts never exceed it', async () => {
    const report = await stallOnce(() => busy(STALL_MS));
    // The gap spans the loop, less the 1 ms the timer was due after.
    expect(report.longestMs).toBeGreaterThanOrEqual(STALL_MS - 1);
    expect(report.histogramMaxMs).toBeGreaterThanOrEqual(STALL_MS - 2);
    const gap = report.stalls.find((g) => g.lateMs >= STALL_MS - 1);
    expect(gap).toBeDefined();
    if (!report.schedulerCounters || !gap) return;
    // Computing and waiting for a CPU are parts of the gap; what is left is sleep or, on a
    // virtual machine, time the host took the whole CPU away (a spinning thread never sleeps,
    // so no lower bound holds on a host that is itself busy).
    expect(gap.runMs).toBeGreaterThan(0);
    expect(gap.runMs + gap.queuedMs).toBeLessThanOrEqual(gap.lateMs + 2);
  });

  it('counts a blocking wait as a stall the thread spent not computing', async () => {
    const report = await stallOnce(() => asleep(STALL_MS));
    expect(report.longestMs).toBeGreaterThanOrEqual(STALL_MS - 1);
    const gap = report.stalls.find((g) => g.lateMs >= STALL_MS - 1);
    expect(gap).toBeDefined();
    if (!report.schedulerCounters || !gap) return;
    // Asleep for the whole wait, the thread computed only in the rest of the gap. (Its wait
    // for a CPU has no bound here: with the kernel's delayed dequeue, part of a sleep is
    // counted as waiting for a CPU, so that part of the split is a bound, not a measure.)
    expect(gap.runMs).toBeLessThan(gap.lateMs - STALL_MS + 2);
    expect(gap.runMs + gap.queuedMs).toBeLessThanOrEqual(gap.lateMs + 2);
  });
});
