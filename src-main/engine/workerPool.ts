// Starts the query workers and talks to them: one request, one reply, matched by id, typed
// by the request's op. A worker's AppError keeps its code across the thread; a dead worker
// rejects everything still pending, so no caller waits forever. A cancelled job stops its
// work: skipped if its worker has not started it, else the worker is stopped at once and
// started again in its slot with what it held (its snapshots are shared memory, so that is a
// replay of its load messages, not a copy of the data).
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';
import { findWorkerEntry, startModuleWorker } from '../workers/moduleWorker.ts';
import {
  isSpeculative,
  isStateRequest,
  type ReplyOf,
  type WorkerMessage,
  type WorkerReply,
  type WorkerRequest,
  type WorkerStart,
} from './workerProtocol.ts';

/** The worker entry beside this module: the TypeScript source in dev and tests, the built `.js` in production. */
export function workerEntryUrl(base: string = import.meta.url): URL {
  // Built: the pool may sit in dist/main/chunks/ while the worker is dist/main/engineWorker.js.
  const url = findWorkerEntry(base, ['./engineWorker.js', '../engineWorker.js', './engineWorker.ts']);
  if (url) return url;
  throw new AppError(
    'INTERNAL',
    'The engine worker (engineWorker.js or .ts) is missing next to the engine; reinstall the app.',
  );
}

export interface JobOptions {
  /** Aborting rejects the job with CANCELLED and stops its worker's work on it. */
  signal?: AbortSignal | undefined;
}

interface Job {
  id: number;
  request: WorkerRequest;
  cancelled: Int32Array;
  settle(reply: WorkerReply): void;
  fail(error: Error): void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  /** The load, layouts and drop messages that make up what the worker holds, by cohort: replayed on a restart. */
  held: Map<string, WorkerRequest>;
}

