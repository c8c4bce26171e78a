// A worker that asks V8 to optimise functions in the background and replies with each one's
// optimisation status right after the call: with a background compiler the job is still queued
// or compiling, without one it was compiled on this thread at once.
import { setFlagsFromString } from 'node:v8';
import { parentPort } from 'node:worker_threads';

const port = parentPort;
if (port === null) throw new Error('optimiseProbe.ts runs only as a worker thread');
setFlagsFromString('--allow-natives-syntax');
/**
 * A function of its own source each time (V8 caches compiles by source), long enough that its
 * optimising compile takes milliseconds: a background compile cannot be done when it is read.
 */
const body = (k: number): string =>
  Array.from({ length: 300 }, (_, i) => `x = (x * 31 + a + ${i + k}) | 0;`).join('\n');
const probe = (_: unknown, k: number): number =>
  (
    new Function(`
      function work(a) { let x = 0; ${body(k)} return x; }
      %PrepareFunctionForOptimization(work);
      work(1);
      work(2);
      %OptimizeFunctionOnNextCall(work, 'concurrent');
      work(3);
      return %GetOptimizationStatus(work);
    `) as () => number
  )();
port.postMessage(Array.from({ length: 3 }, probe));
