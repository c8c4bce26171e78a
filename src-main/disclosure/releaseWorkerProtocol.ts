// The messages between the main process and the release worker (releaseWorker.ts): one job per
// worker; the worker asks for true counts of finest cells, reports progress, then its result.
import type { LeafCell, ReleaseInput, ReleaseResult } from './protectRelease.ts';
import type { Measure } from './tableModel.ts';
import type { JobReply } from './workerJob.ts';

export interface ReleaseJob {
  input: Omit<ReleaseInput, 'leafValues'>;
}

/** The worker's request for the true counts of finest cells, which only the engine knows. */
export type ReleaseRequest = { type: 'leafValues'; id: number; leaves: LeafCell[]; measure: Measure };

export type FromReleaseWorker = ReleaseRequest | JobReply<ReleaseResult>;

export type ToReleaseWorker = { type: 'leafValues'; id: number; values: number[] };