const cancelledError = (): AppError => new AppError('CANCELLED', 'The query was cancelled.');

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  /** Real requests posted to each worker and not yet started (see WorkerStart). */
  private readonly demand: Int32Array;
  /** The job each worker is running (0: none). */
  private readonly running: Int32Array;
  private cancelledJobs = 0;
  private restartCount = 0;

  constructor(
    size: number,
    private readonly entry: URL = workerEntryUrl(),
  ) {
    this.demand = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, size)));
    this.running = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, size)));
    for (let w = 0; w < size; w++) this.slots.push({ worker: this.spawn(w), jobs: new Map(), held: new Map() });
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * Jobs cancelled so far, workers stopped and started again to cancel the one they were
   * running, and workers running a job now.
   */
  get stats(): { cancelled: number; restarts: number; running: number } {
    const running = this.slots.filter((_, w) => Atomics.load(this.running, w) !== 0).length;
    return { cancelled: this.cancelledJobs, restarts: this.restartCount, running };
  }

  private spawn(w: number): Worker {
    const workerData: WorkerStart = { demand: this.demand, running: this.running, slot: w };
    const worker = startModuleWorker(this.entry, { workerData });
    worker.on('message', (reply: WorkerReply) => {
      const slot = this.slots[w];
      const job = slot?.jobs.get(reply.id);
      if (!slot || !job) return;
      slot.jobs.delete(reply.id);
      if (slot.jobs.size === 0) worker.unref();
      job.settle(reply);
    });
    worker.on('error', (error) =>
      this.failAll(w, new AppError('INTERNAL', `A query worker crashed: ${error.message}`)),
    );
    worker.on('exit', (code) => {
      if (!this.closed)
        this.failAll(w, new AppError('INTERNAL', `A query worker stopped (exit code ${code}); reopen the workspace.`));
    });
    worker.unref();
    return worker;
  }

  private failAll(w: number, error: Error): void {
    const slot = this.slots[w];
    if (!slot) return;
    for (const job of slot.jobs.values()) job.fail(error);
    slot.jobs.clear();
  }

  private post(w: number, job: Job): void {
    const slot = this.slots[w] as Slot;
    slot.jobs.set(job.id, job);
    // Referenced only while it owes a reply: an idle engine never keeps the process alive.
    slot.worker.ref();
    if (!isSpeculative(job.request)) Atomics.add(this.demand, w, 1);
    const message: WorkerMessage = { id: job.id, cancelled: job.cancelled, request: job.request };
    slot.worker.postMessage(message);
  }

  private remember(slot: Slot, request: WorkerRequest): void {
    if (request.op === 'load') {
      const cohort = request.snapshot.cohort;
      slot.held.delete(`layouts:${cohort}`);
      slot.held.delete(`load:${cohort}`);
      slot.held.set(`load:${cohort}`, request);
    } else if (request.op === 'layouts') {
      slot.held.delete(`layouts:${request.cohort}`);
      slot.held.set(`layouts:${request.cohort}`, request);
    } else if (request.op === 'drop') {
      slot.held.delete(`load:${request.cohort}`);
      slot.held.delete(`layouts:${request.cohort}`);
    }
  }

  call<R extends WorkerRequest>(worker: number, request: R, options: JobOptions = {}): Promise<ReplyOf<R>> {
    if (this.closed) return Promise.reject(new AppError('INTERNAL', 'The query engine has been disposed.'));
    const slot = this.slots[worker];
    if (!slot) return Promise.reject(new AppError('INTERNAL', `There is no query worker ${worker}.`));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(cancelledError());
    return new Promise<ReplyOf<R>>((resolve, reject) => {
      const onAbort = (): void => this.cancel(worker, job);
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      const job: Job = {
        id: this.nextId++,
        request,
        cancelled: new Int32Array(new SharedArrayBuffer(4)),
        settle: (reply) => {
          done();
          if (reply.status === 'done' && reply.op === request.op) {
            // The reply names its request's op, whose reply type ReplyOf<R> is; the compiler
            // cannot relate a generic op to a narrowed one.
            resolve(reply.value as ReplyOf<R>);
          } else if (reply.status === 'failed') {
            const { code, message, coded } = reply.error;
            reject(
              coded ? new AppError(code, message) : new AppError('INTERNAL', `The query engine failed: ${message}`),
            );
          } else if (reply.status === 'skipped') {
            reject(cancelledError());
          } else {
            reject(new AppError('INTERNAL', `A query worker answered ${request.op} with ${reply.op}.`));
          }
        },
        fail: (error) => {
          done();
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (isStateRequest(request)) this.remember(slot, request);
      this.post(worker, job);
    });
  }

  /**
   * Cancels a job: a worker that has not started it skips it (its flag is set); a worker
   * running it is stopped at once and started again with what it held, and its other jobs
   * posted to the new one.
   */
  private cancel(w: number, job: Job): void {
    const slot = this.slots[w];
    if (!slot || !slot.jobs.has(job.id) || this.closed) return;
    Atomics.store(job.cancelled, 0, 1);
    slot.jobs.delete(job.id);
    this.cancelledJobs++;
    if (Atomics.load(this.running, w) === job.id) this.restart(w);
    else if (slot.jobs.size === 0) slot.worker.unref();
    job.fail(cancelledError());
  }

  private restart(w: number): void {
    const slot = this.slots[w] as Slot;
    const old = slot.worker;
    old.removeAllListeners();
    old.terminate().catch(() => undefined);
    this.restartCount++;
    Atomics.store(this.demand, w, 0);
    Atomics.store(this.running, w, 0);
    const pending = [...slot.jobs.values()];
    slot.jobs.clear();
    slot.worker = this.spawn(w);
    for (const request of slot.held.values())
      this.post(w, {
        id: this.nextId++,
        request,
        cancelled: new Int32Array(new SharedArrayBuffer(4)),
        settle: () => undefined,
        fail: () => undefined,
      });
    for (const job of pending) this.post(w, job);
    if (slot.jobs.size === 0) slot.worker.unref();
  }

  /** The same request to every worker (each answers for its own rows). */
  all<R extends WorkerRequest>(request: (worker: number) => R, options: JobOptions = {}): Promise<ReplyOf<R>[]> {
    return Promise.all(this.slots.map((_, w) => this.call(w, request(w), options)));
  }

  /**
   * The same request to every worker, settled as soon as the replies received are `enough`
   * (or all have come): a worker scheduled late need not hold up a job the others finished.
   */
  until<R extends WorkerRequest>(
    request: (worker: number) => R,
    enough: (replies: readonly ReplyOf<R>[]) => boolean,
    options: JobOptions = {},
  ): Promise<ReplyOf<R>[]> {
    return new Promise<ReplyOf<R>[]>((resolve, reject) => {
      const replies: ReplyOf<R>[] = [];
      let settled = false;
      let waiting = this.slots.length;
      this.slots.forEach((_, w) => {
        this.call(w, request(w), options).then(
          (reply) => {
            if (settled) return;
            replies.push(reply);
            waiting--;
            if (waiting === 0 || enough(replies)) {
              settled = true;
              resolve(replies);
            }
          },
          (error: Error) => {
            if (settled) return;
            settled = true;
            reject(error);
          },
        );
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) {
      for (const job of slot.jobs.values()) job.fail(new AppError('CANCELLED', 'The query engine was closed.'));
      slot.jobs.clear();
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** Row boundaries that split the snapshot into `parts` ranges without cutting a person's rows apart. */
export function splitAtPersons(personIds: Int32Array, parts: number): number[] {
  const n = personIds.length;
  const bounds = [0];
  for (let p = 1; p < parts; p++) {
    let cut = Math.max(bounds[bounds.length - 1] as number, Math.floor((n * p) / parts));
    while (cut > 0 && cut < n && personIds[cut] === personIds[cut - 1]) cut++;
    bounds.push(cut);
  }
  bounds.push(n);
  return bounds;
}
