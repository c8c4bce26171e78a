// The messages between an import and its workers. The pipeline worker opens the file and says
// what it found (headers first: the mapping depends on them), waits for the plan, then streams
// batches, at most MAX_BATCHES_IN_FLIGHT ahead of the writer, which acknowledges each one it
// has written: a worker faster than the writer never fills memory with waiting batches.
// When the writer needs person keys, a second worker of the same module, the keyer, makes them
// (HMAC) from each batch's identity tokens, which the pipeline worker sends it directly; the
// writer takes each batch's keys from the keyer, in batch order. Tokens never reach the writer.
import type { MessagePort } from 'node:worker_threads';
import type { ErrorPayload } from '../../shared/errors.ts';
import type { SourceOptions } from './openSource.ts';
import type { PipelineBatch, PipelinePlan, PipelineSummary } from './rowPipeline.ts';
import type { SourceFormat, TableSource } from './tableSource.ts';

export const MAX_BATCHES_IN_FLIGHT = 128;

/** `workerData` of the import worker: the pipeline of a file, or the keyer. */
export type WorkerOpen = { role: 'pipeline'; path: string; options: SourceOptions } | KeyerOpen;

/** `workerData` of the keyer, which starts with the pipeline worker, before the plan is known. */
export interface KeyerOpen {
  role: 'keyer';
}

/** To the keyer, once: the secret, and the port the pipeline worker sends tokens on. */
export interface KeyerStart {
  type: 'start';
  secret: Uint8Array;
  tokens: MessagePort;
}

/** From the pipeline worker to the keyer, one per batch, in order. */
export interface TokensOfBatch {
  seq: number;
  /** The batch's newPersonTokens. */
  tokens: string;
}

/** From the keyer to the writer: a batch's person keys, end to end (PERSON_KEY_CHARS each). */
export interface KeysOfBatch {
  seq: number;
  keys: string;
}

/** Characters of a person key (hex HMAC-SHA-256). */
export const PERSON_KEY_CHARS = 64;

export function splitPersonKeys(packed: string): string[] {
  const keys = new Array<string>(packed.length / PERSON_KEY_CHARS);
  for (let i = 0; i < keys.length; i++) keys[i] = packed.slice(i * PERSON_KEY_CHARS, (i + 1) * PERSON_KEY_CHARS);
  return keys;
}

/** What the reader found, before any row is read. */
export interface OpenedSource {
  path: string;
  format: SourceFormat;
  headers: string[];
  bytesTotal: number;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  sheets?: string[];
}

export function describeSource(source: TableSource): OpenedSource {
  const opened: OpenedSource = {
    path: source.path,
    format: source.format,
    headers: [...source.headers],
    bytesTotal: source.bytesTotal,
  };
  if (source.encoding !== undefined) opened.encoding = source.encoding;
  if (source.delimiter !== undefined) opened.delimiter = source.delimiter;
  if (source.sheet !== undefined) opened.sheet = source.sheet;
  if (source.sheets !== undefined) opened.sheets = [...source.sheets];
  return opened;
}

export type ToWorker = { type: 'start'; plan: PipelinePlan; keyer?: MessagePort } | { type: 'ack' } | { type: 'stop' };

export type FromWorker =
  | { type: 'opened'; source: OpenedSource }
  | { type: 'batch'; batch: PipelineBatch }
  | { type: 'done'; summary: PipelineSummary }
  | { type: 'error'; error: ErrorPayload };
