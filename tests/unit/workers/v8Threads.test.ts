// A worker started the app's way compiles on its own thread: it never queues work on V8's task
// queue, which every thread of the process shares and where the main thread was kept waiting
// behind a preempted worker. Read from V8 itself, in a fresh process (the flags are the
// process's): a long function asked to be optimised in the background is still queued when
// read only where there is a background compiler. A worker started before the app's first is
// the control: were the flag not set, ours would read as it does.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** V8's optimisation status bits (runtime.h): optimised by TurboFan; queued or compiling for it. */
const TURBOFANNED = 1 << 6;
const QUEUED = (1 << 9) | (1 << 10);

describe("a worker started the app's way", () => {
  it('optimises on its own thread, where one started before compiles in the background', async () => {
    const script = fileURLToPath(new URL('./compileThreads.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script]);
    const { plain, ours } = JSON.parse(stdout) as { plain: number[]; ours: number[] };
    // In the background: still queued or compiling when read, unless the thread lost its core
    // between the call and the read for as long as the compile took (a loaded machine): one of
    // three is enough to show there is a background compiler.
    expect(plain.some((status) => (status & QUEUED) !== 0)).toBe(true);
    // On its own thread: never queued, compiled at once (V8 may still decline one).
    expect(ours.map((status) => (status & QUEUED) !== 0)).toEqual([false, false, false]);
    expect(ours.some((status) => (status & TURBOFANNED) !== 0)).toBe(true);
    expect(ours).toHaveLength(3);
  });
});
