// The release worker kept warm: every protection across a release runs in it, however small,
// since with earlier tables linked a small table's linear programs can still hold a thread for
// a second. Starting a worker (its modules, HiGHS) costs more than a small table's work, so one
// is started idle after a workspace opens (or by the first job), reused job after job, and
// ended when the workspace locks or closes. Idle, it keeps no process alive.
//
// It runs one job at a time: a job that finds it busy gets a worker of its own, ended after
// (or kept warm, if none is); past two threads at work, a job waits its turn, so a burst of
// requests cannot start a worker each on a two-core machine. A cancel terminates the job's
// worker at once, warm or not: the next job starts a fresh one. A job whose worker is left
// waiting (the engine's counts failed) or that failed in it ends that worker too, so a worker
// kept warm is always idle and never one a failure may have left broken (HiGHS's heap). A
// large job's worker is replaced by a fresh idle one after it: a worker's heap and WebAssembly
// memory never shrink, and a warm worker must not hold a large release's peak for the session.
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';
import { findWorkerEntry, startModuleWorker } from '../workers/moduleWorker.ts';
import type { WorkOptions } from './attackerBounds.ts';
import type { ReleaseInput, ReleaseResult } from './protectRelease.ts';
import type { FromReleaseWorker, ToReleaseWorker } from './releaseWorkerProtocol.ts';

export function releaseWorkerUrl(base: string = import.meta.url): URL {
  const url = findWorkerEntry(base, ['./releaseWorker.js', '../releaseWorker.js', './releaseWorker.ts']);
  if (url) return url;
  throw new AppError(
    'INTERNAL',
    'The release worker (releaseWorker.js or .ts) is missing next to the app; reinstall the app.',
  );
}

const CANCELLED = 'Protecting the table was cancelled.';

function abortError(): Error {
  const error = new Error(CANCELLED);
  error.name = 'AbortError';
  return error;
}

/** Moved on by every lock or close: a thread started before one is never kept warm after it. */
let generation = 0;

interface RunningJob {
  id: number;
  input: ReleaseInput;
  options: WorkOptions;
  resolve(result: ReleaseResult): void;
  reject(error: unknown): void;
}

class ReleaseThread {
  readonly worker: Worker;
  readonly generation = generation;
  private job: RunningJob | null = null;
  private nextJob = 1;
  /** Set once the thread has died or been ended: it takes no more jobs. */
  ended = false;
  /** Held by a job, from before it is sent until it is given back. */
  lent = false;

  constructor(readonly href: string) {
    this.worker = startModuleWorker(new URL(href));
    this.worker.on('message', (message: FromReleaseWorker) => this.heard(message));
    this.worker.on('error', (error) =>
      this.fail(new AppError('INTERNAL', `The release worker failed: ${error.message}`)),
    );
    this.worker.on('exit', (code) =>
      this.fail(new AppError('INTERNAL', `The release worker stopped (exit code ${code}) before it finished.`)),
    );
  }

  run(input: ReleaseInput, options: WorkOptions): Promise<ReleaseResult> {
    return new Promise((resolve, reject) => {
      const id = this.nextJob++;
      this.job = { id, input, options, resolve, reject };
      // The engine's counts stay here: the worker asks for them by message.
      const { leafValues: _asked, ...rest } = input;
      this.worker.postMessage({ type: 'job', job: id, input: rest } satisfies ToReleaseWorker);
    });
  }

  private heard(message: FromReleaseWorker): void {
    const job = this.job;
    // A job ended meanwhile asks nothing more of this thread (the engine's counts).
    if (job === null || message.job !== job.id) return;
    switch (message.type) {
      case 'leafValues':
        job.input.leafValues(message.leaves, message.measure).then(
          (values) => {
            if (this.job === job)
              this.worker.postMessage({
                type: 'leafValues',
                job: job.id,
                id: message.id,
                values,
              } satisfies ToReleaseWorker);
          },
          (error: unknown) => {
            // The worker would wait for these counts for ever: it goes with the job.
            this.settle((j) => j.reject(error));
            void this.end();
          },
        );
        return;
      case 'progress':
        job.options.onProgress?.(message.done, message.total);
        return;
      case 'done':
        this.settle((j) => j.resolve(message.value));
        return;
      case 'error':
        this.settle((j) => j.reject(AppError.fromPayload(message.error)));
        void this.end();
    }
  }

  private settle(outcome: (job: RunningJob) => void): void {
    const job = this.job;
    if (job === null) return;
    this.job = null;
    outcome(job);
  }

