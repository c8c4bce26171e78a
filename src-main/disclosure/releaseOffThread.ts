// Protection across a release in a worker thread (releaseWorker.ts) once the release's tables
// are large: records and persons of the same 480 x 13 cells are checked together in seconds,
// and the main process keeps answering (cancel, the idle lock) meanwhile. Small releases are
// protected in place, where starting a worker would cost more than the work.
import { AppError } from '../../shared/errors.ts';
import { findWorkerEntry, startModuleWorker } from '../workers/moduleWorker.ts';
import type { WorkOptions } from './attackerBounds.ts';
import { type ReleaseInput, type ReleaseResult, protectInRelease } from './protectRelease.ts';
import type { FromReleaseWorker, ReleaseJob, ToReleaseWorker } from './releaseWorkerProtocol.ts';

/** Releases whose tables hold at least this many numbers together go to the worker. */
export const RELEASE_WORKER_MIN_CELLS = 1000;

export function releaseWorkerUrl(base: string = import.meta.url): URL {
  const url = findWorkerEntry(base, ['./releaseWorker.js', '../releaseWorker.js', './releaseWorker.ts']);
  if (url) return url;
  throw new AppError(
    'INTERNAL',
    'The release worker (releaseWorker.js or .ts) is missing next to the app; reinstall the app.',
  );
}

function cellsOf(input: ReleaseInput): number {
  const own = input.raw.counts.length * (input.raw.counts[0]?.length ?? 0);
  return input.earlier.reduce((sum, t) => sum + t.cells.length, own);
}

function aborted(): Error {
  const error = new Error('Protecting the table was cancelled.');
  error.name = 'AbortError';
  return error;
}

/** protectInRelease, in a worker when the release's tables are large (or when `force`d). */
export function protectInReleaseOffThread(
  input: ReleaseInput,
  options: WorkOptions & { force?: boolean } = {},
  entry?: URL,
): Promise<ReleaseResult> {
  if (!options.force && cellsOf(input) < RELEASE_WORKER_MIN_CELLS) return protectInRelease(input, options);
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(aborted());
      return;
    }
    const { leafValues, ...rest } = input;
    const job: ReleaseJob = { input: rest };
    const worker = startModuleWorker(entry ?? releaseWorkerUrl(), { workerData: job });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const onAbort = (): void => finish(() => reject(aborted()));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: FromReleaseWorker) => {
      if (message.type === 'leafValues') {
        leafValues(message.leaves, message.measure).then(
          (values) => worker.postMessage({ type: 'leafValues', id: message.id, values } satisfies ToReleaseWorker),
          (error: unknown) => finish(() => reject(error)),
        );
      } else if (message.type === 'progress') options.onProgress?.(message.done, message.total);
      else if (message.type === 'done') finish(() => resolve(message.value));
      else finish(() => reject(new AppError(message.error.code, message.error.message, message.error.detail)));
    });
    worker.on('error', (error) =>
      finish(() => reject(new AppError('INTERNAL', `The release worker failed: ${error.message}`))),
    );
    worker.on('exit', (code) =>
      finish(() =>
        reject(new AppError('INTERNAL', `The release worker stopped (exit code ${code}) before it finished.`)),
      ),
    );
  });
}
