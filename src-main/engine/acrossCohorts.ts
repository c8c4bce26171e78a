// The shared pass of the tables across cohorts (overlap, journeys): each cohort's records
// marked into a per-person array shared with the workers, then one count over ranges of
// persons split between the workers.
import { COHORTS, type DatasetName } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { QuerySpec } from '../../shared/query.ts';
import { compileFilters, filtersForSnapshot, type ScanFilters } from './compileFilters.ts';
import type { CohortSnapshot } from './snapshot.ts';
import type { JobOptions, WorkerPool } from './workerPool.ts';
import type { ReplyOf, WorkerRequest } from './workerProtocol.ts';

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

export interface CohortMarks<T> {
  /** One per cohort, in COHORTS order; a cohort not loaded keeps its target as made. */
  targets: T[];
  personSpace: number;
  recordsMatched: number;
  recordsTotal: number;
}

/**
 * Marks each cohort's filtered records into its own per-person target: `makeTarget` builds
 * the shared array, `mark` the worker request filling it (its reply is the records matched),
 * `missing` the warning for a cohort not loaded.
 */
export async function markAcrossCohorts<T, R extends WorkerRequest & { op: 'markPersons' | 'firstDays' }>(
  run: {
    spec: QuerySpec;
    snapshots: ReadonlyMap<DatasetName, CohortSnapshot>;
    pool: WorkerPool;
    options: JobOptions;
    warnings: string[];
  },
  makeTarget: (personSpace: number) => T,
  mark: (cohort: DatasetName, filters: ScanFilters, target: T) => R,
  missing: (cohort: DatasetName) => string,
): Promise<CohortMarks<T>> {
  const { spec, snapshots, pool, options, warnings } = run;
  const personSpace = personSpaceOf(snapshots);
  const targets: T[] = [];
  let recordsMatched = 0;
  let recordsTotal = 0;
  for (const cohort of COHORTS) {
    const target = makeTarget(personSpace);
    targets.push(target);
    const snapshot = snapshots.get(cohort);
    if (!snapshot) {
      warnings.push(missing(cohort));
      continue;
    }
    const filters = cohortFilters(snapshot, spec, warnings);
    const matched: number[] = await pool.all(() => mark(cohort, filters, target), options);
    recordsMatched += matched.reduce((a, b) => a + b, 0);
    recordsTotal += snapshot.rowCount;
  }
  return { targets, personSpace, recordsMatched, recordsTotal };
}

/** One request per worker over its range of persons; the workers' counts summed cell by cell. */
export async function countPersonRanges<R extends WorkerRequest & { op: 'overlapCount' | 'journeyCount' }>(
  pool: WorkerPool,
  personSpace: number,
  count: (start: number, end: number) => R,
  cells: number,
  options: JobOptions,
): Promise<number[]> {
  const step = Math.ceil(personSpace / pool.size);
  const parts: ReplyOf<R>[] = await pool.all(
    (w) => count(Math.min(personSpace, w * step), Math.min(personSpace, (w + 1) * step)),
    options,
  );
  const sums = new Array<number>(cells).fill(0);
  for (const part of parts) for (let c = 0; c < cells; c++) sums[c] = (sums[c] as number) + (part[c] as number);
  return sums;
}
