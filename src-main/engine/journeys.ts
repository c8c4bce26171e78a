// The journeys table: for persons in two or more cohorts, which cohort each pair of them saw
// first (the earliest dated record that passes the cohort's filters) and whether the other
// followed within the journey window or later. Rows: first seen as; columns: then seen as.
// A person counts once per pair of cohorts they are in. Computed in the query workers over
// the shared snapshots; the table then goes through disclosure control like any other.
import type { DatasetName } from '../../shared/codebook.ts';
import { JOURNEY_FIELDS, JOURNEY_ROLES, JOURNEY_TARGETS, journeyWindowOf } from '../../shared/journeys.ts';
import type { QuerySpec } from '../../shared/query.ts';
import type { EngineResult } from './finalizeResult.ts';
import { JOURNEY_CELLS, NOT_IN_COHORT } from './journeysKernel.ts';
import { checkAcrossCohorts, countPersonRanges, markAcrossCohorts } from './acrossCohorts.ts';
import { sharedArray, type CohortSnapshot } from './snapshot.ts';
import type { JobOptions, WorkerPool } from './workerPool.ts';

/** The date a cohort's first appearance is taken from. */
export const JOURNEY_DATE = 'date';

export async function journeysQuery(
  spec: QuerySpec,
  snapshots: ReadonlyMap<DatasetName, CohortSnapshot>,
  pool: WorkerPool,
  options: JobOptions = {},
): Promise<EngineResult> {
  const started = performance.now();
  checkAcrossCohorts(spec, snapshots, 'The journeys table has fixed rows and columns (first and later roles)');
  const windowDays = journeyWindowOf(spec);
  const warnings: string[] = [];
  const marks = await markAcrossCohorts(
    { spec, snapshots, pool, options, warnings },
    (persons) => sharedArray(Int32Array, persons).fill(NOT_IN_COHORT),
    (cohort, filters, target) => ({ op: 'firstDays', cohort, filters, target }),
    (cohort) => `No ${cohort} data is loaded; no journey goes through the ${cohort}.`,
  );
  const { recordsMatched, recordsTotal } = marks;
  const cells = await countPersonRanges(
    pool,
    marks.personSpace,
    (start, end) => ({ op: 'journeyCount', firsts: marks.targets, start, end, windowDays }),
    JOURNEY_CELLS + 1,
    options,
  );
  const targets = JOURNEY_TARGETS;
  const counts = JOURNEY_ROLES.map((_role, r) => targets.map((_t, t) => cells[r * targets.length + t] as number));
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = targets.map((_t, t) => counts.reduce((a, row) => a + (row[t] as number), 0));
  const undated = cells[JOURNEY_CELLS] as number;
  if (undated > 0)
    warnings.push(
      `${undated.toLocaleString('en-GB')} pair(s) of cohorts left out: the person's records in one of them have no date.`,
    );
  return {
    spec,
    rows: { fields: [JOURNEY_FIELDS.first], keys: JOURNEY_ROLES.map((role) => [role]) },
    cols: { fields: [JOURNEY_FIELDS.then], keys: targets.map((target) => [target]) },
    counts,
    rowTotals,
    colTotals,
    total: rowTotals.reduce((a, b) => a + b, 0),
    stats: null,
    suppressed: [],
    disclosure: null,
    meta: {
      cohort: 'journeys',
      measure: 'persons',
      recordsMatched,
      recordsTotal,
      elapsedMs: performance.now() - started,
      warnings,
    },
  };
}
