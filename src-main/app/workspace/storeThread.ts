// The main side of a store worker (storeWorker.ts): start it on the open workspace with a lent
// key, pass progress on, send a cancel when the caller's signal fires, and settle with the
// worker's own reply, so a cancel that came too late reports the commit that happened. A worker
// that dies without replying becomes a typed error, never a hang.
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import type { ImportPhase, ImportProgress } from '../../import/progress.ts';
import { CancelFlag } from '../../workers/cancelFlag.ts';
import { findWorkerEntry, startModuleWorker } from '../../workers/moduleWorker.ts';
import { newProgressBoard, progressReader } from './progressBoard.ts';
import type { Workspace } from '../../store/workspace.ts';
import type {
  FromStoreWorker,
  StoreAnswer,
  StoreRequest,
  StoreWorkerData,
  ToStoreWorker,
} from './storeWorkerProtocol.ts';

/** How often the main thread reads an import's progress from shared memory (its reporter's own pace). */
const PROGRESS_POLL_MS = 100;

/** The worker entry: the built `storeWorker.js` beside the entry or its chunk, or the TypeScript source. */
export function storeWorkerUrl(base: string = import.meta.url): URL {
  const url = findWorkerEntry(base, ['./storeWorker.js', '../storeWorker.js', './storeWorker.ts']);
  if (url) return url;
  throw new AppError(
    'INTERNAL',
    'The store worker (storeWorker.js or .ts) is missing next to the app; reinstall the app.',
  );
}

/**
 * One worker of the default entry started ahead and kept idle (unreferenced: it keeps no process
 * alive): loading its modules takes a second on a loaded machine, which would otherwise delay
 * every snapshot reload after an import.
 */
let spare: { href: string; worker: Worker } | null = null;

function startIdle(entry: URL): Worker {
  const worker = startModuleWorker(entry);
  worker.unref();
  // An idle worker that fails to start or ends is simply not used.
  worker.on('error', () => undefined);
  worker.once('exit', () => {
    if (spare?.worker === worker) spare = null;
  });
  return worker;
}

/** Starts the spare worker now, so the first request (the open's snapshot read) finds it ready. */
export function prepareStoreWorker(entry: URL = storeWorkerUrl()): void {
  if (spare === null || spare.href !== entry.href) spare = { href: entry.href, worker: startIdle(entry) };
}

function takeWorker(entry: URL): Worker {
  let worker: Worker;
  if (spare !== null && spare.href === entry.href) {
    worker = spare.worker;
    spare = { href: entry.href, worker: startIdle(entry) };
  } else worker = startModuleWorker(entry);
  worker.ref();
  return worker;
}

export interface StoreWorkOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** What a worker that ends without a reply means for the caller (it may look at the workspace). */
  onCrash?: (reason: string) => AppError;
}

/** One request running in its own worker; `stop` asks it to finish (cancel) and waits for its reply. */
export interface StoreWork<T> {
  readonly done: Promise<T>;
  stop(): Promise<void>;
}

export function startStoreWork<R extends StoreRequest>(
  workspace: Workspace,
  request: R,
  options: StoreWorkOptions = {},
  entry: URL = storeWorkerUrl(),
): StoreWork<StoreAnswer<R>> {
  // Only an import writes: for its time this thread's connection is read-only (one writer).
  const giveBack = request.kind === 'import' ? workspace.lendWriter() : () => undefined;
  const board = request.kind === 'import' ? newProgressBoard() : undefined;
  let data: StoreWorkerData | undefined;
  let worker: Worker;
  const flag = new CancelFlag();
  try {
    data = {
      path: workspace.path,
      secret: workspace.lendKey(),
      request,
      cancel: flag.buffer,
      ...(board ? { progress: board } : {}),
    };
    worker = takeWorker(entry);
    worker.postMessage({ type: 'run', data } satisfies ToStoreWorker);
  } catch (error) {
    giveBack();
    throw error;
  } finally {
    // The lent copy went to the worker by structured clone: this thread's copy is not needed.
    data?.secret.key.fill(0);
    data?.secret.salt.fill(0);
  }
  // The flag is read between statements; the message wakes a worker waiting on something else.
  let cancel = (): void => {
    flag.raise();
    worker.postMessage({ type: 'cancel' } satisfies ToStoreWorker);
  };
  const done = new Promise<StoreAnswer<R>>((resolve, reject) => {
    let settled = false;
    // The phase the last message announced; the board's numbers are passed on only within it.
    let phase: ImportPhase | null = null;
    const readBoard = board === undefined ? null : progressReader(board);
    const poll =
      readBoard === null
        ? null
        : setInterval(() => {
            const progress = readBoard();
            if (progress !== null && progress.phase === phase) options.onProgress?.(progress);
          }, PROGRESS_POLL_MS);
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      if (poll !== null) clearInterval(poll);
      giveBack();
      options.signal?.removeEventListener('abort', onAbort);
      // Its reply comes after its connection closed; under tsx a worker would not end by itself.
      void worker.terminate();
      outcome();
    };
    const onAbort = (): void => cancel();
    // A read holds no transaction: it is stopped at once rather than asked. A write (an import,
    // a checkpoint) is asked, and its reply awaited: a checkpoint cannot stop midway, and the
    // key must not outlive a lock in a thread still copying pages.
    if (request.kind === 'snapshots' || request.kind === 'info')
      cancel = () =>
        settle(() => {
          reject(new AppError('CANCELLED', 'Reading the workspace was cancelled.'));
        });
    const crashed = (reason: string): void =>
      settle(() =>
        reject(
          options.onCrash?.(reason) ??
            new AppError('INTERNAL', `The store worker stopped unexpectedly (${reason}).`, reason),
        ),
      );
    worker.on('message', (message: FromStoreWorker) => {
      if (message.type === 'progress') {
        phase = message.progress.phase;
        options.onProgress?.(message.progress);
      } else if (message.ok) settle(() => resolve(message.value as StoreAnswer<R>));
      else settle(() => reject(AppError.fromPayload(message.error)));
    });
    worker.on('error', (error) => crashed(error.message));
    worker.on('exit', (code) => crashed(`the worker exited with code ${code}`));
    if (options.signal?.aborted) cancel();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      cancel();
      await done.catch(() => undefined);
    },
  };
}
