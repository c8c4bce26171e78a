// The victim-offender overlap: how many persons appear as victims, as suspects, as
// offenders, and in each combination of them, shaped as a one-column table (7 exclusive
// combinations) so that disclosure control applies to it like to any other table.
// Each cohort's records are filtered by the filters on the fields that cohort has.
import type { DatasetName } from '../../shared/codebook.ts';
import type { QuerySpec } from '../../shared/query.ts';
import { checkAcrossCohorts, countPersonRanges, markAcrossCohorts } from './acrossCohorts.ts';
import type { EngineResult } from './finalizeResult.ts';
import type { CohortSnapshot } from './snapshot.ts';
import type { JobOptions, WorkerPool } from './workerPool.ts';

/** Rows of the overlap table: bit 1 victims, 2 suspects, 4 offenders. */
export const OVERLAP_ROWS: readonly { label: string; bits: number }[] = [
  { label: 'Victim only', bits: 1 },
  { label: 'Suspect only', bits: 2 },
  { label: 'Offender only', bits: 4 },
  { label: 'Victim and suspect', bits: 3 },
  { label: 'Victim and offender', bits: 5 },
  { label: 'Suspect and offender', bits: 6 },
  { label: 'Victim, suspect and offender', bits: 7 },
];

export async function overlapQuery(
  spec: QuerySpec,
  snapshots: ReadonlyMap<DatasetName, CohortSnapshot>,
  pool: WorkerPool,
  options: JobOptions = {},
): Promise<EngineResult> {
  const started = performance.now();
  checkAcrossCohorts(spec, snapshots, 'The overlap table has fixed rows (the combinations of cohorts)');
  const warnings: string[] = [];
  const { targets, personSpace, recordsMatched, recordsTotal } = await markAcrossCohorts(
    { spec, snapshots, pool, options, warnings },
    (persons) => new Uint8Array(new SharedArrayBuffer(persons)),
    (cohort, filters, target) => ({ op: 'markPersons', cohort, filters, target }),
    (cohort) => `No ${cohort} data is loaded; the overlap counts nobody as one of the ${cohort}.`,
  );
  const byBits = await countPersonRanges(
    pool,
    personSpace,
    (start, end) => ({ op: 'overlapCount', targets, start, end }),
    8,
    options,
  );
  const counts = OVERLAP_ROWS.map((r) => [byBits[r.bits] as number]);
  const rowTotals = counts.map((r) => r[0] as number);
  const total = rowTotals.reduce((a, b) => a + b, 0);
  return {
    spec,
    rows: { fields: ['combination'], keys: OVERLAP_ROWS.map((r) => [r.label]) },
    cols: { fields: [], keys: [[]] },
    counts,
    rowTotals,
    colTotals: [total],
    total,
    stats: null,
    suppressed: [],
    disclosure: null,
    meta: {
      cohort: 'overlap',
      measure: 'persons',
      recordsMatched,
      recordsTotal,
      elapsedMs: performance.now() - started,
      warnings,
    },
  };
}
