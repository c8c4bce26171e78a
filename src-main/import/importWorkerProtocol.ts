// The messages between an import and its worker. The worker opens the file and says what it
// found (headers first: the mapping depends on them), waits for the plan, then streams batches,
// at most MAX_BATCHES_IN_FLIGHT ahead of the writer, which acknowledges each one it has written:
// a worker faster than the writer never fills memory with waiting batches.
import type { ErrorPayload } from '../../shared/errors.ts';
import type { SourceOptions } from './openSource.ts';
import type { PipelineBatch, PipelinePlan, PipelineSummary } from './rowPipeline.ts';
import type { SourceFormat, TableSource } from './tableSource.ts';

export const MAX_BATCHES_IN_FLIGHT = 128;

/** `workerData` of the import worker. */
export interface WorkerOpen {
  path: string;
  options: SourceOptions;
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

export type ToWorker = { type: 'start'; plan: PipelinePlan } | { type: 'ack' } | { type: 'stop' };

export type FromWorker =
  | { type: 'opened'; source: OpenedSource }
  | { type: 'batch'; batch: PipelineBatch }
  | { type: 'done'; summary: PipelineSummary }
  | { type: 'error'; error: ErrorPayload };
