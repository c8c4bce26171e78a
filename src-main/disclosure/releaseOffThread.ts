// Protection across a release in a worker thread (releaseWorker.ts) once the release's tables
// are large: records and persons of the same 480 x 13 cells are checked together in seconds,
// and the main process keeps answering (cancel, the idle lock) meanwhile. Small releases are
// protected in place, where starting a worker would cost more than the work.
import { AppError } from '../../shared/errors.ts';
import { findWorkerEntry } from '../workers/moduleWorker.ts';
import type { WorkOptions } from './attackerBounds.ts';
import { type ReleaseInput, type ReleaseResult, protectInRelease } from './protectRelease.ts';
import type { ReleaseJob, ReleaseRequest, ToReleaseWorker } from './releaseWorkerProtocol.ts';
import { runWorkerJob } from './workerJob.ts';

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

/** protectInRelease, in a worker when the release's tables are large (or when `force`d). */
export function protectInReleaseOffThread(
  input: ReleaseInput,
  options: WorkOptions & { force?: boolean } = {},
  entry?: URL,
): Promise<ReleaseResult> {
  if (!options.force && cellsOf(input) < RELEASE_WORKER_MIN_CELLS) return protectInRelease(input, options);
  const { leafValues, ...rest } = input;
  const job: ReleaseJob = { input: rest };
  return runWorkerJob<ReleaseResult, ReleaseRequest>(
    {
      entry: entry ?? releaseWorkerUrl(),
      workerData: job,
      name: 'release worker',
      cancelledMessage: 'Protecting the table was cancelled.',
      // The engine is on this thread: the worker asks it for true counts of finest cells.
      answer: async (request, worker) => {
        const values = await leafValues(request.leaves, request.measure);
        worker.postMessage({ type: 'leafValues', id: request.id, values } satisfies ToReleaseWorker);
      },
    },
    options,
  );
}
