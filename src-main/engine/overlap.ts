// The victim-offender overlap: how many persons appear as victims, as suspects, as
// offenders, and in each combination of them, shaped as a one-column table (7 exclusive
// combinations) so that disclosure control applies to it like to any other table.
// Each cohort's records are filtered by the filters on the fields that cohort has.
import { COHORTS, type DatasetName } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { QuerySpec } from '../../shared/query.ts';
import { compileFilters, filtersForSnapshot, type ScanFilters } from './compileFilters.ts';
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

/** Checks a table across the cohorts: fixed rows and columns, filters on fields some cohort has. */
export function checkAcrossCohorts(
  spec: QuerySpec,
  snapshots: ReadonlyMap<DatasetName, CohortSnapshot>,
  fixed: string,
): void {
  if (spec.rows.length + spec.cols.length > 0 || (spec.measure !== 'persons' && spec.measure !== 'records')) {
    throw new AppError('INVALID_SPEC', `${fixed}; leave rows and cols empty.`);
  }
  const unknownFields = spec.filters
    .map((f) => f.field)
    .filter((field) => ![...snapshots.values()].some((s) => s.dimensions[field] || s.dates[field] || s.numbers[field]));
  if (unknownFields.length > 0) {
    throw new AppError(
      'INVALID_SPEC',
      `No cohort has the field(s) ${[...new Set(unknownFields)].join(', ')}; remove those filters.`,
    );
  }
}

/** Person ids run from 0 to the largest cohort's person count. */
export function personSpaceOf(snapshots: ReadonlyMap<DatasetName, CohortSnapshot>): number {
  return Math.max(1, ...[...snapshots.values()].map((s) => s.personCount));
}

/** A cohort's records are filtered by the filters on the fields it has; the others are named in a warning. */
export function cohortFilters(snapshot: CohortSnapshot, spec: QuerySpec, warnings: string[]): ScanFilters {
  const { kept, dropped } = filtersForSnapshot(snapshot, spec.filters);
  const cohort = snapshot.cohort;
  if (dropped.length > 0)
    warnings.push(
      `${cohort}: no ${[...new Set(dropped)].join(', ')} column, so those filters do not apply to ${cohort}.`,
    );
  return compileFilters(snapshot, kept);
}

export async function overlapQuery(
  spec: QuerySpec,
  snapshots: ReadonlyMap<DatasetName, CohortSnapshot>,
  pool: WorkerPool,
  options: JobOptions = {},
): Promise<EngineResult> {
  const started = performance.now();
  checkAcrossCohorts(spec, snapshots, 'The overlap table has fixed rows (the combinations of cohorts)');
  const warnings: string[] = [];
  const personSpace = personSpaceOf(snapshots);
  const targets: Uint8Array[] = [];
  let recordsMatched = 0;
  let recordsTotal = 0;
  for (const cohort of COHORTS) {
    const target = new Uint8Array(new SharedArrayBuffer(personSpace));
    targets.push(target);
    const snapshot = snapshots.get(cohort);
    if (!snapshot) {
      warnings.push(`No ${cohort} data is loaded; the overlap counts nobody as one of the ${cohort}.`);
      continue;
    }
    const filters = cohortFilters(snapshot, spec, warnings);
    const matched = await pool.all(() => ({ op: 'markPersons', cohort, filters, target }), options);
    recordsMatched += matched.reduce((a, b) => a + b, 0);
    recordsTotal += snapshot.rowCount;
  }
  const step = Math.ceil(personSpace / pool.size);
  const parts = await pool.all(
    (w) => ({
      op: 'overlapCount',
      targets,
      start: Math.min(personSpace, w * step),
      end: Math.min(personSpace, (w + 1) * step),
    }),
    options,
  );
  const byBits = new Array<number>(8).fill(0);
  for (const part of parts) for (let b = 0; b < 8; b++) byBits[b] = (byBits[b] as number) + (part[b] as number);
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
