// The calling side of the row pipeline: opens a file (its headers first, for the mapping),
// then runs the pipeline under a plan and yields its batches, with their new persons' keys
// when the caller writes them. A large file is read in the import worker, so that reading and
// validating (one core) overlap with writing to SQLite (the other), and the keys are made by
// a keyer worker beside them; a small one on the calling thread, where starting workers would
// cost more than it saves. Both run the same code (rowPipeline.ts).
import { stat } from 'node:fs/promises';
import type { MessagePort, Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';
import { MessageChannel } from 'node:worker_threads';
import {
  describeSource,
  splitPersonKeys,
  type FromWorker,
  type KeyerStart,
  type KeysOfBatch,
  type OpenedSource,
  type WorkerOpen,
} from './importWorkerProtocol.ts';
import { importWorkerUrl, startModuleWorker } from './moduleWorker.ts';
import { openSource, type SourceOptions } from './openSource.ts';
import { createPseudonymiser } from './pseudonymise.ts';
import {
  processRows,
  splitPersonTokens,
  type PipelineBatch,
  type PipelinePlan,
  type PipelineSummary,
} from './rowPipeline.ts';

/** Where the rows are processed: `auto` uses the worker for files of WORKER_MIN_BYTES or more. */
export type PipelineThread = 'auto' | 'worker' | 'main';

export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

/** A batch with the keys of its new persons (in the order of their person indexes). */
export interface KeyedBatch extends PipelineBatch {
  newPersonKeys: string[];
}

export interface RowStream {
  readonly source: OpenedSource;
  readonly thread: 'worker' | 'main';
  /** Runs the pipeline (once): batches, then the summary. Persons' tokens are not given out. */
  run(plan: PipelinePlan): AsyncGenerator<PipelineBatch, PipelineSummary, undefined>;
  /** Runs the pipeline (once) for a writer: batches with their new persons' keys, then the summary. */
  runWithKeys(plan: PipelinePlan): AsyncGenerator<KeyedBatch, PipelineSummary, undefined>;
  /** Stops reading and releases the file and the worker (safe to call more than once). */
  close(): Promise<void>;
}

/** `keys`: the caller will run `runWithKeys`, so a worker stream starts its keyer at once. */
export async function openRowStream(
  path: string,
  options: SourceOptions = {},
  thread: PipelineThread = 'auto',
  { keys = false }: { keys?: boolean } = {},
): Promise<RowStream> {
  let useWorker = thread === 'worker';
  if (thread === 'auto') {
    const size = await stat(path).then(
      (s) => s.size,
      () => 0, // a missing file: the reader says so, in its own words
    );
    useWorker = size >= WORKER_MIN_BYTES;
  }
  if (useWorker) return WorkerRowStream.open({ role: 'pipeline', path, options: sourceOptionsOf(options) }, keys);
  const source = await openSource(path, options);
  return {
    source: describeSource(source),
    thread: 'main',
    run: (plan) => withoutTokens(processRows(source, plan)),
    runWithKeys: (plan) => withKeys(processRows(source, plan), plan.hmacSecret),
    close: () => source.close(),
  };
}

async function* withoutTokens(
  rows: AsyncGenerator<PipelineBatch, PipelineSummary, undefined>,
): AsyncGenerator<PipelineBatch, PipelineSummary, undefined> {
  for (;;) {
    const next = await rows.next();
    if (next.done) return next.value;
    yield { ...next.value, newPersonTokens: '' };
  }
}

/** Keys made on this thread (a small file). */
async function* withKeys(
  rows: AsyncGenerator<PipelineBatch, PipelineSummary, undefined>,
  secret: Uint8Array,
): AsyncGenerator<KeyedBatch, PipelineSummary, undefined> {
  const pseudonymiser = createPseudonymiser(Buffer.from(secret));
  for (;;) {
    const next = await rows.next();
    if (next.done) return next.value;
    const keys = pseudonymiser.of(splitPersonTokens(next.value.newPersonTokens));
    yield { ...next.value, newPersonTokens: '', newPersonKeys: keys };
  }
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
  private keyer: { worker: Worker; keys: Map<number, string> } | undefined;

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

  static async open(data: WorkerOpen, keys: boolean): Promise<WorkerRowStream> {
    const stream = new WorkerRowStream(startModuleWorker(importWorkerUrl(), { workerData: data }));
    // The keyer starts now, beside the pipeline worker, while this thread mostly waits for the
    // file to open: not later, when its start-up would take a core from the first batches.
    if (keys) stream.startKeyer();
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

  run(plan: PipelinePlan): AsyncGenerator<PipelineBatch, PipelineSummary, undefined> {
    return this.batches(plan);
  }

  private startKeyer(): { worker: Worker; keys: Map<number, string> } {
    if (this.keyer) return this.keyer;
    const worker = startModuleWorker(importWorkerUrl(), { workerData: { role: 'keyer' } satisfies WorkerOpen });
    const keys = new Map<number, string>();
    worker.on('message', (message: KeysOfBatch) => {
      keys.set(message.seq, message.keys);
      this.waiter?.();
    });
    worker.on('error', (error) => {
      this.failure ??= new AppError('INTERNAL', `The import's keyer failed: ${error.message}`);
      this.waiter?.();
    });
    worker.on('exit', (code) => {
      if (!this.closed) this.failure ??= new AppError('INTERNAL', `The import's keyer stopped (exit code ${code}).`);
      this.waiter?.();
    });
    return (this.keyer = { worker, keys });
  }

  async *runWithKeys(plan: PipelinePlan): AsyncGenerator<KeyedBatch, PipelineSummary, undefined> {
    const { worker: keyer, keys } = this.startKeyer();
    const channel = new MessageChannel();
    keyer.postMessage({ type: 'start', secret: plan.hmacSecret, tokens: channel.port2 } satisfies KeyerStart, [
      channel.port2,
    ]);
    const batches = this.batches(plan, channel.port1);
    for (let seq = 0; ; seq++) {
      const next = await batches.next();
      if (next.done) return next.value;
      let packed = keys.get(seq);
      while (packed === undefined) {
        await this.wake();
        packed = keys.get(seq);
      }
      keys.delete(seq);
      yield { ...next.value, newPersonKeys: splitPersonKeys(packed) };
    }
  }

  private async *batches(
    plan: PipelinePlan,
    keyer?: MessagePort,
  ): AsyncGenerator<PipelineBatch, PipelineSummary, undefined> {
    if (keyer) this.worker.postMessage({ type: 'start', plan, keyer }, [keyer]);
    else this.worker.postMessage({ type: 'start', plan });
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
    await Promise.all([this.worker.terminate(), this.keyer?.worker.terminate()]);
  }

  private unexpected(message: FromWorker): AppError {
    if (message.type === 'error') return AppError.fromPayload(message.error);
    return new AppError('INTERNAL', `The import worker sent "${message.type}" out of turn.`);
  }

  private async next(): Promise<FromWorker> {
    for (;;) {
      const message = this.queue.shift();
      if (message !== undefined) return message;
      await this.wake();
    }
  }

  /** Waits for the next message from either worker (or throws what failed). */
  private async wake(): Promise<void> {
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve) => {
      this.waiter = () => {
        this.waiter = null;
        resolve();
      };
    });
  }
}
