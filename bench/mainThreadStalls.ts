// How long the main thread could not answer, and why. A timer chain fires every millisecond and
// notes each gap between its ticks; for every gap it also reads, on Linux, the main thread's
// scheduler counters (/proc/self/task/<pid>/schedstat: time on a CPU, time runnable but waiting
// for one), and it notes the garbage collections that overlapped it. A gap is then split into:
//   - run:    the main thread executing (our JavaScript, native calls, its GC pauses),
//   - queued: runnable but given no CPU (other processes on a shared machine, or our own workers
//             outnumbering the cores),
//   - asleep: blocked in a system call (synchronous file reads, a lock, SQLite's busy wait,
//             waiting for GC helper threads), or on a page fault that reads the disk (counted);
//             on a virtual machine also time the host took the whole CPU away (steal), which
//             the guest counts as neither running nor queued: a spinning thread was seen
//             "asleep" 195 ms that way. blockedOn.ts names real sleeps; a stolen gap has none.
// "Own" = run + asleep: the stall our code made, whatever else the machine was doing. Only
// `run` is exact. On kernels with EEVDF's delayed dequeue (6.12 on, this machine runs 6.18) a
// thread that goes to sleep may stay queued a while, and that part of its sleep is counted as
// waiting for a CPU (a 120 ms Atomics.wait read as 47 ms queued): "own" is then a lower bound,
// which is why the bench prints the wall clock and an idle floor beside it. An event-loop
// delay histogram (1 ms resolution) runs beside it as the standard measure.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { PerformanceObserver, monitorEventLoopDelay, type PerformanceEntry } from 'node:perf_hooks';
import { watchBlocking } from './blockedOn.ts';
import { hrtimeMs, profileMainThread } from './stallProfile.ts';

/** One gap between ticks, in ms. */
export interface Gap {
  /** When the gap ended, ms after the monitor started. */
  atMs: number;
  /** How much later than due the tick came. */
  lateMs: number;
  runMs: number;
  queuedMs: number;
  /** Time in GC pauses that ended within the gap (the main thread's share of GC). */
  gcMs: number;
  /** Page faults the main thread waited on the disk for since the previous long gap (Linux). */
  majorFaults: number;
  /** Where in the kernel the thread slept during the gap, most sampled first (measureStalls). */
  blockedOn?: string[];
}

export interface StallReport {
  /** The longest gap between ticks beyond their 1 ms period: the wall-clock stall. */
  longestMs: number;
  /** The longest gap less the time the thread waited for a CPU: the stall our code made. */
  longestOwnMs: number;
  /** The most CPU time the thread spent inside one gap: the stall of its own computing alone. */
  longestRunMs: number;
  /** The gap that was longest by its own stall, whole. */
  worstOwn: Gap | null;
  /** The gap that was longest by the wall clock, whole. */
  worstWall: Gap | null;
  /** The event-loop delay histogram's maximum (1 ms resolution), for comparison. */
  histogramMaxMs: number;
  /** Every gap with an own stall over `reportOverMs`, in order. */
  stalls: Gap[];
  elapsedMs: number;
  /** Whether the run/queued split was measured (Linux) or every gap counts as own. */
  schedulerCounters: boolean;
  /** process.hrtime in ms when the watch started (`atMs` 0), to find a gap in a CPU profile. */
  originHrMs: number;
}

const PERIOD_MS = 1;

/** The main thread's scheduler counters in ns (on a CPU, waiting for one), or null off Linux. */
function schedulerReader(): { read(): [number, number] | null; close(): void } {
  let fd: number | null = null;
  try {
    // The main thread's task id is the process id.
    fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
  } catch {
    return { read: () => null, close: () => undefined };
  }
  const buffer = Buffer.alloc(128);
  return {
    read() {
      const length = readSync(fd as number, buffer, 0, buffer.length, 0);
      const [run, queued] = buffer.toString('latin1', 0, length).split(' ');
      return [Number(run), Number(queued)];
    },
    close: () => closeSync(fd as number),
  };
}

/** The main thread's major page faults so far (field 12 of its stat), or 0 off Linux. */
function majorFaults(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'latin1');
    // Fields after the command name, which is in parentheses and may hold spaces.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[9]);
  } catch {
    return 0;
  }
}

