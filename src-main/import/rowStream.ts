// The calling side of the row pipeline: opens a file (its headers first, for the mapping),
// then runs the pipeline under a plan and yields its batches, with their new persons' keys
// when the caller writes them. A large file is read by two workers (importWorker.ts), so that
// reading, validating and writing to SQLite overlap on the two cores: the reader reads and
// tokenizes the file, numbers the persons' references and makes the keys; the pipeline worker
// validates and recodes. A small
// file is read on the calling thread, where starting workers would cost more than it saves.
// Both run the same code (rowPipeline.ts).
import { stat } from 'node:fs/promises';
import { MessageChannel, type Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';
import {
  describeSource,
  splitPersonKeys,
  type FromPipeline,
  type FromReader,
  type KeysOfBatch,
  type OpenedSource,
  type ReaderStart,
  type ToPipeline,
  type WorkerOpen,
} from './importWorkerProtocol.ts';
import { startModuleWorker } from '../workers/moduleWorker.ts';
import { importWorkerUrl } from './importWorkerEntry.ts';
import { identifierColumnsOf } from './referenceNumbers.ts';
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

/** A run whose batches come without keys, and the keys of all their new persons after the last. */
export interface LateKeyedRun {
  batches: AsyncGenerator<PipelineBatch, PipelineSummary, undefined>;
  /** Every new person's key, in the order of their person indexes, once the last batch is taken. */
  personKeys(): Promise<string[]>;
}

export interface RowStream {
  readonly source: OpenedSource;
  readonly thread: 'worker' | 'main';
  /** Runs the pipeline (once): batches, then the summary. Persons' tokens are not given out. */
  run(plan: PipelinePlan): AsyncGenerator<PipelineBatch, PipelineSummary, undefined>;
  /** Runs the pipeline (once) for a writer: batches with their new persons' keys, then the summary. */
  runWithKeys(plan: PipelinePlan): AsyncGenerator<KeyedBatch, PipelineSummary, undefined>;
  /**
   * Runs the pipeline (once) for a writer that needs the keys only after the last batch (its new
   * persons get ids without them: PersonKeyIndex.idsBeforeKeys). A worker stream's reader then
   * reads the whole file before it makes any key.
   */
  runWithLateKeys(plan: PipelinePlan): LateKeyedRun;
  /** Stops reading and releases the file and the worker (safe to call more than once). */
  close(): Promise<void>;
}

/** `workerEntry`: the import worker's module, if not the one found beside this module. */
export async function openRowStream(
  path: string,
  options: SourceOptions = {},
  thread: PipelineThread = 'auto',
  workerEntry?: URL,
): Promise<RowStream> {
  let useWorker = thread === 'worker';
  if (thread === 'auto') {
    const size = await stat(path).then(
      (s) => s.size,
      () => 0, // a missing file: the reader says so, in its own words
    );
    useWorker = size >= WORKER_MIN_BYTES;
  }
  if (useWorker) return WorkerRowStream.open(path, sourceOptionsOf(options), workerEntry ?? importWorkerUrl());
  const source = await openSource(path, options);
  return {
    source: describeSource(source),
    thread: 'main',
    run: (plan) => withoutTokens(processRows(source, plan)),
    runWithKeys: (plan) => withKeys(processRows(source, plan), plan.hmacSecret),
    runWithLateKeys: (plan) => {
      const keys: string[] = [];
      const tally = new BatchTally();
      return {
        batches: tally.through(keysAside(withKeys(processRows(source, plan), plan.hmacSecret), keys)),
        personKeys: async () => tally.afterLast(keys),
      };
    },
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

/** The batches without their keys, which go to `keys` in order. */
async function* keysAside(
  rows: AsyncGenerator<KeyedBatch, PipelineSummary, undefined>,
  keys: string[],
): AsyncGenerator<PipelineBatch, PipelineSummary, undefined> {
  for (;;) {
    const next = await rows.next();
    if (next.done) return next.value;
    const { newPersonKeys, ...batch } = next.value;
    for (const key of newPersonKeys) keys.push(key);
    yield batch;
  }
}

/** The batches of a LateKeyedRun, counted as they pass; its keys are given only after the last. */
class BatchTally {
  count = 0;
  private ended = false;

  async *through(
    batches: AsyncGenerator<PipelineBatch, PipelineSummary, undefined>,
  ): AsyncGenerator<PipelineBatch, PipelineSummary, undefined> {
    for (;;) {
      const next = await batches.next();
      if (next.done) {
        this.ended = true;
        return next.value;
      }
      this.count++;
      yield next.value;
    }
  }

  afterLast<T>(value: T): T {
    if (!this.ended) throw new Error('the keys of a run come after its last batch');
    return value;
  }
}

/** Only the reader's options (callers pass wider objects, with callbacks that cannot cross threads). */
function sourceOptionsOf(options: SourceOptions): SourceOptions {
  const picked: SourceOptions = {};
  if (options.encoding !== undefined) picked.encoding = options.encoding;
  if (options.delimiter !== undefined) picked.delimiter = options.delimiter;
  if (options.sheet !== undefined) picked.sheet = options.sheet;
  if (options.header !== undefined) picked.header = options.header;
  if (options.columnNames !== undefined) picked.columnNames = [...options.columnNames];
  return picked;
}

/** A worker stream's two workers: the reader of the file, and the pipeline it feeds. */
interface StreamWorkers {
  reader: Worker;
  pipeline: Worker;
}

/** How long a clean, unasked exit of one worker waits for the other's exit, its cause, to be reported. */
const CAUSE_WAIT_MS = 5000;

class WorkerRowStream implements RowStream {
  readonly thread = 'worker';
  source!: OpenedSource;
  private readonly queue: FromPipeline[] = [];
  private readonly keys = new Map<number, KeysOfBatch>();
  private opened: OpenedSource | undefined;
  private waiter: (() => void) | null = null;
  private failure: AppError | null = null;
  private exited = 0;
  private closed = false;
  private started = false;

  private constructor(private readonly workers: StreamWorkers) {
    const { reader, pipeline } = workers;
    pipeline.on('message', (message: FromPipeline) => {
      this.queue.push(message);
      this.waiter?.();
    });
    reader.on('message', (message: FromReader) => {
      if (message.type === 'keys') this.keys.set(message.seq, message);
      else if (message.type === 'opened') this.opened = message.source;
      else this.failure ??= AppError.fromPayload(message.error);
      this.waiter?.();
    });
    for (const [worker, name] of [
      [pipeline, 'import worker'],
      [reader, "import's reader"],
    ] as const) {
      worker.on('error', (error) => {
        this.failure ??= new AppError('INTERNAL', `The ${name} failed: ${error.message}`);
        this.waiter?.();
      });
      worker.on('exit', (code) => {
        if (this.closed) return;
        const stopped = new AppError('INTERNAL', `The ${name} stopped (exit code ${code}).`);
        this.exited++;
        if (code !== 0) this.failure ??= stopped;
        else this.consequence(stopped);
        this.waiter?.();
      });
    }
  }

  /**
   * A worker that ends cleanly unasked does so because the other one ended and closed their
   * port: the other's end is the cause, so it is the one reported, whichever exit event the
   * scheduler delivers first. The wait for it is bounded, in case the other lives on.
   */
  private consequence(stopped: AppError): void {
    if (this.exited === 2) {
      this.failure ??= stopped;
      return;
    }
    setTimeout(() => {
      this.failure ??= stopped;
      this.waiter?.();
    }, CAUSE_WAIT_MS).unref();
  }

  /** Starts both workers at once, joined by a port of their own, and waits for the file to open. */
  static async open(path: string, options: SourceOptions, entry: URL): Promise<WorkerRowStream> {
    const channel = new MessageChannel();
    const readerData: WorkerOpen = { role: 'reader', path, options, pipeline: channel.port1 };
    const pipelineData: WorkerOpen = { role: 'pipeline', reader: channel.port2 };
    const stream = new WorkerRowStream({
      reader: startModuleWorker(entry, { workerData: readerData, transferList: [channel.port1] }),
      pipeline: startModuleWorker(entry, { workerData: pipelineData, transferList: [channel.port2] }),
    });
    try {
      while (stream.opened === undefined) await stream.wake();
      stream.source = stream.opened;
      return stream;
    } catch (error) {
      await stream.close();
      throw error;
    }
  }

  run(plan: PipelinePlan): AsyncGenerator<PipelineBatch, PipelineSummary, undefined> {
    this.startReader(plan);
    return this.batches(plan, false);
  }

  /** Tells the reader the plan's identifier columns, and the secret when keys are wanted. */
  private startReader(plan: PipelinePlan, keys?: { late: boolean }): void {
    const start: ReaderStart = {
      type: 'start',
      identifierColumns: identifierColumnsOf(plan.mapping, this.source.headers),
    };
    if (keys) start.keys = { secret: plan.hmacSecret, late: keys.late };
    this.workers.reader.postMessage(start);
  }

  async *runWithKeys(plan: PipelinePlan): AsyncGenerator<KeyedBatch, PipelineSummary, undefined> {
    this.startReader(plan, { late: false });
    const batches = this.batches(plan, true);
    for (let seq = 0; ; seq++) {
      const next = await batches.next();
      if (next.done) return next.value;
      yield { ...next.value, newPersonKeys: await this.keysOf(seq) };
    }
  }

  runWithLateKeys(plan: PipelinePlan): LateKeyedRun {
    this.startReader(plan, { late: true });
    const tally = new BatchTally();
    const personKeys = async (): Promise<string[]> => {
      const keys = tally.afterLast<string[]>([]);
      for (let seq = 0; seq < tally.count;) {
        const message = await this.keysFrom(seq);
        for (const key of splitPersonKeys(message.keys)) keys.push(key);
        seq += message.batches;
      }
      return keys;
    };
    return { batches: tally.through(this.batches(plan, true)), personKeys };
  }

  /** The keys of batch `seq`'s new persons, when the reader has made them. */
  private async keysOf(seq: number): Promise<string[]> {
    const message = await this.keysFrom(seq);
    if (message.batches !== 1) throw new Error('keys wanted with each batch came for several');
    return splitPersonKeys(message.keys);
  }

  /** The reader's message of keys that starts at batch `seq`. */
  private async keysFrom(seq: number): Promise<KeysOfBatch> {
    let message = this.keys.get(seq);
    while (message === undefined) {
      await this.wake();
      message = this.keys.get(seq);
    }
    this.keys.delete(seq);
    return message;
  }

  private async *batches(plan: PipelinePlan, keys: boolean): AsyncGenerator<PipelineBatch, PipelineSummary, undefined> {
    if (this.started) throw new Error('a row stream runs once');
    this.started = true;
    this.workers.pipeline.postMessage({ type: 'start', plan, source: this.source, keys } satisfies ToPipeline);
    let owed = false;
    for (;;) {
      // The batch given out last has been written by now: the worker may send one more.
      if (owed) this.workers.pipeline.postMessage({ type: 'ack' } satisfies ToPipeline);
      const message = await this.next();
      if (message.type === 'done') return message.summary;
      if (message.type !== 'batch') throw AppError.fromPayload(message.error);
      owed = true;
      yield message.batch;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.workers.pipeline.terminate(), this.workers.reader.terminate()]);
  }

  private async next(): Promise<FromPipeline> {
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
