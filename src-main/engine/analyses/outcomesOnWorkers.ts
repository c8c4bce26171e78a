// Time to outcome on the query workers: each tallies its own rows (its range ends at a
// person's edge) and the main side adds the tallies up and reads the quartiles off the summed
// histograms. A cancel reaches the workers through the job's signal.
import type { CohortSnapshot } from '../snapshot.ts';
import type { JobOptions, WorkerPool } from '../workerPool.ts';
import { mergeOutcomeTallies, planOutcomes, type TimeToOutcomeRequest, type TimeToOutcomeTable } from './outcomes.ts';

export async function timeToOutcomeOnWorkers(
  snapshot: CohortSnapshot,
  request: TimeToOutcomeRequest,
  pool: WorkerPool,
  job: JobOptions,
): Promise<TimeToOutcomeTable> {
  const plan = planOutcomes(snapshot, request);
  const tallies = await pool.all(() => ({ op: 'outcomes', cohort: snapshot.cohort, tally: plan.tally }), job);
  return mergeOutcomeTallies(plan, tallies);
}
