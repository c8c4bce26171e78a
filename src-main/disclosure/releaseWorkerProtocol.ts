// The messages between the main process and the release worker (releaseWorker.ts). The worker
// is kept warm and takes one job after another, each numbered: it asks for true counts of
// finest cells, reports progress, then its result, every message naming its job.
import type { LeafCell, ReleaseInput, ReleaseResult } from './protectRelease.ts';
import type { Measure } from './tableModel.ts';
import type { JobReply } from './workerJob.ts';

export type ReleaseJobInput = Omit<ReleaseInput, 'leafValues'>;

/** The worker's request for the true counts of finest cells, which only the engine knows. */
export type ReleaseRequest = { type: 'leafValues'; job: number; id: number; leaves: LeafCell[]; measure: Measure };

export type FromReleaseWorker = ReleaseRequest | (JobReply<ReleaseResult> & { job: number });

export type ToReleaseWorker =
  | { type: 'job'; job: number; input: ReleaseJobInput }
  | { type: 'leafValues'; job: number; id: number; values: number[] };
