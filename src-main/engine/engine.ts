// The engine façade (main side): takes parsed specs and runs each through its three parts:
// the loader (what data the query workers hold), the planner (what to count) and the
// executor (counting on the workers and merging their counts); then it shapes the raw,
// unprotected result of the contract. A call's signal reaches the workers: aborting it stops
// their work on it (CANCELLED).
import type { StoreDatabase } from '../store/snapshotReader.ts';
import { isContextDataset, type Codebook, type DatasetName } from '../../shared/codebook.ts';
import type { FacetSpec, RecordsSpec, TrendSpec } from '../../shared/contract/engine.ts';
import type { QuerySpec } from '../../shared/query.ts';
import { compileFilters } from './compileFilters.ts';
import { crosstabStats } from './crosstabStats.ts';
import { CubePlanner } from './cubePlanner.ts';
import { isWindowColumn, WindowedFields } from './derived/windowedFields.ts';
import { snapshotNameOf, type FacetResult } from './engineSpecs.ts';
import { QueryExecutor } from './executor.ts';
import { finalizeResult, type EngineResult, type ProtectedCounts } from './finalizeResult.ts';
import { SnapshotLoader, type LoadSummary } from './loader.ts';
import { journeysQuery } from './journeys.ts';
import { overlapQuery } from './overlap.ts';
import { timeToOutcomeOnWorkers } from './analyses/outcomesOnWorkers.ts';
import { needsPiecesOnWorkers } from './analyses/needsPieces.ts';
import { leafCountsOnWorkers, type LeafCountsRequest } from './analyses/leafCounts.ts';
import type { TimeToOutcomeRequest, TimeToOutcomeTable } from './analyses/outcomes.ts';
import { checkQuerySpec, planCrossTab, planFacets, trendQuery } from './planner.ts';
import type { PopulationTables } from './populations.ts';
import type { CohortSnapshot } from './snapshot.ts';
import { WorkerPool, type JobOptions } from './workerPool.ts';

export type { LoadSummary } from './loader.ts';

export interface EngineOptions {
  /** Query workers (default 2: this machine's cores). */
  workers?: number;
}

export interface Engine {
  loadFromStore(db: StoreDatabase, codebook: Codebook): Promise<LoadSummary>;
  /** Snapshots built elsewhere (the store's worker, a benchmark); replaces those cohorts or datasets. */
  loadSnapshots(snapshots: readonly CohortSnapshot[], populations?: PopulationTables): Promise<void>;
  // Every spec arrives parsed (by the dispatcher, or by the CLI's or a test's own parse): none is parsed again here.
  query(spec: QuerySpec, options?: JobOptions): Promise<EngineResult>;
  facets(spec: FacetSpec, options?: JobOptions): Promise<FacetResult>;
  trend(spec: TrendSpec, options?: JobOptions): Promise<EngineResult>;
  overlap(spec: QuerySpec, options?: JobOptions): Promise<EngineResult>;
  /** Days from offence to outcome of the suspects, per cell (raw: the caller protects it), on the workers. */
  timeToOutcome(request: TimeToOutcomeRequest, options?: JobOptions): Promise<TimeToOutcomeTable>;
  /**
   * Persons tables of one or two fields over the same filters (the pieces of needs together),
   * in one pass of the workers; tables that differ in more than their fields, one query each.
   */
  personsTables(specs: readonly QuerySpec[], options?: JobOptions): Promise<EngineResult[]>;
  /**
   * Records or persons of many cells (per field a set of categories), in one pass of the
   * workers; null when the dataset is not a loaded snapshot or the cells are too many kinds to
   * tabulate, for the caller to count them by queries.
   */
  leafCounts(request: LeafCountsRequest, options?: JobOptions): Promise<number[] | null>;
  exportRecordsArrow(spec: RecordsSpec, options?: JobOptions): Promise<Uint8Array>;
  finalizeResult(raw: EngineResult, published?: ProtectedCounts): EngineResult;
  snapshot(dataset: DatasetName): CohortSnapshot | undefined;
  /** Bytes the workers hold for the dataset beyond its shared snapshot (its day layout). */
  layoutBytes(dataset: DatasetName): number;
  /** The context datasets loaded, by name (`context:NAME`). */
  contextDatasets(): CohortSnapshot[];
  /** The workers' jobs cancelled, restarts to stop one, and workers busy now. */
  workStats(): WorkerPool['stats'];
  dispose(): Promise<void>;
}

/** Statistics of a 2-D table, with the warnings an analyst needs beside them. */
function statsOf(spec: QuerySpec, grid: number[][], warnings: string[]): EngineResult['stats'] {
  if (!spec.stats) return null;
  if (spec.rows.length !== 1 || spec.cols.length !== 1) {
    warnings.push('Statistics need exactly one row field and one column field.');
    return null;
  }
  const outcome = crosstabStats(grid);
  if (outcome.reason) warnings.push(outcome.reason);
  if (outcome.stats?.warning) warnings.push(outcome.stats.warning);
  if (outcome.stats && spec.measure === 'persons') {
    warnings.push('A person can count in more than one cell, so the chi-square test on persons is approximate.');
  }
  return outcome.stats;
}