  /** Fails the job in flight with `error`, and takes no more. */
  fail(error: unknown): void {
    this.ended = true;
    this.settle((job) => job.reject(error));
  }

  end(): Promise<number> {
    this.fail(abortError());
    return this.worker.terminate();
  }
}

/** The thread kept warm, idle or running a job. */
let warm: ReleaseThread | null = null;

function startThread(href: string): ReleaseThread {
  const thread = new ReleaseThread(href);
  thread.worker.once('exit', () => {
    if (warm === thread) warm = null;
  });
  return thread;
}

/**
 * Starts the warm release worker now, idle (it keeps no process alive), so the next protection
 * finds its modules loaded: called a while after a workspace opens.
 */
export function prepareReleaseWorker(entry: URL = releaseWorkerUrl()): void {
  if (warm !== null && !warm.ended && warm.href === entry.href) return;
  if (warm !== null && !warm.lent) void warm.end();
  const thread = startThread(entry.href);
  thread.worker.unref();
  warm = thread;
}

/** Ends the warm release worker (the workspace locked or closed); a job running keeps its worker until done. */
export async function endReleaseWorker(): Promise<void> {
  generation++;
  const kept = warm;
  warm = null;
  if (kept !== null && !kept.lent) await kept.end();
}

/** The warm thread's worker, or null (tests: reuse, and a close ends it). */
export function warmReleaseWorker(): Worker | null {
  return warm?.worker ?? null;
}

/** The warm thread if it is idle and on this entry; else a thread of the job's own. */
function threadFor(href: string): ReleaseThread {
  const free = warm !== null && !warm.lent && !warm.ended && warm.href === href ? warm : null;
  const thread = free ?? startThread(href);
  if (warm === null || warm.ended) warm = thread;
  thread.lent = true;
  return thread;
}

/**
 * Done with a job: the warm thread idles unreferenced; any other, or one from before a close,
 * ends. After a `large` job the warm thread is replaced by a fresh idle one.
 */
function giveBack(thread: ReleaseThread, large: boolean): void {
  thread.lent = false;
  if (thread.ended) return;
  const keptWarm = warm === thread && thread.generation === generation;
  if (keptWarm && !large) {
    thread.worker.unref();
    return;
  }
  if (warm === thread) warm = null;
  void thread.end();
  if (keptWarm) prepareReleaseWorker(new URL(thread.href));
}

/** Threads at work at most: the warm one and one more. */
const MOST_AT_WORK = 2;
let atWork = 0;
const waiting: Array<() => void> = [];

/** Waits until fewer than MOST_AT_WORK threads are at work, then counts this job in; a cancel while waiting rejects. */
async function turn(signal: AbortSignal | undefined): Promise<void> {
  if (atWork < MOST_AT_WORK) {
    atWork++;
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const go = (): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = (): void => {
      waiting.splice(waiting.indexOf(go), 1);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    waiting.push(go);
  });
}

/** This job's turn passes to the first waiting, if any. */
function endTurn(): void {
  const next = waiting.shift();
  if (next) next();
  else atWork--;
}

/** Releases whose tables hold at least this many numbers together leave their worker replaced after. */
export const LARGE_RELEASE_CELLS = 1000;

function cellsOf(input: ReleaseInput): number {
  const own = input.raw.counts.length * (input.raw.counts[0]?.length ?? 0);
  return input.earlier.reduce((sum, t) => sum + t.cells.length, own);
}

/**
 * protectInRelease in a release worker, warm if one is free; the signal's cancel terminates that
 * worker. `entry` names another worker entry (tests).
 */
export async function protectInReleaseOffThread(
  input: ReleaseInput,
  options: WorkOptions = {},
  entry: URL = releaseWorkerUrl(),
): Promise<ReleaseResult> {
  if (options.signal?.aborted) throw abortError();
  await turn(options.signal);
  try {
    if (options.signal?.aborted) throw abortError();
    return await runOnThread(input, options, entry);
  } finally {
    endTurn();
  }
}

async function runOnThread(input: ReleaseInput, options: WorkOptions, entry: URL): Promise<ReleaseResult> {
  const thread = threadFor(entry.href);
  // Working, it keeps the process alive until its reply comes.
  thread.worker.ref();
  const onAbort = (): void => {
    if (warm === thread) warm = null;
    void thread.end();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await thread.run(input, options);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    giveBack(thread, cellsOf(input) >= LARGE_RELEASE_CELLS);
  }
}
