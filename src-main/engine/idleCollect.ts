// A worker's full garbage collection, run when it has just loaded a snapshot and nobody is
// waiting: a reload leaves the previous day layout (tens of megabytes at a million rows)
// for the collector, and left to itself V8 collected it with major GCs of 2-6 ms in the
// middle of the analyst's next queries. Node exposes `gc` only behind a V8 flag, which may
// be set at run time for new contexts; where that fails, collection is left to V8.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('typeof gc === "function" ? gc : null');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Collects garbage once the current message has been answered; true if this runtime allows it. */
export function collectWhenIdle(): boolean {
  const gc = collector();
  if (gc === null) return false;
  setTimeout(gc, 0);
  return true;
}
