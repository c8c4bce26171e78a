// The main side of a store worker (storeWorker.ts): start it on the open workspace with a lent
// key, pass progress on, send a cancel when the caller's signal fires, and settle with the
// worker's own reply, so a cancel that came too late reports the commit that happened; an
// import's cancel that comes before its commit is answered at once (the flag keeps the worker
// from committing) while the worker rolls back. A worker that dies without replying becomes a
// typed error, never a hang.
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import type { ImportPhase, ImportProgress } from '../../import/progress.ts';
import { CancelFlag } from '../../workers/cancelFlag.ts';
import { importCancelled } from '../../import/runImport.ts';
import { deletionCancelled } from '../../store/importBatches.ts';
import { findWorkerEntry, startModuleWorker } from '../../workers/moduleWorker.ts';
import { newProgressBoard, progressReader } from './progressBoard.ts';
import type { Workspace } from '../../store/workspace.ts';
import type { DerivedKey } from '../../store/workspaceKey.ts';
import type {
  FromStoreWorker,
  StoreAnswer,
  StoreRequest,
  StoreWorkerData,
  ToStoreWorker,
} from './storeWorkerProtocol.ts';
import { writesToStore } from './storeWorkerProtocol.ts';

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
let spare: { href: string; worker: Worker; renew: boolean } | null = null;

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

/**
 * Starts the spare worker now, so the first request (the open's snapshot read) finds it ready.
 * `renew: false` (a one-off command): once taken, no other is started in its place.
 */
export function prepareStoreWorker(entry: URL = storeWorkerUrl(), options: { renew?: boolean } = {}): void {
  if (spare === null || spare.href !== entry.href)
    spare = { href: entry.href, worker: startIdle(entry), renew: options.renew ?? true };
}

function takeWorker(entry: URL): Worker {
  let worker: Worker;
  if (spare !== null && spare.href === entry.href) {
    worker = spare.worker;
    spare = spare.renew ? { href: entry.href, worker: startIdle(entry), renew: true } : null;
  } else worker = startModuleWorker(entry);
  worker.ref();
  return worker;
}

export interface StoreWorkOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** What a worker that ends without a reply means for the caller (it may look at the workspace). */
  onCrash?: (reason: string) => AppError;
  /**
   * The removal of rows an import stored unpublished (an earlier one's left over, before its
   * own rows, or its own after a late cancel, which goes on after the answer): its progress,
   * then null once it is over or stopped.
   */
  onRemoval?: (progress: ImportProgress | null) => void;
  /** An import's ImportStepBoard buffer, written by the worker as each step begins (tests, benchmark). */
  steps?: SharedArrayBuffer;
  /**
   * The key to lend when the main connection has been let go (a re-key, which must be the
   * file's only connection): no write role to lend then. Zeroed here once sent.
   */
  key?: DerivedKey;
}

/**
 * One request running in its own worker. `done` is the answer; `finished` resolves once the
 * worker has closed its connection (a cancelled import's rollback done, its write lock and lent
 * key gone), which may come later than a cancel's answer; `stop` cancels and waits for both.
 */
export interface StoreWork<T> {
  readonly done: Promise<T>;
  readonly finished: Promise<void>;
  /** Whether the work writes: the app's next write waits for `finished`. */
  readonly writes: boolean;
  stop(): Promise<void>;
}

/** The answer to a write whose cancel won the flag: it can no longer commit. */
function cancelledWrite(request: StoreRequest): AppError {
  if (request.kind === 'deleteBatch') return deletionCancelled(request.batchId);
  return importCancelled(request.kind === 'import' ? request.options.path : 'the file');
}

