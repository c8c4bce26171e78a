// Messages between the engine façade (main side) and its query workers. Each worker holds
// the snapshots (shared memory, not copies) and scans its own range of rows; the main
// side merges the worker-local counts.
import type { ScanFilters } from './compileFilters.ts';
import type { CubeShape } from './cube.ts';
import type { CohortSnapshot } from './snapshot.ts';

export type WorkerRequest =
  | { op: 'load'; snapshot: CohortSnapshot; start: number; end: number }
  | { op: 'drop'; cohort: string }
  | { op: 'cube'; cohort: string; shape: CubeShape; baked: ScanFilters }
  | {
      op: 'persons';
      cohort: string;
      fields: string[];
      strides: number[];
      nRows: number;
      nCols: number;
      filters: ScanFilters;
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
  | { op: 'export'; cohort: string; filters: ScanFilters };

export interface LoadReply {
  /** Bytes of the day layout the worker made for the snapshot (0: none). */
  layoutBytes: number;
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

export type WorkerMessage = { id: number; request: WorkerRequest };
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
