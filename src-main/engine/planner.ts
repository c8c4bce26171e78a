// The engine's planner: from a parsed spec and the snapshot it runs on to what the workers
// count (axes and their strides, merged-category maps, compiled filters, facet groups),
// with the checks that need the data (a rate's population, merged categories allowed).
// It sends nothing: the executor runs the plan.
import { isContextDataset, type DatasetName } from '../../shared/codebook.ts';
import type { TrendSpec } from '../../shared/contract/engine.ts';
import { AppError } from '../../shared/errors.ts';
import type { QuerySpec } from '../../shared/query.ts';
import { axisPlan, axisStrides, type AxisPlan } from './axes.ts';
import { compileFilters, type ScanFilters } from './compileFilters.ts';
import { checkRateSpec, type PopulationTables } from './populations.ts';
import type { CohortSnapshot } from './snapshot.ts';

export interface CrossTabPlan {
  measure: 'records' | 'persons';
  rows: AxisPlan;
  cols: AxisPlan;
  /** Per row and column field, its stride in the flat grid. */
  strides: Map<string, number>;
  cells: number;
  /** Per field, code to merged position (merged categories); null: the code itself. */
  mapOf: Map<string, Int32Array | null>;
  /** Whether the spec merges categories (persons then count once per merged category). */
  merges: boolean;
  filters: ScanFilters;
}

export interface FacetPlan {
  fields: string[];
  /** Fields with filters: each facet ignores its own field's group. */
  groupFields: string[];
  groups: ScanFilters[];
}

/** Checks a spec needs no data for, beyond its parse: what may not be combined. */
export function checkQuerySpec(spec: QuerySpec): void {
  if (spec.groups !== undefined && (spec.cohort === 'overlap' || spec.cohort === 'journeys' || spec.rate !== undefined))
    throw new AppError(
      'INVALID_SPEC',
      spec.rate !== undefined
        ? 'Rates need a population for each category, and merged categories have none: remove the rate or the merged categories.'
        : `The ${spec.cohort} table cannot merge categories; remove the merged categories.`,
    );
}

export function planCrossTab(snapshot: CohortSnapshot, spec: QuerySpec, populations: PopulationTables): CrossTabPlan {
  if (spec.rate) checkRateSpec([...spec.rows, ...spec.cols], spec.rate.population, populations);
  const filters = compileFilters(snapshot, spec.filters);
  const rows = axisPlan(snapshot, spec.rows, spec.groups);
  const cols = axisPlan(snapshot, spec.cols, spec.groups);
  const fields = [...rows.fields, ...cols.fields];
  const maps = [...rows.maps, ...cols.maps];
  return {
    measure: spec.measure,
    rows,
    cols,
    strides: axisStrides(rows, cols),
    cells: rows.size * cols.size,
    mapOf: new Map(fields.map((f, k) => [f, maps[k] ?? null])),
    merges: spec.groups !== undefined,
    filters,
  };
}

export function planFacets(snapshot: CohortSnapshot, filters: QuerySpec['filters'], only?: string[]): FacetPlan {
  const compiled = compileFilters(snapshot, filters);
  const groupFields = [...new Set([...compiled.masks, ...compiled.dates, ...compiled.numbers].map((f) => f.field))];
  const groups: ScanFilters[] = groupFields.map((field) => ({
    masks: compiled.masks.filter((m) => m.field === field),
    dates: compiled.dates.filter((d) => d.field === field),
    numbers: compiled.numbers.filter((n) => n.field === field),
  }));
  const fields = only ?? Object.keys(snapshot.dimensions);
  for (const field of fields) axisPlan(snapshot, [field]);
  return { fields, groupFields, groups };
}

/** A trend is the query of its period field by its series. */
export function trendQuery(spec: TrendSpec, dataset: DatasetName, snapshot: CohortSnapshot): QuerySpec {
  if (isContextDataset(dataset) && !snapshot.dimensions[spec.by]) {
    throw new AppError(
      'INVALID_SPEC',
      `${dataset} has no date or month column, so it has no trend by ${spec.by === 'month' ? 'month' : 'financial year'}.`,
    );
  }
  return {
    cohort: dataset,
    filters: spec.filters,
    rows: [spec.by],
    cols: spec.series ? [spec.series] : [],
    measure: spec.measure,
    percent: 'none',
    stats: false,
    disclosure: spec.disclosure,
    // The repeat fields over the trend's own window, as its table and facets count them.
    ...(spec.window ? { window: spec.window } : {}),
    ...(spec.intervals ? { intervals: true } : {}),
  };
}
