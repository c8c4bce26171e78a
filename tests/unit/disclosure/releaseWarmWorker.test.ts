// Every protection across a release runs in the release worker kept warm, however small the
// release: the main thread stays free while its linear programs run, one worker serves job
// after job, a cancel ends it and the next job starts another, and idle or closed it keeps no
// process alive. Real worker threads running the real protection.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { protectInRelease, type ReleaseInput } from '../../../src-main/disclosure/protectRelease.ts';
import { protectInReleaseOffThread } from '../../../src-main/disclosure/releaseThread.ts';
import {
  endReleaseWorker,
  LARGE_RELEASE_CELLS,
  warmReleaseWorker,
} from '../../../src-main/disclosure/releaseThread.ts';
import { linkedSmallRelease } from '../../helpers/linkedSmallRelease.ts';
import { releaseWorkers } from '../../helpers/watchedReleaseWorkers.ts';

vi.mock('../../../src-main/workers/moduleWorker.ts', async (original) =>
  (await import('../../helpers/watchedReleaseWorkers.ts')).watchedModuleWorker(await original()),
);

afterEach(async () => {
  await releaseWorkers.reset();
  await endReleaseWorker();
});

/** The numbers a release's tables hold together, as the old in-place rule counted them. */
function numbersOf(input: ReleaseInput): number {
  const own = input.raw.counts.length * input.raw.counts[0]!.length;
  return input.earlier.reduce((sum, t) => sum + t.cells.length, own);
}

/** Turns of the event loop from `start()` on, by a chain of setImmediate. */
function loopTurns() {
  let turns = 0;
  let running = false;
  const turn = (): void => {
    if (!running) return;
    turns++;
    setImmediate(turn);
  };
  return {
    start() {
      if (running) return;
      running = true;
      setImmediate(turn);
    },
    stop(): number {
      running = false;
      return turns;
    },
  };
}

function workerExits(): Promise<number>[] {
  return releaseWorkers.started.map((w) => w.exited);
}

