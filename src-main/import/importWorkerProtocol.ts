// The messages between an import and its two workers, both of this module (importWorker.ts).
// The reader opens the file and says what it found (headers first: the mapping depends on
// them), then reads and tokenizes it into record batches for the pipeline worker, straight over
// a port of their own (recordChannel.ts). The pipeline worker waits for the plan, then streams
// processed batches, at most MAX_BATCHES_IN_FLIGHT ahead of the writer, which acknowledges each
// one it has written: a worker faster than the writer never fills memory with waiting batches.
// When the writer needs person keys, the reader also makes them (HMAC) from each batch's
// identity tokens, which the pipeline worker sends it on their port; the writer takes each
// batch's keys from the reader, in batch order. Tokens never reach the writer.
import type { MessagePort } from 'node:worker_threads';
import type { ErrorPayload } from '../../shared/errors.ts';
import type { SourceOptions } from './openSource.ts';
import type { PipelineBatch, PipelinePlan, PipelineSummary } from './rowPipeline.ts';
import type { SourceFormat, TableSource } from './tableSource.ts';

export const MAX_BATCHES_IN_FLIGHT = 128;

/** `workerData` of the import worker: the reader of a file, or the pipeline; each holds one end of their port. */
export type WorkerOpen =
  | { role: 'reader'; path: string; options: SourceOptions; pipeline: MessagePort }
  | { role: 'pipeline'; reader: MessagePort };

/**
 * To the reader, once the plan is made: which columns hold identifiers (it numbers each record's
 * reference, referenceNumbers.ts), and, when the writer wants keys, the secret and whether the
 * writer needs them only after the last batch (`late`: the reader then reads the whole file
 * first, and makes the keys after, while the writer finishes). It sends no record before.
 */
export interface ReaderStart {
  type: 'start';
  identifierColumns: number[];
  keys?: { secret: Uint8Array; late: boolean };
}

/** From the pipeline worker to the reader, one per batch, in order. */
export interface TokensOfBatch {
  type: 'tokens';
  seq: number;
  /** The batch's newPersonTokens. */
  tokens: string;
}

/**
 * From the reader to the writer: the person keys of `batches` batches from batch `seq` on, end to
 * end (PERSON_KEY_CHARS each). Keys wanted with each batch come one batch a message; keys wanted
 * late come as few messages as can be (a message costs the writer more than its bytes).
 */
export interface KeysOfBatch {
  type: 'keys';
  seq: number;
  batches: number;
  keys: string;
}

export type FromReader =
  { type: 'opened'; source: OpenedSource } | KeysOfBatch | { type: 'error'; error: ErrorPayload };

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

/** To the pipeline worker: the plan (and whether to send tokens to the reader), then acknowledgements. */
export type ToPipeline =
  { type: 'start'; plan: PipelinePlan; source: OpenedSource; keys: boolean } | { type: 'ack' } | { type: 'stop' };

export type FromPipeline =
  | { type: 'batch'; batch: PipelineBatch }
  | { type: 'done'; summary: PipelineSummary }
  | { type: 'error'; error: ErrorPayload };
