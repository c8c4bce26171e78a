// The import worker's entry, in one of two roles (importWorkerProtocol.ts). The pipeline reads,
// validates and recodes a file's rows on a second core while the main thread only writes them
// (see rowStream.ts for the other end); the keyer turns each batch's identity tokens into
// person keys beside it. Neither touches the workspace: all they know arrives with them.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { AppError, isAppError, type ErrorPayload } from '../../shared/errors.ts';
import {
  describeSource,
  MAX_BATCHES_IN_FLIGHT,
  type FromWorker,
  type KeyerStart,
  type KeysOfBatch,
  type ToWorker,
  type TokensOfBatch,
  type WorkerOpen,
} from './importWorkerProtocol.ts';
import { createPseudonymiser } from './pseudonymise.ts';
import { splitPersonTokens } from './rowPipeline.ts';
import { openSource, type SourceOptions } from './openSource.ts';
import { processRows, type PipelinePlan } from './rowPipeline.ts';
import type { TableSource } from './tableSource.ts';

const port = parentPort;
if (port === null) throw new Error('importWorker.ts runs only as a worker thread');

const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
const postKeys = (message: KeysOfBatch): void => port.postMessage(message);

let credit = MAX_BATCHES_IN_FLIGHT;
let stopped = false;
let wake: (() => void) | null = null;
let keyer: MessagePort | undefined;
let startPlan: ((plan: PipelinePlan | null) => void) | null = null;
const planArrived = new Promise<PipelinePlan | null>((resolve) => {
  startPlan = resolve;
});

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') {
    keyer = message.keyer;
    startPlan?.(message.plan);
  } else if (message.type === 'ack') credit++;
  else {
    stopped = true;
    startPlan?.(null);
  }
  wake?.();
});

function waitForCredit(): Promise<void> {
  if (credit > 0 || stopped) return Promise.resolve();
  return new Promise((resolve) => {
    wake = () => {
      if (credit > 0 || stopped) {
        wake = null;
        resolve();
      }
    };
  });
}

function payloadOf(error: unknown): ErrorPayload {
  if (isAppError(error)) return error.toPayload();
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('IMPORT_FAILED', `The file could not be read: ${message}`).toPayload();
}

/** The keyer: keys for each batch's tokens, in the order the batches come, once it has the secret. */
const runKeyer = (): void => {
  port.once('message', ({ secret, tokens }: KeyerStart) => {
    const pseudonymiser = createPseudonymiser(Buffer.from(secret));
    tokens.on('message', ({ seq, tokens: packed }: TokensOfBatch) => {
      postKeys({ seq, keys: pseudonymiser.of(splitPersonTokens(packed)).join('') });
    });
  });
};

async function runPipeline(path: string, options: SourceOptions): Promise<void> {
  let source: TableSource | undefined;
  try {
    source = await openSource(path, options);
    post({ type: 'opened', source: describeSource(source) });
    const plan = await planArrived;
    if (plan === null) return;
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
      // The tokens go to the keyer, if the writer wants keys; never to the writer itself.
      keyer?.postMessage({ seq: seq++, tokens: batch.newPersonTokens } satisfies TokensOfBatch);
      batch.newPersonTokens = '';
      const { rows: encoded } = batch;
      post({ type: 'batch', batch }, [encoded.lines.buffer as ArrayBuffer, encoded.values.buffer as ArrayBuffer]);
    }
  } catch (error) {
    post({ type: 'error', error: payloadOf(error) });
  } finally {
    await source?.close();
  }
}

const open = workerData as WorkerOpen;
if (open.role === 'keyer') runKeyer();
else void runPipeline(open.path, open.options);
