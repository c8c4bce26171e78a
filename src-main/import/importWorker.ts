// The import worker's entry: reads, validates, recodes and pseudonymises a file's rows on a
// second core while the main thread only writes them (see rowStream.ts for the other end).
// It never touches the workspace: all it knows arrives in the plan.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, isAppError, type ErrorPayload } from '../../shared/errors.ts';
import {
  describeSource,
  MAX_BATCHES_IN_FLIGHT,
  type FromWorker,
  type ToWorker,
  type WorkerOpen,
} from './importWorkerProtocol.ts';
import { openSource } from './openSource.ts';
import { processRows, type PipelinePlan } from './rowPipeline.ts';
import type { TableSource } from './tableSource.ts';

const port = parentPort;
if (port === null) throw new Error('importWorker.ts runs only as a worker thread');

const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

let credit = MAX_BATCHES_IN_FLIGHT;
let stopped = false;
let wake: (() => void) | null = null;
let startPlan: ((plan: PipelinePlan | null) => void) | null = null;
const planArrived = new Promise<PipelinePlan | null>((resolve) => {
  startPlan = resolve;
});

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') startPlan?.(message.plan);
  else if (message.type === 'ack') credit++;
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

async function run(): Promise<void> {
  const { path, options } = workerData as WorkerOpen;
  let source: TableSource | undefined;
  try {
    source = await openSource(path, options);
    post({ type: 'opened', source: describeSource(source) });
    const plan = await planArrived;
    if (plan === null) return;
    const rows = processRows(source, plan);
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
      const { rows: encoded } = next.value;
      post({ type: 'batch', batch: next.value }, [
        encoded.lines.buffer as ArrayBuffer,
        encoded.values.buffer as ArrayBuffer,
      ]);
    }
  } catch (error) {
    post({ type: 'error', error: payloadOf(error) });
  } finally {
    await source?.close();
  }
}

void run();
