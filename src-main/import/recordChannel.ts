// Record batches from the reader worker to the pipeline worker, over a MessagePort. Reading and
// tokenizing a file (a quarter of the pipeline's work) and numbering its persons' references run
// on the reader, the thread that also makes the person keys and had time to spare; the pipeline
// worker, the slowest link of an import, only validates and recodes. The reader keeps at most RECORD_BATCHES_AHEAD batches
// ahead of the pipeline, which says when it has taken one, so a fast reader never fills memory.
import type { MessagePort } from 'node:worker_threads';
import { AppError, isAppError, type ErrorPayload } from '../../shared/errors.ts';
import type { OpenedSource } from './importWorkerProtocol.ts';
import { rowsOfBatch, type RecordBatch } from './recordBatch.ts';
import type { SourceRow, TableSource } from './tableSource.ts';

export const RECORD_BATCHES_AHEAD = 8;

/** From the reader to the pipeline worker. */
export type RecordMessage =
  | { type: 'records'; batch: RecordBatch; bytesRead: number }
  | { type: 'end'; bytesRead: number }
  | { type: 'error'; error: ErrorPayload };

/** From the pipeline worker to the reader: a batch taken (one more may come). */
export interface RecordsTaken {
  type: 'taken';
}

/**
 * The buffers a batch can give away rather than copy: those its arrays fill whole. A view of part
 * of a buffer (the header's batch, a chunk after its BOM, or a slice of Node's shared pool) is
 * copied instead, since giving its buffer away would take the rest of that buffer with it.
 */
function transferable(batch: RecordBatch): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const view of [batch.bytes, batch.fields, batch.firstField, batch.lines, batch.references]) {
    if (view === undefined) continue;
    const whole = view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;
    if (whole && view.buffer instanceof ArrayBuffer) buffers.add(view.buffer);
  }
  return [...buffers];
}

/** The reader's end: sends a source's batches, never more than RECORD_BATCHES_AHEAD untaken. */
export class RecordSender {
  private credit = RECORD_BATCHES_AHEAD;
  private wake: (() => void) | null = null;

  constructor(private readonly port: MessagePort) {}

  /** The pipeline has taken a batch. */
  taken(): void {
    this.credit++;
    this.wake?.();
  }

  /** Sends every batch (each `prepare`d first), then the end; a failure to read is sent as the error it is. */
  async send(source: TableSource, prepare?: (batch: RecordBatch) => void): Promise<void> {
    try {
      for await (const batch of source.records()) {
        prepare?.(batch);
        if (this.credit === 0) await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        this.credit--;
        const message: RecordMessage = { type: 'records', batch, bytesRead: source.bytesRead() };
        this.port.postMessage(message, transferable(batch));
      }
      this.port.postMessage({ type: 'end', bytesRead: source.bytesRead() } satisfies RecordMessage);
    } catch (error) {
      this.port.postMessage({ type: 'error', error: readFailure(error, source.path) } satisfies RecordMessage);
    } finally {
      await source.close();
    }
  }
}

function readFailure(error: unknown, path: string): ErrorPayload {
  if (isAppError(error)) return error.toPayload();
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('IMPORT_FAILED', `${path} could not be read: ${message}`).toPayload();
}

/**
 * The pipeline's end: the file the reader opened, as a TableSource whose records arrive on
 * `port`. Other messages on the port (none are expected) are ignored.
 */
export function receivedSource(opened: OpenedSource, port: MessagePort): TableSource {
  const queue: RecordMessage[] = [];
  let wake: (() => void) | null = null;
  let bytesRead = 0;
  let reading = false;
  const listener = (message: RecordMessage): void => {
    queue.push(message);
    wake?.();
  };
  port.on('message', listener);

  async function* records(): AsyncGenerator<RecordBatch> {
    if (reading) throw new Error('the records of a source are read once');
    reading = true;
    try {
      for (;;) {
        let message = queue.shift();
        while (message === undefined) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          message = queue.shift();
        }
        if (message.type === 'error') throw AppError.fromPayload(message.error);
        bytesRead = message.bytesRead;
        if (message.type === 'end') return;
        port.postMessage({ type: 'taken' } satisfies RecordsTaken);
        const { batch } = message;
        // A Buffer arrives as a plain Uint8Array: the same bytes, viewed as a Buffer again.
        batch.bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
        yield batch;
      }
    } finally {
      port.off('message', listener);
    }
  }

  async function* batches(): AsyncGenerator<SourceRow[]> {
    for await (const batch of records()) yield rowsOfBatch(batch);
  }

  const source: TableSource = {
    path: opened.path,
    format: opened.format,
    headers: opened.headers,
    bytesTotal: opened.bytesTotal,
    bytesRead: () => bytesRead,
    records,
    batches,
    close: async () => {
      port.off('message', listener);
    },
  };
  return Object.assign(source, optionalFields(opened));
}

function optionalFields(opened: OpenedSource): Partial<TableSource> {
  const fields: { encoding?: string; delimiter?: string; sheet?: string; sheets?: readonly string[] } = {};
  if (opened.encoding !== undefined) fields.encoding = opened.encoding;
  if (opened.delimiter !== undefined) fields.delimiter = opened.delimiter;
  if (opened.sheet !== undefined) fields.sheet = opened.sheet;
  if (opened.sheets !== undefined) fields.sheets = opened.sheets;
  return fields;
}