/** Starts watching the main thread; `stop` ends the watch and reports. */
export function watchMainThread(options: { reportOverMs?: number } = {}): { stop(): StallReport } {
  const reportOver = options.reportOverMs ?? 50;
  const scheduler = schedulerReader();
  const histogram = monitorEventLoopDelay({ resolution: PERIOD_MS });
  histogram.enable();
  const pauses: Array<{ end: number; ms: number }> = [];
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceEntry[])
      pauses.push({ end: entry.startTime + entry.duration, ms: entry.duration });
  });
  gc.observe({ entryTypes: ['gc'] });

  const started = performance.now();
  const originHrMs = hrtimeMs();
  let last = started;
  let counters = scheduler.read();
  let longestMs = 0;
  let longestRunMs = 0;
  let worstWall: Gap | null = null;
  let faults = majorFaults();
  let worstOwn: Gap | null = null;
  let worstOwnMs = 0;
  const stalls: Gap[] = [];
  const pending: Gap[] = [];

  const ownOf = (gap: Gap): number => gap.lateMs - gap.queuedMs;
  const tick = (): void => {
    const now = performance.now();
    const next = scheduler.read();
    const lateMs = Math.max(0, now - last - PERIOD_MS);
    if (lateMs > 1) {
      const runMs = next && counters ? (next[0] - counters[0]) / 1e6 : lateMs;
      const queuedMs = next && counters ? (next[1] - counters[1]) / 1e6 : 0;
      // Read only after a long gap (a file read each tick would cost more than the counters).
      const faultsNow = lateMs > 10 ? majorFaults() : faults;
      const gap: Gap = { atMs: now - started, lateMs, runMs, queuedMs, gcMs: 0, majorFaults: faultsNow - faults };
      faults = faultsNow;
      if (runMs > longestRunMs) longestRunMs = runMs;
      // GC entries arrive later than the gap they fell in: matched when the watch stops.
      pending.push(gap);
      if (lateMs > longestMs) {
        longestMs = lateMs;
        worstWall = gap;
      }
    }
    last = now;
    counters = next;
    timer = setTimeout(tick, PERIOD_MS);
  };
  let timer = setTimeout(tick, PERIOD_MS);

  return {
    stop() {
      clearTimeout(timer);
      // The tick that ends a final gap may not have come: take it now.
      tick();
      clearTimeout(timer);
      histogram.disable();
      gc.disconnect();
      scheduler.close();
      for (const gap of pending) {
        const end = started + gap.atMs;
        const begin = end - gap.lateMs - PERIOD_MS;
        gap.gcMs = pauses.filter((p) => p.end > begin && p.end <= end).reduce((a, p) => a + p.ms, 0);
        const own = ownOf(gap);
        if (own > worstOwnMs) {
          worstOwnMs = own;
          worstOwn = gap;
        }
        if (own > reportOver) stalls.push(gap);
      }
      return {
        longestMs,
        longestOwnMs: worstOwnMs,
        longestRunMs,
        worstOwn,
        worstWall,
        histogramMaxMs: histogram.max / 1e6,
        stalls,
        elapsedMs: performance.now() - started,
        schedulerCounters: counters !== null,
        originHrMs,
      };
    },
  };
}

/** Runs `work` under the watch; the report covers the work and a short settle after it. */
export async function measureStalls(
  work: () => Promise<unknown>,
  options: { reportOverMs?: number; profile?: boolean } = {},
): Promise<StallReport & { workMs: number; where?: string[][] }> {
  const profiler = options.profile ? await profileMainThread() : null;
  const blocking = watchBlocking();
  const watch = watchMainThread(options);
  const started = performance.now();
  let workMs: number;
  try {
    await work();
    workMs = performance.now() - started;
    // Whatever the work left behind (a reply still being cloned, a GC) shows in the next ticks.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } catch (error) {
    watch.stop();
    await blocking?.stop([]);
    await profiler?.stop([]);
    throw error;
  }
  const report = watch.stop();
  const windowOf = (gap: Gap) => ({
    fromMs: report.originHrMs + gap.atMs - gap.lateMs - PERIOD_MS,
    toMs: report.originHrMs + gap.atMs,
  });
  const gaps = [...report.stalls, report.worstOwn, report.worstWall].filter((g): g is Gap => g !== null);
  const blockedOn = (await blocking?.stop(gaps.map(windowOf))) ?? [];
  gaps.forEach((gap, k) => (gap.blockedOn = blockedOn[k] ?? []));
  if (profiler === null) return { ...report, workMs };
  return { ...report, workMs, where: await profiler.stop(report.stalls.map(windowOf)) };
}
