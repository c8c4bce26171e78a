// The tables needs together are read from (persons by one need, and by a pair of needs, all
// over the same filters), counted in one pass on the query workers instead of one query each:
// every worker tallies its own persons (needsTally.ts), the main side adds the tallies up and
// shapes each table as the engine's own query would have answered it, keys and margins alike.
import { AppError } from '../../../shared/errors.ts';
import type { QuerySpec } from '../../../shared/query.ts';
import type { EngineResult } from '../finalizeResult.ts';
import { planCrossTab, type CrossTabPlan } from '../planner.ts';
import type { PopulationTables } from '../populations.ts';
import type { CohortSnapshot } from '../snapshot.ts';
import type { JobOptions, WorkerPool } from '../workerPool.ts';
import { needsSlots, type NeedsSlots, type NeedsTally, type NeedsTallyRequest } from './needsTally.ts';

interface PlannedPiece {
  spec: QuerySpec;
  plan: CrossTabPlan;
  row: number;
  /** The column field's place among the fields; null: a one-field table. */
  col: number | null;
}

export interface NeedsPiecesPlan {
  tally: NeedsTallyRequest;
  slots: NeedsSlots;
  pieces: PlannedPiece[];
}

/**
 * Whether `specs` can be counted together: persons tables of one or two fields (no merged
 * categories, rates or windows) over one dataset and the same filters.
 */
export function countableTogether(specs: readonly QuerySpec[]): boolean {
  const first = specs[0];
  if (first === undefined) return false;
  const filters = JSON.stringify(first.filters);
  return specs.every(
    (s) =>
      s.cohort === first.cohort &&
      s.measure === 'persons' &&
      s.rows.length === 1 &&
      s.cols.length <= 1 &&
      s.groups === undefined &&
      s.rate === undefined &&
      s.window === undefined &&
      !s.stats &&
      JSON.stringify(s.filters) === filters,
  );
}

export function planNeedsPieces(
  snapshot: CohortSnapshot,
  specs: readonly QuerySpec[],
  populations: PopulationTables,
): NeedsPiecesPlan {
  if (!countableTogether(specs))
    throw new AppError('INTERNAL', 'These tables cannot be counted together: they differ in more than their fields.');
  const fields: string[] = [];
  const placeOf = (field: string): number => {
    const at = fields.indexOf(field);
    if (at >= 0) return at;
    fields.push(field);
    return fields.length - 1;
  };
  const pieces = specs.map((spec) => {
    const plan = planCrossTab(snapshot, spec, populations);
    const row = placeOf(spec.rows[0] as string);
    const col = spec.cols[0] === undefined ? null : placeOf(spec.cols[0]);
    return { spec, plan, row, col };
  });
  const sizes = fields.map((field) => snapshot.dimensions[field]?.labels.length ?? 0);
  const tally = { filters: pieces[0]!.plan.filters, fields, sizes };
  return { tally, slots: needsSlots(sizes), pieces };
}

/** The slot of a pair's (row code, column code) cell, whichever way round the tally holds the pair. */
function pairSlot(slots: NeedsSlots, sizes: readonly number[], a: number, b: number, ra: number, cb: number): number {
  const [i, j, ci, cj] = a < b ? [a, b, ra, cb] : [b, a, cb, ra];
  const n = sizes.length;
  // Pairs are numbered i major: those of the fields before i, then j's place after i.
  const index = (i * (2 * n - i - 1)) / 2 + (j - i - 1);
  return (slots.pair[index] as number) + ci * (sizes[j] as number) + cj;
}

export function mergeNeedsTallies(
  snapshot: CohortSnapshot,
  plan: NeedsPiecesPlan,
  tallies: readonly NeedsTally[],
  elapsedMs: number,
): EngineResult[] {
  const { slots } = plan;
  const sizes = plan.tally.sizes;
  const persons = new Float64Array(slots.length);
  for (const t of tallies) for (let s = 0; s < slots.length; s++) persons[s]! += t.persons[s] as number;
  const matched = tallies.reduce((a, t) => a + t.matched, 0);
  const single = (field: number, code: number): number => persons[(slots.single[field] as number) + code] as number;
  const total = persons[slots.total] as number;
  return plan.pieces.map(({ spec, plan: table, row, col }) => {
    const rowCodes = table.rows.keys.map((_k, r) => r);
    const colCodes = table.cols.keys.map((_k, c) => c);
    const counts =
      col === null
        ? rowCodes.map((r) => [single(row, r)])
        : rowCodes.map((r) => colCodes.map((c) => persons[pairSlot(slots, sizes, row, col, r, c)] as number));
    return {
      spec,
      rows: { fields: table.rows.fields, keys: table.rows.keys },
      cols: { fields: table.cols.fields, keys: table.cols.keys },
      counts,
      rowTotals: rowCodes.map((r) => single(row, r)),
      colTotals: col === null ? [total] : colCodes.map((c) => single(col, c)),
      total,
      stats: null,
      suppressed: [],
      disclosure: null,
      meta: {
        cohort: spec.cohort,
        measure: spec.measure,
        recordsMatched: matched,
        recordsTotal: snapshot.rowCount,
        elapsedMs,
        warnings: [],
      },
    };
  });
}

/** Every table of `specs` (see countableTogether) from one pass of each query worker; a cancel stops them. */
export async function needsPiecesOnWorkers(
  snapshot: CohortSnapshot,
  specs: readonly QuerySpec[],
  populations: PopulationTables,
  pool: WorkerPool,
  job: JobOptions,
): Promise<EngineResult[]> {
  const started = performance.now();
  const plan = planNeedsPieces(snapshot, specs, populations);
  const tallies = await pool.all(() => ({ op: 'needsTally', cohort: snapshot.cohort, tally: plan.tally }), job);
  return mergeNeedsTallies(snapshot, plan, tallies, performance.now() - started);
}
