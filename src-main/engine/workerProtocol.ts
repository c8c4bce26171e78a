// Messages between the engine façade (main side) and its query workers. Each worker holds
// the snapshots (shared memory, not copies) and scans its own range of rows; the main
// side merges the worker-local counts.
import type { ErrorCode } from '../../shared/errors.ts';
import type { OutcomeTally, TallyRequest } from './analyses/outcomeTally.ts';
import type { NeedsTally, NeedsTallyRequest } from './analyses/needsTally.ts';
import type { LeafTallyRequest } from './analyses/leafTally.ts';
import type { ScanFilters } from './compileFilters.ts';
import type { CubeShape } from './cube.ts';
import type { LayoutView } from './dayLayout.ts';
import type { CodeArray, CohortSnapshot } from './snapshot.ts';

export type WorkerRequest =
  | { op: 'load'; snapshot: CohortSnapshot; start: number; end: number }
  | { op: 'drop'; cohort: string }
  /** Every worker's day layout of the cohort, so that any worker can count any rows (sharedCube). */
  | { op: 'layouts'; cohort: string; generation: number; views: LayoutView[] }
  /**
   * A cube over the chunks of a period, claimed one by one (`claim[0]`) by whichever worker is
   * free. A speculative one (for a query that has not come yet) is given up when real work
   * arrives.
   */
  | {
      op: 'sharedCube';
      cohort: string;
      generation: number;
      shape: CubeShape;
      masks: ScanFilters['masks'];
      chunks: Int32Array;
      claim: Int32Array;
      speculative: boolean;
    }
  | { op: 'cube'; cohort: string; shape: CubeShape; baked: ScanFilters }
  | {
      op: 'persons';
      cohort: string;
      fields: string[];
      strides: number[];
      nRows: number;
      nCols: number;
      filters: ScanFilters;
      /** Per field, code to merged position (merged categories count a person once); null: the code. */
      maps?: (Int32Array | null)[];
    }
  | {
      op: 'facets';
      cohort: string;
      facets: string[];
      groups: ScanFilters[];
      groupOf: number[];
      measure: 'records' | 'persons';
    }
  | { op: 'markPersons'; cohort: string; filters: ScanFilters; target: Uint8Array }
  | { op: 'overlapCount'; targets: Uint8Array[]; start: number; end: number }
  | { op: 'firstDays'; cohort: string; filters: ScanFilters; target: Int32Array }
  | { op: 'journeyCount'; firsts: Int32Array[]; start: number; end: number; windowDays: number }
  | { op: 'export'; cohort: string; filters: ScanFilters }
  /** Time to outcome over this worker's rows: records, persons and days per cell. */
  | { op: 'outcomes'; cohort: string; tally: TallyRequest }
  /** The tables of needs together over this worker's rows: persons per need, per pair of needs. */
  | { op: 'needsTally'; cohort: string; tally: NeedsTallyRequest }
  /** Records or persons per cell of many cells (conjunctions of category sets) over this worker's rows. */
  | { op: 'leafTally'; cohort: string; tally: LeafTallyRequest }
  /** The repeat victimisation fields of another window, written into `columns` for this worker's rows. */
  | { op: 'deriveWindow'; cohort: string; windowDays: number; columns: CodeArray[]; remaps: Uint16Array[] };

export interface LoadReply {
  /** Bytes of the day layout the worker made for the snapshot (0: none). */
  layoutBytes: number;
  /** That layout, shared with the other workers (null: none). */
  layout: LayoutView | null;
}
export interface SharedCubeReply {
  /** This worker's cube of the chunks it claimed, as a CubeReply's. */
  counts: Uint32Array;
  chunksDone: number;
}
export interface CubeReply {
  /** The worker's cube: counts per cell, then (slot `cells`) the rows that failed the baked filters. */
  counts: Uint32Array;
}
export interface PersonsReply {
  cells: Uint32Array;
  rowTotals: Uint32Array;
  colTotals: Uint32Array;
  total: number;
  recordsMatched: number;
}
export interface FacetsReply {
  histograms: Uint32Array[];
  /** Rows of this worker's range that pass every filter. */
  matched: number;
}

/** What each worker is started with. */
export interface WorkerStart {
  /**
   * One slot per worker: the main side adds one before it posts a real request, the worker
   * takes one off when it starts it. A speculative cube stops when its slot is above zero.
   */
  demand: Int32Array;
  /** One slot per worker: the id of the job it is running (0: none), so a cancel knows whether to stop it. */
  running: Int32Array;
  slot: number;
}

/** The reply each request gets, by its op: what `WorkerPool.call` resolves to. */
export interface ReplyByOp {
  load: LoadReply;
  drop: true;
  layouts: true;
  sharedCube: SharedCubeReply;
  cube: CubeReply;
  persons: PersonsReply;
  facets: FacetsReply;
  markPersons: number;
  overlapCount: Float64Array;
  firstDays: number;
  journeyCount: Float64Array;
  export: Uint8Array;
  outcomes: OutcomeTally;
  needsTally: NeedsTally;
  leafTally: Uint32Array;
  deriveWindow: true;
}
export type WorkerOp = WorkerRequest['op'];
export type ReplyOf<R extends WorkerRequest> = ReplyByOp[R['op']];

/** A request for a cube no query has asked for yet: it does not count as demand for real work. */
export function isSpeculative(request: WorkerRequest): boolean {
  return request.op === 'sharedCube' && request.speculative;
}

/** Requests that change what a worker holds: a worker started again in a slot is given them again. */
export function isStateRequest(request: WorkerRequest): boolean {
  return request.op === 'load' || request.op === 'drop' || request.op === 'layouts';
}

/**
 * A job: its id and, shared with the main side, its cancel flag (set to 1 when the caller
 * aborted it before the worker started it: the worker then skips it).
 */
export interface WorkerMessage {
  id: number;
  cancelled: Int32Array;
  request: WorkerRequest;
}

/** A failure as it crosses the thread: an AppError's code is kept (INTERNAL for anything else). */
export interface WorkerFailure {
  code: ErrorCode;
  message: string;
  /** False when the worker's code threw something other than an AppError: a bug, not a user error. */
  coded: boolean;
}

/** A request's result, as the worker's handler gives it: its op and the value of that op's reply. */
export type WorkerResult = { [K in WorkerOp]: { op: K; value: ReplyByOp[K] } }[WorkerOp];

export type WorkerReply =
  | (WorkerResult & { id: number; status: 'done' })
  | { id: number; status: 'failed'; error: WorkerFailure }
  /** The job was cancelled before the worker started it. */
  | { id: number; status: 'skipped' };
