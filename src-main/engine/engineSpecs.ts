// What the engine's calls besides `query` give back (facet counts), and the check that a
// parsed spec names a dataset the engine holds as a snapshot. The specs themselves live in
// the contract (shared/contract/engine.ts), parsed once at the edge.
import { COHORTS, isContextDataset, type DatasetName } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { datasetLabel } from '../../shared/figure.ts';

export interface Facet {
  field: string;
  categories: string[];
  counts: number[];
  /** True when this facet's own filter was ignored in its counts. */
  ownFilterIgnored: boolean;
}
export interface FacetResult {
  cohort: string;
  measure: 'records' | 'persons';
  facets: Facet[];
  /** Records passing every filter. */
  recordsMatched: number;
  recordsTotal: number;
  elapsedMs: number;
}

/** A cohort or a context dataset: anything the engine holds as a snapshot (not the overlap). */
export function snapshotNameOf(name: string): DatasetName {
  if ((COHORTS as readonly string[]).includes(name) || isContextDataset(name)) return name as DatasetName;
  throw new AppError(
    'INVALID_SPEC',
    `${datasetLabel(name)} has no facets or trends; choose victims, suspects, offenders or a context dataset.`,
  );
}
