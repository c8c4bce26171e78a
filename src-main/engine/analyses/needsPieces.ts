// The tables needs together are read from (persons by one need, by a pair of needs, or with a
// need or two flagged, all under the same filters), counted in one pass on the query workers
// instead of one query each:
// every worker tallies its own persons (needsTally.ts), the main side adds the tallies up and
// shapes each table as the engine's own query would have answered it, keys and margins alike.
import type { QuerySpec } from '../../../shared/query.ts';
import type { EngineResult } from '../finalizeResult.ts';
import { compileFilters } from '../compileFilters.ts';
import { planCrossTab, type CrossTabPlan } from '../planner.ts';
import type { PopulationTables } from '../populations.ts';
import type { CohortSnapshot } from '../snapshot.ts';
import type { JobOptions, WorkerPool } from '../workerPool.ts';
import { needsSlots, type NeedsSlots, type NeedsTally, type NeedsTallyRequest } from './needsTally.ts';

interface PlannedPiece {
  spec: QuerySpec;
  plan: CrossTabPlan;
  /** The places among the fields of the row and column field; null: none. */
  row: number | null;
  col: number | null;
  /** The field places and codes its own filters fix (one category each). */
  fixed: Array<[number, number]>;
}

export interface NeedsPiecesPlan {
  tally: NeedsTallyRequest;
  slots: NeedsSlots;
  pieces: PlannedPiece[];
}

/** How many filters, from the first, every spec shares: the filters the pass counts under. */
function sharedFilters(specs: readonly QuerySpec[]): number {
  const first = specs[0]!.filters.map((f) => JSON.stringify(f));
  let shared = first.length;
  for (const spec of specs) {
    let k = 0;
    while (k < shared && k < spec.filters.length && JSON.stringify(spec.filters[k]) === first[k]) k++;
    shared = k;
  }
  return shared;
}

/**
 * The pass's plan, or null when `specs` cannot be counted together. They can when they are
 * persons counts of one dataset (no merged categories, rates, windows or statistics) under the
 * same filters, each then with at most one row and one column field and filters of one
 * category each, on two fields in all (persons by a need, by a pair of needs, or with a need or
 * two flagged).
 */
export function planNeedsPieces(
  snapshot: CohortSnapshot,
  specs: readonly QuerySpec[],
  populations: PopulationTables,
): NeedsPiecesPlan | null {
  const first = specs[0];
  if (first === undefined) return null;
  const alike = specs.every(
    (s) =>
      s.cohort === first.cohort &&
      s.measure === 'persons' &&
      s.rows.length <= 1 &&
      s.cols.length <= 1 &&
      s.groups === undefined &&
      s.rate === undefined &&
      s.window === undefined &&
      !s.stats,
  );
  if (!alike) return null;
  const shared = sharedFilters(specs);
  const fields: string[] = [];
  const placeOf = (field: string): number => {
    const at = fields.indexOf(field);
    if (at >= 0) return at;
    fields.push(field);
    return fields.length - 1;
  };
  const pieces: PlannedPiece[] = [];
  for (const spec of specs) {
    const own = spec.filters.slice(shared);
    const axes = [...spec.rows, ...spec.cols];
    const fixedFields = own.map((f) => (f.kind === 'in' && f.in.length === 1 ? f.field : null));
    const involved = [...axes, ...fixedFields];
    if (involved.some((f) => f === null || snapshot.dimensions[f] === undefined)) return null;
    // A field may be an axis and fixed by its own filter too (needs together's one-cell tables:
    // the need is the axis and is filtered to Yes); the cell is then one field's, not two.
    if (new Set(axes).size !== axes.length || new Set(fixedFields).size !== fixedFields.length) return null;
    if (new Set(involved).size > 2) return null;
    const fixed: Array<[number, number]> = [];
    for (const filter of own) {
      if (filter.kind !== 'in') return null;
      const code = snapshot.dimensions[filter.field]!.labels.indexOf(filter.in[0]!);
      if (code < 0) return null;
      fixed.push([placeOf(filter.field), code]);
    }
    const plan = planCrossTab(snapshot, spec, populations);
    const row = spec.rows[0] === undefined ? null : placeOf(spec.rows[0]);
    const col = spec.cols[0] === undefined ? null : placeOf(spec.cols[0]);
    pieces.push({ spec, plan, row, col, fixed });
  }
  const sizes = fields.map((field) => snapshot.dimensions[field]!.labels.length);
  const filters = compileFilters(snapshot, first.filters.slice(0, shared));
  return { tally: { filters, fields, sizes }, slots: needsSlots(sizes), pieces };
}

/** The slot of the persons with a record holding these codes (none, one or two fields). */
function slotOf(slots: NeedsSlots, sizes: readonly number[], codes: ReadonlyArray<[number, number]>): number {
  if (codes.length === 0) return slots.total;
  const [a, ca] = codes[0]!;
  if (codes.length === 1) return (slots.single[a] as number) + ca;
  const [b, cb] = codes[1]!;
  const [i, j, ci, cj] = a < b ? [a, b, ca, cb] : [b, a, cb, ca];
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
  const records = new Float64Array(slots.length);
  for (const t of tallies) {
    for (let s = 0; s < slots.length; s++) {
      persons[s]! += t.persons[s] as number;
      records[s]! += t.records[s] as number;
    }
  }
  return plan.pieces.map(({ spec, plan: table, row, col, fixed }) => {
    // The codes a cell holds, one per field; null where an axis's code is not its filter's (no one).
    const codesOf = (axes: Array<[number | null, number]>): Array<[number, number]> | null => {
      const codes = new Map<number, number>(fixed);
      for (const [field, code] of axes) {
        if (field === null) continue;
        if ((codes.get(field) ?? code) !== code) return null;
        codes.set(field, code);
      }
      return [...codes];
    };
    const count = (...axes: Array<[number | null, number]>): number => {
      const codes = codesOf(axes);
      return codes === null ? 0 : (persons[slotOf(slots, sizes, codes)] as number);
    };
    const rowCodes = table.rows.keys.map((_k, r) => r);
    const colCodes = table.cols.keys.map((_k, c) => c);
    const total = count();
    return {
      spec,
      rows: { fields: table.rows.fields, keys: table.rows.keys },
      cols: { fields: table.cols.fields, keys: table.cols.keys },
      counts: rowCodes.map((r) => colCodes.map((c) => count([row, r], [col, c]))),
      rowTotals: rowCodes.map((r) => count([row, r])),
      colTotals: colCodes.map((c) => count([col, c])),
      total,
      stats: null,
      suppressed: [],
      disclosure: null,
      meta: {
        cohort: spec.cohort,
        measure: spec.measure,
        recordsMatched: records[slotOf(slots, sizes, fixed)] as number,
        recordsTotal: snapshot.rowCount,
        elapsedMs,
        warnings: [],
      },
    };
  });
}

/** Every table of `specs` from one pass of each query worker (null: not countable together); a cancel stops them. */
export async function needsPiecesOnWorkers(
  snapshot: CohortSnapshot,
  specs: readonly QuerySpec[],
  populations: PopulationTables,
  pool: WorkerPool,
  job: JobOptions,
): Promise<EngineResult[] | null> {
  const started = performance.now();
  const plan = planNeedsPieces(snapshot, specs, populations);
  if (plan === null) return null;
  const tallies = await pool.all(() => ({ op: 'needsTally', cohort: snapshot.cohort, tally: plan.tally }), job);
  return mergeNeedsTallies(snapshot, plan, tallies, performance.now() - started);
}
