// An import's progress handed from its store worker to the main thread through shared memory,
// not a message each time. Every message takes its port's mutex, and the sending worker holds
// it across the wake-up of the main thread; preempted there on a loaded machine, it kept the
// main thread blocked 44-68 ms at a time (seen with perf: MessagePort::OnMessage in
// pthread_mutex_lock). Now only a change of phase is a message (a handful per import); the
// numbers within a phase are written here and the main thread reads the latest on a timer.
import type { ImportPhase, ImportProgress } from '../../import/progress.ts';

const PHASES: readonly ImportPhase[] = ['hashing', 'reading', 'committing', 'done', 'removing'];
/** done, total, rate, etaSeconds (NaN for none), phase index. */
const VALUES = 5;

/** The shared memory of one import's progress: a version counter, then the values. */
export function newProgressBoard(): SharedArrayBuffer {
  return new SharedArrayBuffer(8 + VALUES * 8);
}

function views(board: SharedArrayBuffer): { version: Int32Array; values: Float64Array } {
  return { version: new Int32Array(board, 0, 2), values: new Float64Array(board, 8, VALUES) };
}

/** The worker's side: writes each report; says when its phase changed (to be sent as a message). */
export function progressWriter(board: SharedArrayBuffer): (progress: ImportProgress) => boolean {
  const { version, values } = views(board);
  let phase: ImportPhase | null = null;
  return (progress) => {
    // Odd while writing: a reader that sees it, or a change across its read, reads again.
    Atomics.add(version, 0, 1);
    values[0] = progress.done;
    values[1] = progress.total;
    values[2] = progress.rate;
    values[3] = progress.etaSeconds ?? Number.NaN;
    values[4] = PHASES.indexOf(progress.phase);
    Atomics.add(version, 0, 1);
    const changed = progress.phase !== phase;
    phase = progress.phase;
    return changed;
  };
}

/** The main thread's side: the latest report, if newer than the last one read. */
export function progressReader(board: SharedArrayBuffer): () => ImportProgress | null {
  const { version, values } = views(board);
  let seen = 0;
  return () => {
    for (;;) {
      const before = Atomics.load(version, 0);
      if (before === seen || before % 2 === 1) return null;
      const read: ImportProgress = {
        phase: PHASES[values[4] ?? 0] ?? 'reading',
        done: values[0] ?? 0,
        total: values[1] ?? 0,
        rate: values[2] ?? 0,
        etaSeconds: Number.isNaN(values[3]) ? null : (values[3] ?? null),
      };
      if (Atomics.load(version, 0) !== before) continue;
      seen = before;
      return read;
    }
  };
}
