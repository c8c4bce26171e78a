// A cancel flag raised on this thread is seen by a worker that never returns to its event loop,
// where no message could reach it: the way a store worker writing queued batches hears a
// cancel. Real worker thread, real shared memory; were the flag copied, the worker would spin on.
// The same cell decides a cancel racing a commit: whichever changes it first wins.
import { describe, expect, it } from 'vitest';
import { startModuleWorker } from '../../../src-main/workers/moduleWorker.ts';
import { CancelFlag } from '../../../src-main/workers/cancelFlag.ts';

type FromSpinner = { type: 'spinning' } | { type: 'stopped'; turns: number };

describe('a cancel flag', () => {
  it('starts lowered and stays raised', () => {
    const flag = new CancelFlag();
    expect(flag.raised).toBe(false);
    flag.raise();
    flag.raise();
    expect(flag.raised).toBe(true);
    // Another view of the same memory sees it too.
    expect(new CancelFlag(flag.buffer).raised).toBe(true);
  });

  it('lets a cancel and a commit each win only when it comes first', () => {
    const cancelFirst = new CancelFlag();
    expect(cancelFirst.raise()).toBe(true);
    expect(cancelFirst.claimCommit()).toBe(false);
    expect(cancelFirst.raised).toBe(true);
    const commitFirst = new CancelFlag();
    expect(commitFirst.claimCommit()).toBe(true);
    expect(commitFirst.raise()).toBe(false);
    // The work goes on to commit: it must not read the late cancel as a stop.
    expect(commitFirst.raised).toBe(false);
    expect(new CancelFlag(commitFirst.buffer).claimCommit()).toBe(true);
  });

  it('reaches a worker spinning synchronously', async () => {
    const flag = new CancelFlag();
    const worker = startModuleWorker(new URL('./spinUntilRaised.ts', import.meta.url), { workerData: flag.buffer });
    const messages: FromSpinner[] = [];
    const stopped = new Promise<FromSpinner>((resolve, reject) => {
      worker.on('message', (message: FromSpinner) => {
        messages.push(message);
        if (message.type === 'spinning') flag.raise();
        else resolve(message);
      });
      worker.on('error', reject);
    });
    await stopped;
    expect(messages.map((m) => m.type)).toEqual(['spinning', 'stopped']);
    await worker.terminate();
  });
});
