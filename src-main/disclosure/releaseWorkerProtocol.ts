// The messages between the main process and the release worker (releaseWorker.ts): one job per
// worker; the worker asks for true counts of finest cells, reports progress, then its result.
import type { ErrorPayload } from '../../shared/errors.ts';
import type { LeafCell, ReleaseInput, ReleaseResult } from './protectRelease.ts';
import type { Measure } from './tableModel.ts';

export interface ReleaseJob {
  input: Omit<ReleaseInput, 'leafValues'>;
}

export type FromReleaseWorker =
  | { type: 'leafValues'; id: number; leaves: LeafCell[]; measure: Measure }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; value: ReleaseResult }
  | { type: 'error'; error: ErrorPayload };

export type ToReleaseWorker = { type: 'leafValues'; id: number; values: number[] };
