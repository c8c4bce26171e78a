// The import worker's entry, in one of two roles (importWorkerProtocol.ts). The reader opens a
// file and reads it into record batches, and turns each batch's identity tokens into person
// keys; the pipeline validates and recodes the records on another core, while the main thread
// only writes them (see rowStream.ts for the other end). Neither touches the workspace: all
// they know arrives with them.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { AppError, isAppError, type ErrorPayload } from '../../shared/errors.ts';
import {
  describeSource,
  MAX_BATCHES_IN_FLIGHT,
  type FromPipeline,
  type FromReader,
  type ReaderStart,
  type ToPipeline,
  type TokensOfBatch,
  type WorkerOpen,
} from './importWorkerProtocol.ts';
import { createPseudonymiser, type Pseudonymiser } from './pseudonymise.ts';
import { RecordSender, receivedSource, type RecordsTaken } from './recordChannel.ts';
import { ReferenceNumbers } from './referenceNumbers.ts';
import { processRows, splitPersonTokens } from './rowPipeline.ts';
import { openSource, type SourceOptions } from './openSource.ts';
import type { TableSource } from './tableSource.ts';

/** Batches whose keys, wanted late, go in one message: few messages, and little memory held at once. */
const LATE_KEYS_BATCHES = 64;

if (parentPort === null) throw new Error('importWorker.ts runs only as a worker thread');
const port: MessagePort = parentPort;

function payloadOf(error: unknown): ErrorPayload {
  if (isAppError(error)) return error.toPayload();
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('IMPORT_FAILED', `The file could not be read: ${message}`).toPayload();
}

/**
 * The reader: opens the file and says what it found; once the plan's start has come, sends its
 * records to the pipeline worker, each with its references numbered. When the writer wants keys
 * (the secret comes with the start), they are made for each batch's tokens in the order the
 * batches come. Keys wanted late wait until the whole file is read: reading comes first while
 * both cores are busy, and the keys are made after, while the writer builds its indexes.
 */
async function runReader(path: string, options: SourceOptions, pipeline: MessagePort): Promise<void> {
  const post = (message: FromReader): void => port.postMessage(message);
  const sender = new RecordSender(pipeline);
  let pseudonymiser: Pseudonymiser | undefined;
  let late = false;
  let reading = true;
  const waiting: TokensOfBatch[] = [];
  const makeKeys = (): void => {
    if (pseudonymiser === undefined || (late && reading) || waiting.length === 0) return;
    const batches = waiting.splice(0);
    const keysOf = (tokens: string): string => (pseudonymiser as Pseudonymiser).of(splitPersonTokens(tokens)).join('');
    if (late)
      for (let from = 0; from < batches.length; from += LATE_KEYS_BATCHES) {
        const group = batches.slice(from, from + LATE_KEYS_BATCHES);
        post({
          type: 'keys',
          seq: (group[0] as TokensOfBatch).seq,
          batches: group.length,
          keys: group.map((b) => keysOf(b.tokens)).join(''),
        });
      }
    else for (const { seq, tokens } of batches) post({ type: 'keys', seq, batches: 1, keys: keysOf(tokens) });
  };
  const started = new Promise<ReaderStart>((resolve) => port.once('message', resolve));
  pipeline.on('message', (message: RecordsTaken | TokensOfBatch) => {
    if (message.type === 'taken') sender.taken();
    else {
      waiting.push(message);
      makeKeys();
    }
  });

  let source: TableSource;
  try {
    source = await openSource(path, options);
  } catch (error) {
    post({ type: 'error', error: payloadOf(error) });
    return;
  }
  post({ type: 'opened', source: describeSource(source) });
  const start = await started;
  if (start.keys) {
    pseudonymiser = createPseudonymiser(Buffer.from(start.keys.secret));
    late = start.keys.late;
    makeKeys();
  }
  const numbers = new ReferenceNumbers(start.identifierColumns);
  const { bytesTotal } = source;
  await sender.send(source, (batch) => numbers.number(batch, bytesTotal));
  reading = false;
  makeKeys();
}

/** The pipeline: once the plan has come, processes the reader's records into batches for the writer. */
function runPipeline(reader: MessagePort): void {
  const post = (message: FromPipeline, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  let credit = MAX_BATCHES_IN_FLIGHT;
  let stopped = false;
  let wake: (() => void) | null = null;
  const waitForCredit = (): Promise<void> =>
    credit > 0 || stopped
      ? Promise.resolve()
      : new Promise((resolve) => {
          wake = () => {
            if (credit > 0 || stopped) {
              wake = null;
              resolve();
            }
          };
        });

  port.on('message', (message: ToPipeline) => {
    if (message.type === 'start') void run(message);
    else if (message.type === 'ack') credit++;
    else stopped = true;
    wake?.();
  });

  async function run({ plan, source: opened, keys }: Extract<ToPipeline, { type: 'start' }>): Promise<void> {
    const source = receivedSource(opened, reader);
    try {
      const rows = processRows(source, plan);
      let seq = 0;
      for (;;) {
        const next = await rows.next();
        if (stopped) return;
        if (next.done) {
          post({ type: 'done', summary: next.value });
          return;
        }
        await waitForCredit();
        if (stopped) return;
        credit--;
        const batch = next.value;
        // The tokens go to the reader, if the writer wants keys; never to the writer itself.
        if (keys)
          reader.postMessage({ type: 'tokens', seq: seq++, tokens: batch.newPersonTokens } satisfies TokensOfBatch);
        batch.newPersonTokens = '';
        const { rows: encoded } = batch;
        post({ type: 'batch', batch }, [
          encoded.lines.buffer as ArrayBuffer,
          encoded.values.buffer as ArrayBuffer,
          batch.lineHashes.buffer as ArrayBuffer,
        ]);
      }
    } catch (error) {
      post({ type: 'error', error: payloadOf(error) });
    } finally {
      await source.close();
    }
  }
}

const open = workerData as WorkerOpen;
if (open.role === 'reader') void runReader(open.path, open.options, open.pipeline);
else runPipeline(open.reader);
