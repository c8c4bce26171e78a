// Starts the query workers and talks to them: one request, one reply, matched by id.
// A dead worker rejects everything still pending, so no caller waits forever.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';
import {
  isSpeculative,
  type WorkerMessage,
  type WorkerReply,
  type WorkerRequest,
  type WorkerStart,
} from './workerProtocol.ts';

/** The worker entry beside this module: the TypeScript source in dev and tests, the built `.js` in production. */
export function workerEntryUrl(base: string = import.meta.url): URL {
  // Built: the pool may sit in dist/main/chunks/ while the worker is dist/main/engineWorker.js.
  for (const name of ['./engineWorker.js', '../engineWorker.js', './engineWorker.ts']) {
    const url = new URL(name, base);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new AppError(
    'INTERNAL',
    'The engine worker (engineWorker.js or .ts) is missing next to the engine; reinstall the app.',
  );
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly pending: Map<number, Pending>[] = [];
  private nextId = 1;
  private closed = false;
  /** Real requests posted to each worker and not yet started (see WorkerStart). */
  private readonly demand: Int32Array;

  constructor(size: number, entry: URL = workerEntryUrl()) {
    const typescript = entry.pathname.endsWith('.ts');
    this.demand = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, size)));
    for (let w = 0; w < size; w++) {
      const workerData: WorkerStart = { demand: this.demand, slot: w };
      // Node checks a worker entry's extension before any loader runs, so a TypeScript entry
      // is imported from a one-line script once tsx has registered its hooks.
      const worker = typescript
        ? new Worker(
            `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`,
            { eval: true, workerData },
          )
        : new Worker(entry, { workerData });
      const pending = new Map<number, Pending>();
      worker.on('message', (reply: WorkerReply) => {
        const waiter = pending.get(reply.id);
        if (!waiter) return;
        pending.delete(reply.id);
        if (pending.size === 0) worker.unref();
        if (reply.ok) waiter.resolve(reply.value);
        else waiter.reject(new AppError('INTERNAL', `The query engine failed: ${reply.message}`));
      });
      const failAll = (error: Error): void => {
        for (const waiter of pending.values()) waiter.reject(error);
        pending.clear();
      };
      worker.on('error', (error) => failAll(new AppError('INTERNAL', `A query worker crashed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!this.closed)
          failAll(new AppError('INTERNAL', `A query worker stopped (exit code ${code}); reopen the workspace.`));
      });
      worker.unref();
      this.workers.push(worker);
      this.pending.push(pending);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  call<T>(worker: number, request: WorkerRequest): Promise<T> {
    if (this.closed) return Promise.reject(new AppError('INTERNAL', 'The query engine has been disposed.'));
    const target = this.workers[worker];
    const pending = this.pending[worker];
    if (!target || !pending) return Promise.reject(new Error(`no worker ${worker}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      // Referenced only while it owes a reply: an idle engine never keeps the process alive.
      target.ref();
      const message: WorkerMessage = { id, request };
      if (!isSpeculative(request)) Atomics.add(this.demand, worker, 1);
      target.postMessage(message);
    });
  }

  /** The same request to every worker (each answers for its own rows). */
  all<T>(request: (worker: number) => WorkerRequest): Promise<T[]> {
    return Promise.all(this.workers.map((_, w) => this.call<T>(w, request(w))));
  }

  /**
   * The same request to every worker, settled as soon as the replies received are `enough`
   * (or all have come): a worker scheduled late need not hold up a job the others finished.
   */
  until<T>(request: (worker: number) => WorkerRequest, enough: (replies: readonly T[]) => boolean): Promise<T[]> {
    return new Promise<T[]>((resolve, reject) => {
      const replies: T[] = [];
      let settled = false;
      let waiting = this.workers.length;
      this.workers.forEach((_, w) => {
        this.call<T>(w, request(w)).then(
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
    for (const pending of this.pending) {
      for (const waiter of pending.values()) waiter.reject(new AppError('CANCELLED', 'The query engine was closed.'));
      pending.clear();
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
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