describe('the warm release worker', () => {
  it('protects a small release off the main thread, which keeps turning while its LPs run', async () => {
    const input = await linkedSmallRelease({ scale: 60 });
    // Small by the old rule, which protected it in place.
    expect(numbersOf(input)).toBeLessThan(1000);
    const turns = loopTurns();
    // The protection's held point: once the engine's counts are handed back, only linear
    // programs are left. On this thread they would run to the end before the loop turned again.
    const asked = input.leafValues;
    const held: ReleaseInput = {
      ...input,
      leafValues: async (leaves, measure) => {
        const values = await asked(leaves, measure);
        turns.start();
        return values;
      },
    };
    const result = await protectInReleaseOffThread(held);
    const turnsWhileProtecting = turns.stop();
    expect(turnsWhileProtecting).toBeGreaterThan(0);
    expect(releaseWorkers.started.length).toBe(1);
    expect(releaseWorkers.started[0]!.sent).toContain('job');
    expect(result).toEqual(await protectInRelease(input));
  });

  it('serves two jobs in a row from one worker thread, kept warm between them', async () => {
    const first = await protectInReleaseOffThread(await linkedSmallRelease({ scale: 1500 }));
    const warm = warmReleaseWorker();
    expect(warm).not.toBeNull();
    const second = await protectInReleaseOffThread(await linkedSmallRelease({ scale: 1500, seed: 11 }));
    expect(releaseWorkers.started.map((w) => w.threadId)).toEqual([warm!.threadId]);
    expect(warmReleaseWorker()?.threadId).toBe(warm!.threadId);
    expect(releaseWorkers.started[0]!.sent.filter((t) => t === 'job')).toHaveLength(2);
    expect(releaseWorkers.started[0]!.posted.filter((t) => t === 'done')).toHaveLength(2);
    expect(first.cells.length).toBe(second.cells.length);
  });

  it('gives a job that finds the warm worker busy a worker of its own, ended after', async () => {
    const [a, b] = await Promise.all([
      protectInReleaseOffThread(await linkedSmallRelease({ scale: 1500 })),
      protectInReleaseOffThread(await linkedSmallRelease({ scale: 1500, seed: 11 })),
    ]);
    expect(a.cells.length).toBe(b.cells.length);
    expect(releaseWorkers.started).toHaveLength(2);
    // The first stays warm; the second goes.
    expect(warmReleaseWorker()?.threadId).toBe(releaseWorkers.started[0]!.threadId);
    await releaseWorkers.started[1]!.exited;
  });

  it('is cancelled mid-job by ending its worker, and the next job starts a fresh one', async () => {
    const input = await linkedSmallRelease({ scale: 1500 });
    const controller = new AbortController();
    // Held at a known point: the worker waits for the engine's counts when the cancel comes.
    releaseWorkers.onAsk = () => controller.abort();
    await expect(protectInReleaseOffThread(input, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await Promise.all(workerExits());
    expect(releaseWorkers.started[0]!.posted).not.toContain('done');
    expect(warmReleaseWorker()).toBeNull();

    releaseWorkers.onAsk = null;
    const result = await protectInReleaseOffThread(input);
    expect(result).toEqual(await protectInRelease(input));
    expect(releaseWorkers.started).toHaveLength(2);
    expect(warmReleaseWorker()?.threadId).toBe(releaseWorkers.started[1]!.threadId);
  });

  it('is ended by a close, and the next job starts another', async () => {
    await protectInReleaseOffThread(await linkedSmallRelease({ scale: 1500 }));
    expect(warmReleaseWorker()).not.toBeNull();
    await endReleaseWorker();
    await Promise.all(workerExits());
    expect(warmReleaseWorker()).toBeNull();
    await protectInReleaseOffThread(await linkedSmallRelease({ scale: 1500 }));
    expect(releaseWorkers.started).toHaveLength(2);
  });

  it('ends a worker whose job failed in it, and the next job starts a fresh one', async () => {
    const input = await linkedSmallRelease({ scale: 1500 });
    // No categories known for the scope's fields: the protection throws inside the worker.
    await expect(protectInReleaseOffThread({ ...input, domains: {} })).rejects.toThrow(/categories of age/);
    await Promise.all(workerExits());
    expect(releaseWorkers.started[0]!.posted).toContain('error');
    const result = await protectInReleaseOffThread(input);
    expect(result).toEqual(await protectInRelease(input));
    expect(releaseWorkers.started).toHaveLength(2);
    expect(warmReleaseWorker()?.threadId).toBe(releaseWorkers.started[1]!.threadId);
  });

  it('replaces its worker with a fresh idle one after a large release', async () => {
    const input = await linkedSmallRelease({ scale: 1500 });
    // The same earlier tables printed again and again: the same protection, over many numbers.
    const large: ReleaseInput = {
      ...input,
      earlier: Array.from({ length: 8 }, (_, copy) =>
        input.earlier.map((t) => ({ ...t, label: `${t.label}, copy ${copy}` })),
      ).flat(),
    };
    expect(numbersOf(large)).toBeGreaterThanOrEqual(LARGE_RELEASE_CELLS);
    expect(await protectInReleaseOffThread(large)).toEqual(await protectInRelease(input));
    await releaseWorkers.started[0]!.exited;
    const fresh = warmReleaseWorker();
    expect(fresh?.threadId).toBe(releaseWorkers.started[1]!.threadId);
    expect(releaseWorkers.started[1]!.sent).toEqual([]);
    // A small one after it is served by that fresh worker, which stays.
    await protectInReleaseOffThread(input);
    expect(releaseWorkers.started).toHaveLength(2);
    expect(warmReleaseWorker()?.threadId).toBe(fresh!.threadId);
  });

  it('lets no more than two workers work at once: a third job waits its turn', async () => {
    const inputs = await Promise.all([7, 11, 13].map((seed) => linkedSmallRelease({ scale: 1500, seed })));
    // Each job is held where its worker asks for the engine's counts, until two have asked.
    let asked = 0;
    let twoAsked!: () => void;
    const bothAsked = new Promise<void>((resolve) => (twoAsked = resolve));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = inputs.map((input): ReleaseInput => ({
      ...input,
      leafValues: async (leaves, measure) => {
        if (++asked === 2) twoAsked();
        await gate;
        return input.leafValues(leaves, measure);
      },
    }));
    const running = Promise.all(held.map((input) => protectInReleaseOffThread(input)));
    await bothAsked;
    // Two workers have started and asked; the third job has started none while they work.
    expect(releaseWorkers.started).toHaveLength(2);
    open();
    const results = await running;
    for (const [i, input] of inputs.entries()) expect(results[i]).toEqual(await protectInRelease(input));
  });

  it('keeps no process alive once its job is done', async () => {
    const script = fileURLToPath(new URL('../../helpers/releaseThenExit.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    // A hung child is not left behind when the test fails.
    onTestFinished(() => void child.kill());
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    // A worker left referenced would hold the process until the test's timeout.
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(out).toMatch(/^protected \d+ numbers\n$/);
    expect(code).toBe(0);
  });
});
