// The calling side of the row pipeline: opens a file (its headers first, for the mapping),
// then runs the pipeline under a plan and yields its batches. A large file is read in the
// import worker, so that reading, validating and pseudonymising (one core) overlap with
// writing to SQLite (the other); a small one on the calling thread, where starting a worker
// would cost more than it saves. Both run the same code (rowPipeline.ts).
import { stat } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';
import { describeSource, type FromWorker, type OpenedSource, type WorkerOpen } from './importWorkerProtocol.ts';
import { importWorkerUrl, startModuleWorker } from './moduleWorker.ts';
import { openSource, type SourceOptions } from './openSource.ts';
import { processRows, type PipelineBatch, type PipelinePlan, type PipelineSummary } from './rowPipeline.ts';

/** Where the rows are processed: `auto` uses the worker for files of WORKER_MIN_BYTES or more. */
export type PipelineThread = 'auto' | 'worker' | 'main';

export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

export interface RowStream {
  readonly source: OpenedSource;
  readonly thread: 'worker' | 'main';
  /** Runs the pipeline (once): batches, then the summary. */
  run(plan: PipelinePlan): AsyncGenerator<PipelineBatch, PipelineSummary, undefined>;
  /** Stops reading and releases the file and the worker (safe to call more than once). */
  close(): Promise<void>;
}

export async function openRowStream(
  path: string,
  options: SourceOptions = {},
  thread: PipelineThread = 'auto',
): Promise<RowStream> {
  let useWorker = thread === 'worker';
  if (thread === 'auto') {
    const size = await stat(path).then(
      (s) => s.size,
      () => 0, // a missing file: the reader says so, in its own words
    );
    useWorker = size >= WORKER_MIN_BYTES;
  }
  if (useWorker) return WorkerRowStream.open({ path, options: sourceOptionsOf(options) });
  const source = await openSource(path, options);
  return {
    source: describeSource(source),
    thread: 'main',
    run: (plan) => processRows(source, plan),
    close: () => source.close(),
  };
}

/** Only the reader's options (callers pass wider objects, with callbacks that cannot cross threads). */
function sourceOptionsOf(options: SourceOptions): SourceOptions {
  const picked: SourceOptions = {};
  if (options.encoding !== undefined) picked.encoding = options.encoding;
  if (options.delimiter !== undefined) picked.delimiter = options.delimiter;
  if (options.sheet !== undefined) picked.sheet = options.sheet;
  return picked;
}

class WorkerRowStream implements RowStream {
  readonly thread = 'worker';
  source!: OpenedSource;
  private readonly queue: FromWorker[] = [];
  private waiter: (() => void) | null = null;
  private failure: AppError | null = null;
  private closed = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWorker) => {
      this.queue.push(message);
      this.waiter?.();
    });
    worker.on('error', (error) => {
      this.failure ??= new AppError('INTERNAL', `The import worker failed: ${error.message}`);
      this.waiter?.();
    });
    worker.on('exit', (code) => {
      if (!this.closed) this.failure ??= new AppError('INTERNAL', `The import worker stopped (exit code ${code}).`);
      this.waiter?.();
    });
  }

  static async open(data: WorkerOpen): Promise<WorkerRowStream> {
    const stream = new WorkerRowStream(startModuleWorker(importWorkerUrl(), { workerData: data }));
    try {
      const first = await stream.next();
      if (first.type !== 'opened') throw stream.unexpected(first);
      stream.source = first.source;
      return stream;
    } catch (error) {
      await stream.close();
      throw error;
    }
  }

  async *run(plan: PipelinePlan): AsyncGenerator<PipelineBatch, PipelineSummary, undefined> {
    this.worker.postMessage({ type: 'start', plan });
    let owed = false;
    for (;;) {
      // The batch given out last has been written by now: the worker may send one more.
      if (owed) this.worker.postMessage({ type: 'ack' });
      const message = await this.next();
      if (message.type === 'done') return message.summary;
      if (message.type !== 'batch') throw this.unexpected(message);
      owed = true;
      yield message.batch;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }

  private unexpected(message: FromWorker): AppError {
    if (message.type === 'error') return AppError.fromPayload(message.error);
    return new AppError('INTERNAL', `The import worker sent "${message.type}" out of turn.`);
  }

  private async next(): Promise<FromWorker> {
    for (;;) {
      const message = this.queue.shift();
      if (message !== undefined) return message;
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.waiter = () => {
          this.waiter = null;
          resolve();
        };
      });
    }
  }
}