export function createEngine(options: EngineOptions = {}): Engine {
  const pool = new WorkerPool(options.workers ?? 2);
  const cubes = new CubePlanner();
  const loader = new SnapshotLoader(pool, cubes);
  const executor = new QueryExecutor(pool, cubes, loader);
  const windows = new WindowedFields(loader, pool);

  async function query(spec: QuerySpec, job: JobOptions = {}): Promise<EngineResult> {
    const windowed = await windows.prepare(spec);
    if (windowed !== null) return windowed.restore(await query(windowed.spec, job));
    const started = performance.now();
    checkQuerySpec(spec);
    if (spec.cohort === 'overlap') return overlap(spec, job);
    if (spec.cohort === 'journeys') return journeysQuery(spec, loader.snapshots, pool, job);
    const snapshot = loader.need(spec.cohort as DatasetName, spec.measure);
    const plan = planCrossTab(snapshot, spec, loader.populations);
    const counted = await executor.countCells(snapshot, plan, job);
    const warnings: string[] = [];
    const stats = statsOf(spec, counted.grid, warnings);
    return {
      spec,
      rows: { fields: plan.rows.fields, keys: plan.rows.keys },
      cols: { fields: plan.cols.fields, keys: plan.cols.keys },
      counts: counted.grid,
      rowTotals: counted.rowTotals,
      colTotals: counted.colTotals,
      total: counted.total,
      stats,
      suppressed: [],
      disclosure: null,
      meta: {
        cohort: spec.cohort,
        measure: spec.measure,
        recordsMatched: counted.recordsMatched,
        recordsTotal: snapshot.rowCount,
        elapsedMs: performance.now() - started,
        warnings,
      },
    };
  }

  async function facets(spec: FacetSpec, job: JobOptions = {}): Promise<FacetResult> {
    const started = performance.now();
    const dataset = snapshotNameOf(spec.cohort);
    // Another window's repeat fields are counted on its own columns, under the fields' names.
    const rename = (await windows.renamer(dataset, spec.window?.days)) ?? ((field: string) => field);
    const snapshot = loader.need(dataset, spec.measure);
    // Without a list, the dataset's fields: not the columns other windows' queries added.
    const fields = spec.fields ?? Object.keys(snapshot.dimensions).filter((f) => !isWindowColumn(f));
    const filters = spec.filters.map((f) => ({ ...f, field: rename(f.field) }));
    const plan = planFacets(snapshot, filters, fields.map(rename));
    const counted = await executor.countFacets(dataset, plan, spec.measure, job);
    return {
      cohort: dataset,
      measure: spec.measure,
      facets: plan.fields.map((field, f) => {
        const labels = snapshot.dimensions[field]?.labels ?? [];
        return {
          field: fields[f] ?? field,
          categories: labels,
          counts: counted.histograms(labels.length, f),
          ownFilterIgnored: plan.groupFields.includes(field),
        };
      }),
      recordsMatched: counted.matched,
      recordsTotal: snapshot.rowCount,
      elapsedMs: performance.now() - started,
    };
  }

  async function trend(spec: TrendSpec, job: JobOptions = {}): Promise<EngineResult> {
    const dataset = snapshotNameOf(spec.cohort);
    return query(trendQuery(spec, dataset, loader.need(dataset, spec.measure)), job);
  }

  async function overlap(spec: QuerySpec, job: JobOptions = {}): Promise<EngineResult> {
    return overlapQuery(spec, loader.snapshots, pool, job);
  }

  async function personsTables(specs: readonly QuerySpec[], job: JobOptions = {}): Promise<EngineResult[]> {
    const cohort = specs[0]?.cohort;
    const snapshot = cohort === undefined ? undefined : loader.snapshots.get(cohort as DatasetName);
    const together =
      snapshot === undefined || isContextDataset(snapshot.cohort)
        ? null
        : await needsPiecesOnWorkers(snapshot, specs, loader.populations, pool, job);
    if (together !== null) return together;
    const results: EngineResult[] = [];
    for (const spec of specs) results.push(await query(spec, job));
    return results;
  }

  async function leafCounts(request: LeafCountsRequest, job: JobOptions = {}): Promise<number[] | null> {
    const snapshot = loader.snapshots.get(request.cohort as DatasetName);
    if (snapshot === undefined || request.cells.length === 0) return request.cells.length === 0 ? [] : null;
    // Another window's repeat fields are counted on its own columns, as a query over it is.
    const rename = await windows.renamer(snapshot.cohort, request.windowDays);
    const onColumns = rename
      ? {
          ...request,
          filters: request.filters.map((f) => ({ ...f, field: rename(f.field) })),
          cells: request.cells.map((cell) =>
            Object.fromEntries(Object.entries(cell).map(([f, set]) => [rename(f), set])),
          ),
        }
      : request;
    return leafCountsOnWorkers(loader.need(snapshot.cohort, request.measure), onColumns, pool, job);
  }

  async function exportRecordsArrow(spec: RecordsSpec, job: JobOptions = {}): Promise<Uint8Array> {
    const dataset = snapshotNameOf(spec.cohort);
    return executor.exportRecords(dataset, compileFilters(loader.need(dataset), spec.filters), job);
  }

  return {
    loadFromStore: (db, codebook) => loader.loadFromStore(db, codebook),
    loadSnapshots: (list, populations) => loader.load(list, populations),
    query,
    facets,
    trend,
    overlap,
    timeToOutcome: (request, job = {}) => timeToOutcomeOnWorkers(loader.need('suspects'), request, pool, job),
    personsTables,
    leafCounts,
    exportRecordsArrow,
    finalizeResult: (raw, published) => finalizeResult(raw, published, loader.populations),
    snapshot: (dataset) => loader.snapshots.get(dataset),
    layoutBytes: (dataset) => loader.layoutBytes.get(dataset) ?? 0,
    contextDatasets: () => loader.contextDatasets(),
    workStats: () => pool.stats,
    dispose: () => pool.close(),
  };
}
