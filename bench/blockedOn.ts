// What the main thread was blocked on: a watcher thread reads the main thread's kernel wait
// channel (/proc/self/task/<pid>/wchan, Linux) every millisecond and keeps the samples taken
// while it slept anywhere but in its event loop's poll. A blocked stall then names the kernel
// function it waited in: a futex (another thread: GC helpers, a loader, a mutex), the memory
// map's lock (another thread mapping or faulting memory), a disk read, and so on.
import { Worker } from 'node:worker_threads';
import type { Window } from './stallProfile.ts';

/**
 * Runs in the watcher thread (plain JavaScript: no loader hooks needed there): samples from a
 * "start" message until a "stop", then replies with the samples and waits for the next start.
 */
const WATCHER = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, readSync } = require('node:fs');
const fd = openSync('/proc/self/task/' + workerData.pid + '/wchan', 'r');
const buffer = Buffer.alloc(128);
let samples = null;
parentPort.on('message', (message) => {
  if (message === 'start') {
    samples = [];
    sample();
  } else {
    parentPort.postMessage(samples ?? []);
    samples = null;
  }
});
const idle = new Set(['0', 'ep_poll', 'do_epoll_wait']);
function sample() {
  if (samples === null) return;
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  const where = buffer.toString('latin1', 0, n);
  if (!idle.has(where)) samples.push([Number(process.hrtime.bigint()) / 1e6, where]);
  setTimeout(sample, 1);
}
`;

export interface BlockedWatch {
  /** For each window, where the thread slept, most sampled first: "futex_wait_queue x12". */
  stop(windows: readonly Window[]): Promise<string[][]>;
}

/**
 * One watcher thread for the whole run, kept idle between watches: a thread started and ended
 * per window took the main thread's locks itself (its exit is announced to the main thread
 * through the interrupt queue's mutex) in the window that followed.
 */
let watcher: Worker | null = null;

export function watchBlocking(): BlockedWatch | null {
  if (process.platform !== 'linux') return null;
  watcher ??= new Worker(WATCHER, { eval: true, workerData: { pid: process.pid } });
  const worker = watcher;
  worker.unref();
  worker.postMessage('start');
  return {
    async stop(windows) {
      const samples = await new Promise<Array<[number, string]>>((resolve) => {
        worker.once('message', resolve);
        worker.ref();
        worker.postMessage('stop');
      });
      worker.unref();
      return windows.map((window) => {
        const counts = new Map<string, number>();
        for (const [at, where] of samples)
          if (at >= window.fromMs && at <= window.toMs) counts.set(where, (counts.get(where) ?? 0) + 1);
        return [...counts]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 4)
          .map(([where, n]) => `${where} x${n}`);
      });
    },
  };
}
