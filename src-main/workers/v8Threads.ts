// V8 hands background work (optimising compiles, garbage-collection helpers) to one task queue
// that every thread of the process shares, behind one mutex. On a loaded machine a thread
// preempted while holding it kept the main thread asleep 25-100 ms at a time during an import
// (perf: TaskQueue::Push under NodePlatform::CallOnWorkerThread, the main thread queueing an
// optimising compile). Workers started after this flag is set have no background compiler:
// they optimise on their own thread and never queue a compile there. The main isolate, started
// before, keeps its own (made at its start), so its compiles never run on the main thread.
// The collector's flags are not changed at run time: V8 reads some in the middle of a
// collection, and switching them during one aborted the process (a cppgc marker check).
// V8's flags belong to the process: set once, before the first worker starts.
import { setFlagsFromString } from 'node:v8';

let set = false;

/** Sets the process's V8 flags for worker threads once; a runtime that refuses keeps its own. */
export function keepV8WorkOnEachThread(): void {
  if (set) return;
  set = true;
  try {
    setFlagsFromString('--no-concurrent-recompilation');
  } catch {
    // V8's defaults stay: correct, only less responsive on a loaded machine.
  }
}