export function startStoreWork<R extends StoreRequest>(
  workspace: Workspace,
  request: R,
  options: StoreWorkOptions = {},
  entry: URL = storeWorkerUrl(),
): StoreWork<StoreAnswer<R>> {
  // Only an import, a removal or a deletion writes: for its time this thread's connection is
  // read-only (one writer). A re-key's has been closed instead.
  const writes = writesToStore(request);
  const giveBack = writes && options.key === undefined ? workspace.lendWriter() : () => undefined;
  const board = writes ? newProgressBoard() : undefined;
  let data: StoreWorkerData | undefined;
  let worker: Worker;
  const flag = new CancelFlag();
  try {
    data = {
      path: workspace.path,
      secret: options.key ?? workspace.lendKey(),
      request,
      cancel: flag.buffer,
      ...(board ? { progress: board } : {}),
      ...(request.kind === 'import' && options.steps ? { steps: options.steps } : {}),
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
  let cancel = (): void => {
    // The flag is read between statements; the message wakes a worker waiting on something else.
    flag.raise();
    worker.postMessage({ type: 'cancel' } satisfies ToStoreWorker);
  };
  let markFinished = (): void => undefined;
  let workerEnded = false;
  const finished = new Promise<void>((resolve) => {
    markFinished = resolve;
  });
  const done = new Promise<StoreAnswer<R>>((resolve, reject) => {
    let answered = false;
    let ended = false;
    // The phase the last message announced; the board's numbers are passed on only within it.
    let phase: ImportPhase | null = null;
    // The rows a removal had removed when last published (null: none under way). The board is
    // read on a timer and its phase's message may bring the same numbers: each goes out once.
    let removed: number | null = null;
    const publishRemoval = (progress: ImportProgress): void => {
      if (progress.done === removed) return;
      removed = progress.done;
      options.onRemoval?.(progress);
    };
    const endRemoval = (): void => {
      removed = null;
      options.onRemoval?.(null);
    };
    // The import's progress until it is answered; a removal's until the worker ends.
    const deliver = (progress: ImportProgress): void => {
      if (progress.phase === 'removing') publishRemoval(progress);
      else if (removed !== null) endRemoval();
      if (!answered) options.onProgress?.(progress);
    };
    const readBoard = board === undefined ? null : progressReader(board);
    const poll =
      readBoard === null
        ? null
        : setInterval(() => {
            const progress = readBoard();
            if (progress !== null && progress.phase === phase) deliver(progress);
          }, PROGRESS_POLL_MS);
    // The worker ended: a removal's last numbers (all removed, or where it stopped), then its end.
    const lastRemoval = (): void => {
      if (poll !== null) clearInterval(poll);
      if (removed === null) return;
      const progress = readBoard?.() ?? null;
      if (progress !== null && progress.phase === 'removing') publishRemoval(progress);
      endRemoval();
    };
    const answer = (outcome: () => void): void => {
      if (answered) return;
      answered = true;
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    // The worker replied (its connection closed before it did) or died: the write role and the
    // thread are given back, and the answer, if not given yet, is what it said.
    const end = (outcome: () => void): void => {
      if (ended) return;
      ended = true;
      workerEnded = true;
      giveBack();
      // Its reply comes after its connection closed; under tsx a worker would not end by itself.
      void worker.terminate();
      lastRemoval();
      answer(outcome);
      markFinished();
    };
    const onAbort = (): void => cancel();
    // A read holds no transaction: it is stopped at once rather than asked. A checkpoint is
    // asked, and its reply awaited: it cannot stop midway, and the key must not outlive a lock
    // in a thread still copying pages.
    if (request.kind === 'snapshots' || request.kind === 'info' || request.kind === 'auditVerify')
      cancel = () =>
        end(() => {
          reject(new AppError('CANCELLED', 'Reading the workspace was cancelled.'));
        });
    // An import is answered at once when its cancel wins the flag: from then on the worker
    // cannot commit, whatever statement it is in (an index build runs for seconds), and it
    // rolls back as it stops or as its thread ends. Writes after it wait for `finished`. A
    // cancel that meets a claimed commit waits for the committed result instead. A batch's
    // deletion is settled the same way (its DELETE of a million rows cannot stop midway).
    if (request.kind === 'import' || request.kind === 'deleteBatch')
      cancel = () => {
        const stands = flag.raise();
        worker.postMessage({ type: 'cancel' } satisfies ToStoreWorker);
        if (stands) answer(() => reject(cancelledWrite(request)));
      };
    const crashed = (reason: string): void =>
      end(() =>
        reject(
          options.onCrash?.(reason) ??
            new AppError('INTERNAL', `The store worker stopped unexpectedly (${reason}).`, reason),
        ),
      );
    worker.on('message', (message: FromStoreWorker) => {
      if (message.type === 'progress') {
        phase = message.progress.phase;
        deliver(message.progress);
      } else if (message.ok) end(() => resolve(message.value as StoreAnswer<R>));
      else end(() => reject(AppError.fromPayload(message.error)));
    });
    worker.on('error', (error) => crashed(error.message));
    worker.on('exit', (code) => crashed(`the worker exited with code ${code}`));
    if (options.signal?.aborted) cancel();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  done.catch(() => undefined);
  return {
    done,
    finished,
    writes,
    async stop() {
      cancel();
      // A late-cancelled import may be removing its rows: it stops at its next chunk, the rest
      // left unpublished (skipped) for the next import or open.
      if (request.kind === 'import' && !workerEnded) worker.postMessage({ type: 'stop' } satisfies ToStoreWorker);
      await done.catch(() => undefined);
      await finished;
    },
  };
}
