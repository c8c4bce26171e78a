// One job in a fresh worker thread, as the disclosure and release workers run theirs: progress
// while it works, then its result or its typed error. An abort terminates the worker at once,
// and a worker that fails or exits early is an INTERNAL error naming it.
import type { Worker } from 'node:worker_threads';
import { AppError, isAppError, type ErrorPayload } from '../../shared/errors.ts';
import { startModuleWorker } from '../workers/moduleWorker.ts';
import type { WorkOptions } from './attackerBounds.ts';

/** What a job's worker posts besides its own requests. */
export type JobReply<T> =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; value: T }
  | { type: 'error'; error: ErrorPayload };

export interface WorkerJob<Request> {
  entry: URL;
  workerData: unknown;
  /** The worker as errors name it: "disclosure worker". */
  name: string;
  /** The message of the AbortError a cancel rejects with. */
  cancelledMessage: string;
  /** Answers a request the worker posts (any message that is not a reply); a rejection fails the job. */
  answer?(request: Request, worker: Worker): Promise<void>;
}

const REPLIES: ReadonlySet<string> = new Set(['progress', 'done', 'error']);

function isReply<T>(message: { type: string }): message is JobReply<T> {
  return REPLIES.has(message.type);
}

function abortError(message: string): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}

export function runWorkerJob<T, Request extends { type: string } = never>(
  job: WorkerJob<Request>,
  options: WorkOptions = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(abortError(job.cancelledMessage));
      return;
    }
    const worker = startModuleWorker(job.entry, { workerData: job.workerData });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    const onAbort = (): void => finish(() => reject(abortError(job.cancelledMessage)));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: JobReply<T> | Request) => {
      if (!isReply<T>(message)) {
        // A job cancelled or failed meanwhile asks nothing more of this thread (the engine's counts).
        if (settled) return;
        job.answer?.(message as Request, worker).catch((error: unknown) => finish(() => reject(error)));
        return;
      }
      switch (message.type) {
        case 'progress':
          options.onProgress?.(message.done, message.total);
          return;
        case 'done':
          finish(() => resolve(message.value));
          return;
        case 'error':
          finish(() => reject(AppError.fromPayload(message.error)));
      }
    });
    worker.on('error', (error) =>
      finish(() => reject(new AppError('INTERNAL', `The ${job.name} failed: ${error.message}`))),
    );
    worker.on('exit', (code) =>
      finish(() => reject(new AppError('INTERNAL', `The ${job.name} stopped (exit code ${code}) before it finished.`))),
    );
  });
}

/** The worker's side: runs `work`, posting its progress, then its result or its error as a payload. */
export async function answerJob<T>(
  post: (reply: JobReply<T>) => void,
  failure: string,
  work: (onProgress: (done: number, total: number) => void) => Promise<T>,
): Promise<void> {
  try {
    const value = await work((done, total) => post({ type: 'progress', done, total }));
    post({ type: 'done', value });
  } catch (error) {
    const payload = isAppError(error)
      ? error.toPayload()
      : new AppError('INTERNAL', failure, error instanceof Error ? error.message : String(error)).toPayload();
    post({ type: 'error', error: payload });
  }
}
