// The engine façade (main side): validates specs, plans each query (count cube, distinct
// persons scan, facets), sends the plan to the query workers, merges their worker-local
// counts and shapes the raw, unprotected result of the contract. It never scans rows itself:
// it keeps the merged count cubes and reads later records queries off them (a few thousand
// cells) without a round trip to the workers.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { COHORTS, isContextDataset, type Codebook, type Cohort, type DatasetName } from '../../shared/codebook.ts';
import type { FacetSpec, RecordsSpec, TrendSpec } from '../../shared/contract/engine.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import type { QuerySpec } from '../../shared/query.ts';
import { axisPlan, axisStrides } from './axes.ts';
import { compileFilters, type ScanFilters } from './compileFilters.ts';
import { crosstabStats } from './crosstabStats.ts';
import { projectCube, type CubeEntry } from './cube.ts';
import { CubePlanner } from './cubePlanner.ts';
import { snapshotNameOf, type FacetResult } from './engineSpecs.ts';
import { finalizeResult, type EngineResult, type ProtectedCounts } from './finalizeResult.ts';
import { listContextDatasets, loadContextSnapshot } from './loadContextSnapshot.ts';
import { loadSnapshot } from './loadSnapshot.ts';
import { overlapQuery } from './overlap.ts';
import { checkRateSpec, loadPopulations, type PopulationTables } from './populations.ts';
import type { CohortSnapshot } from './snapshot.ts';
import type { LayoutView } from './dayLayout.ts';
import { periodChunks } from './sharedCube.ts';
import type { SharedCubeReply } from './workerProtocol.ts';
import { WorkerPool, splitAtPersons, type JobOptions } from './workerPool.ts';

export interface EngineOptions {
  /** Query workers (default 2: this machine's cores). */
  workers?: number;
}

export interface LoadSummary {
  cohorts: { cohort: Cohort; rows: number; persons: number; warnings: string[] }[];
  /** Context datasets (`context:NAME`), loaded like cohorts but with no persons. */
  contexts: { dataset: DatasetName; label: string; rows: number; warnings: string[] }[];
}

export interface Engine {
  loadFromStore(db: BetterSqlite3.Database, codebook: Codebook): Promise<LoadSummary>;
  /** Snapshots built elsewhere (the store's worker, a benchmark); replaces those cohorts or datasets. */
  loadSnapshots(snapshots: readonly CohortSnapshot[], populations?: PopulationTables): Promise<void>;
  /** Every spec arrives parsed (by the dispatcher, or by the CLI's or a test's own parse): none is parsed again here. */
  // A call's signal reaches the workers: aborting it stops their work on it (CANCELLED).
  query(spec: QuerySpec, options?: JobOptions): Promise<EngineResult>;
  facets(spec: FacetSpec, options?: JobOptions): Promise<FacetResult>;
  trend(spec: TrendSpec, options?: JobOptions): Promise<EngineResult>;
  overlap(spec: QuerySpec, options?: JobOptions): Promise<EngineResult>;
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

function sum(arrays: readonly ArrayLike<number>[], length: number): number[] {
  const out = new Array<number>(length).fill(0);
  for (const a of arrays) for (let i = 0; i < length; i++) out[i] = (out[i] as number) + (a[i] as number);
  return out;
}

/** The workers' cubes summed into the first one's buffer (one pass, no new array). */
function mergeCubes(cubes: readonly Uint32Array[], cells: number): Uint32Array {
  const [first, ...rest] = cubes;
  const merged = (first ?? new Uint32Array(cells)).subarray(0, cells);
  for (const cube of rest) for (let c = 0; c < cells; c++) merged[c]! += cube[c] as number;
  return merged;
}

/** A speculative cube the workers gave up because real work arrived. */
class SpeculationGivenUp extends Error {}

const NO_PERSONS = (dataset: string): AppError =>
  new AppError(
    'INVALID_SPEC',
    `${dataset} is a context dataset, and a context dataset has no persons: count records instead.`,
  );

/** Whether any record of a snapshot has a person (rows with no person identifier have -1). */
const personsHeld = new WeakMap<CohortSnapshot, boolean>();
function holdsPersons(snapshot: CohortSnapshot): boolean {
  let held = personsHeld.get(snapshot);
  if (held === undefined) {
    held = snapshot.personIds.length === 0 || snapshot.personIds.some((id) => id >= 0);
    personsHeld.set(snapshot, held);
  }
  return held;
}

const NO_PERSON_IDENTIFIERS = (dataset: string): AppError =>
  new AppError(
    'INVALID_SPEC',
    `${dataset} has no person identifiers (no column of its imports was mapped to a person reference), so distinct persons cannot be counted: count records instead, or import the extract again with its person reference mapped.`,
  );

export function createEngine(options: EngineOptions = {}): Engine {
  const pool = new WorkerPool(options.workers ?? 2);
  const snapshots = new Map<DatasetName, CohortSnapshot>();
  const layoutBytes = new Map<DatasetName, number>();
  const planner = new CubePlanner();
  /** Per dataset, every worker's day layout (shared memory) and the load they came from. */
  const sharedLayouts = new Map<DatasetName, { generation: number; views: LayoutView[] }>();
  let generation = 0;
  let populations: PopulationTables = new Map();

  const need = (cohort: DatasetName, measure: 'records' | 'persons' = 'records'): CohortSnapshot => {
    const snapshot = snapshots.get(cohort);
    if (!snapshot) {
      if (isContextDataset(cohort))
        throw new AppError('INVALID_SPEC', `There is no context dataset ${cohort} in this workspace.`);
      throw new AppError('NO_WORKSPACE', `No ${cohort} data is loaded; open a workspace and import ${cohort} first.`);
    }
    if (measure === 'persons' && isContextDataset(cohort)) throw NO_PERSONS(cohort);
    if (measure === 'persons' && !holdsPersons(snapshot)) throw NO_PERSON_IDENTIFIERS(cohort);
    return snapshot;
  };

  async function loadSnapshots(list: readonly CohortSnapshot[], pops?: PopulationTables): Promise<void> {
    if (pops) populations = pops;
    for (const snapshot of list) {
      const bounds = splitAtPersons(snapshot.personIds, pool.size);
      planner.forget(snapshot.cohort);
      const replies = await pool.all((w) => ({
        op: 'load',
        snapshot,
        start: bounds[w] as number,
        end: bounds[w + 1] as number,
      }));
      snapshots.set(snapshot.cohort, snapshot);
      sharedLayouts.delete(snapshot.cohort);
      const views = replies.map((r) => r.layout);
      if (views.every((v): v is LayoutView => v !== null)) {
        const shared = { generation: ++generation, views };
        await pool.all(() => ({ op: 'layouts', cohort: snapshot.cohort, ...shared }));
        sharedLayouts.set(snapshot.cohort, shared);
      }
      layoutBytes.set(
        snapshot.cohort,
        replies.reduce((a, r) => a + r.layoutBytes, 0),
      );
    }
  }

  let speculating = false;

  /**
   * While the workers would otherwise wait for the analyst, they count a wider cube over the
   * period just queried (see CubePlanner.widen); the next query that fits it is then read off
   * it. A real request makes a worker stop claiming its chunks, and one speculation at a
   * time runs.
   */
  function speculate(snapshot: CohortSnapshot, built: CubeEntry): void {
    if (speculating || sharedPeriod(snapshot.cohort, built.baked) === undefined) return;
    const wider = planner.widen(snapshot, built);
    if (wider === null) return;
    speculating = true;
    wider.counts = countCube(snapshot.cohort, wider, true);
    wider.counts.then(
      () => (speculating = false),
      () => {
        speculating = false;
        planner.discard(wider);
      },
    );
  }

  /** The workers' layouts and the period of a cube whose only baked range is a period on them. */
  function sharedPeriod(cohort: DatasetName, baked: ScanFilters) {
    const shared = sharedLayouts.get(cohort);
    const period = baked.dates.length === 1 && baked.numbers.length === 0 ? baked.dates[0] : undefined;
    if (shared === undefined || period === undefined || period.field !== shared.views[0]?.field) return undefined;
    return { shared, period };
  }

  /**
   * A new cube, merged: over a period of the day layouts, its chunks are claimed by whichever
   * worker is free (sharedCube.ts) and the count is done once every chunk is; otherwise each
   * worker counts its own rows. A speculative cube whose chunks the workers left for real work
   * fails with SpeculationGivenUp.
   */
  function countCube(
    cohort: DatasetName,
    entry: CubeEntry,
    speculative: boolean,
    options: JobOptions = {},
  ): Promise<Uint32Array> {
    const { shape, baked } = entry;
    const onLayouts = sharedPeriod(cohort, baked);
    if (onLayouts === undefined) {
      return pool
        .all(() => ({ op: 'cube', cohort, shape, baked }), options)
        .then((replies) =>
          mergeCubes(
            replies.map((r) => r.counts),
            shape.cells,
          ),
        );
    }
    const { shared, period } = onLayouts;
    const chunks = periodChunks(shared.views, period.lo, period.hi);
    const total = chunks.length / 3;
    const claim = new Int32Array(new SharedArrayBuffer(4));
    const done = (replies: readonly SharedCubeReply[]): number => replies.reduce((n, r) => n + r.chunksDone, 0);
    return pool
      .until(
        () => ({
          op: 'sharedCube',
          cohort,
          generation: shared.generation,
          shape,
          masks: baked.masks,
          chunks,
          claim,
          speculative,
        }),
        (replies) => done(replies) === total,
        options,
      )
      .then((replies) => {
        if (done(replies) < total) throw new SpeculationGivenUp();
        return mergeCubes(
          replies.map((r) => r.counts),
          shape.cells,
        );
      });
  }

  /** The merged cube of a records query: read off a cached (or speculative) cube, or counted now. */
  async function cubeFor(
    snapshot: CohortSnapshot,
    filters: ScanFilters,
    strides: Map<string, number>,
    cells: number,
    options: JobOptions,
  ) {
    for (;;) {
      const plan = planner.plan(snapshot, filters, strides, cells);
      const { entry } = plan;
      if (entry.counts === undefined) {
        entry.counts = countCube(snapshot.cohort, entry, false, options);
        entry.counts.catch(() => planner.discard(entry));
      }
      try {
        const counts = await entry.counts;
        speculate(snapshot, entry);
        return { counts, plan };
      } catch (error) {
        // Another request (a facet count, say) made the workers give the cube up, or another
        // query counting the same cube was cancelled: count it now, unless this one is.
        if (options.signal?.aborted) throw new AppError('CANCELLED', 'The query was cancelled.');
        if (!(error instanceof SpeculationGivenUp) && !(isAppError(error) && error.code === 'CANCELLED')) throw error;
        planner.discard(entry);
      }
    }
  }

  async function countCells(snapshot: CohortSnapshot, spec: QuerySpec, filters: ScanFilters, options: JobOptions) {
    const rows = axisPlan(snapshot, spec.rows, spec.groups);
    const cols = axisPlan(snapshot, spec.cols, spec.groups);
    const strides = axisStrides(rows, cols);
    const cells = rows.size * cols.size;
    const mapOf = new Map<string, Int32Array | null>(
      [...rows.fields, ...cols.fields].map((f, k) => [f, [...rows.maps, ...cols.maps][k] ?? null]),
    );
    if (spec.measure === 'records') {
      const { counts, plan } = await cubeFor(snapshot, filters, strides, cells, options);
      // The cube counts every category; merged ones are summed as it is read.
      const projection = { ...plan.projection, maps: plan.entry.shape.fields.map((f) => mapOf.get(f) ?? null) };
      const flat = projectCube(counts, plan.entry.shape, projection);
      const grid = rows.keys.map((_, i) => Array.from(flat.subarray(i * cols.size, (i + 1) * cols.size)));
      const rowTotals = grid.map((r) => r.reduce((a, b) => a + b, 0));
      const colTotals = cols.keys.map((_, j) => grid.reduce((a, r) => a + (r[j] as number), 0));
      const total = rowTotals.reduce((a, b) => a + b, 0);
      return { rows, cols, grid, rowTotals, colTotals, total, recordsMatched: total };
    }
    const fields = [...spec.rows, ...spec.cols];
    const replies = await pool.all(
      () => ({
        op: 'persons',
        cohort: snapshot.cohort,
        fields,
        strides: fields.map((f) => strides.get(f) as number),
        nRows: rows.size,
        nCols: cols.size,
        filters,
        ...(spec.groups === undefined ? {} : { maps: fields.map((f) => mapOf.get(f) ?? null) }),
      }),
      options,
    );
    const flat = sum(
      replies.map((r) => r.cells),
      cells,
    );
    const grid = rows.keys.map((_, i) => flat.slice(i * cols.size, (i + 1) * cols.size));
    return {
      rows,
      cols,
      grid,
      rowTotals: sum(
        replies.map((r) => r.rowTotals),
        rows.size,
      ),
      colTotals: sum(
        replies.map((r) => r.colTotals),
        cols.size,
      ),
      total: replies.reduce((a, r) => a + r.total, 0),
      recordsMatched: replies.reduce((a, r) => a + r.recordsMatched, 0),
    };
  }

  async function query(spec: QuerySpec, options: JobOptions = {}): Promise<EngineResult> {
    const started = performance.now();
    if (spec.groups !== undefined && (spec.cohort === 'overlap' || spec.rate !== undefined))
      throw new AppError(
        'INVALID_SPEC',
        spec.rate !== undefined
          ? 'Rates need a population for each category, and merged categories have none: remove the rate or the merged categories.'
          : 'The overlap table cannot merge categories; remove the merged categories.',
      );
    if (spec.cohort === 'overlap') return overlap(spec, options);
    const snapshot = need(spec.cohort as DatasetName, spec.measure);
    if (spec.rate) checkRateSpec([...spec.rows, ...spec.cols], spec.rate.population, populations);
    const filters = compileFilters(snapshot, spec.filters);
    const counted = await countCells(snapshot, spec, filters, options);
    const warnings: string[] = [];
    let stats: EngineResult['stats'] = null;
    if (spec.stats) {
      if (spec.rows.length !== 1 || spec.cols.length !== 1) {
        warnings.push('Statistics need exactly one row field and one column field.');
      } else {
        const outcome = crosstabStats(counted.grid);
        stats = outcome.stats;
        if (outcome.reason) warnings.push(outcome.reason);
        if (outcome.stats?.warning) warnings.push(outcome.stats.warning);
        if (outcome.stats && spec.measure === 'persons') {
          warnings.push('A person can count in more than one cell, so the chi-square test on persons is approximate.');
        }
      }
    }
    return {
      spec,
      rows: { fields: counted.rows.fields, keys: counted.rows.keys },
      cols: { fields: counted.cols.fields, keys: counted.cols.keys },
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

  async function facets(spec: FacetSpec, options: JobOptions = {}): Promise<FacetResult> {
    const started = performance.now();
    const cohort = snapshotNameOf(spec.cohort);
    const snapshot = need(cohort, spec.measure);
    const compiled = compileFilters(snapshot, spec.filters);
    const groupFields = [...new Set([...compiled.masks, ...compiled.dates, ...compiled.numbers].map((f) => f.field))];
    const groups: ScanFilters[] = groupFields.map((field) => ({
      masks: compiled.masks.filter((m) => m.field === field),
      dates: compiled.dates.filter((d) => d.field === field),
      numbers: compiled.numbers.filter((n) => n.field === field),
    }));
    const fields = spec.fields ?? Object.keys(snapshot.dimensions);
    for (const field of fields) axisPlan(snapshot, [field]);
    const replies = await pool.all(
      () => ({
        op: 'facets',
        cohort,
        facets: fields,
        groups,
        groupOf: fields.map((f) => groupFields.indexOf(f)),
        measure: spec.measure,
      }),
      options,
    );
    return {
      cohort,
      measure: spec.measure,
      facets: fields.map((field, f) => {
        const labels = snapshot.dimensions[field]?.labels ?? [];
        return {
          field,
          categories: labels,
          counts: sum(
            replies.map((r) => r.histograms[f] as Uint32Array),
            labels.length,
          ),
          ownFilterIgnored: groupFields.includes(field),
        };
      }),
      recordsMatched: replies.reduce((a, r) => a + r.matched, 0),
      recordsTotal: snapshot.rowCount,
      elapsedMs: performance.now() - started,
    };
  }

  async function trend(spec: TrendSpec, options: JobOptions = {}): Promise<EngineResult> {
    const cohort = snapshotNameOf(spec.cohort);
    const snapshot = need(cohort, spec.measure);
    if (isContextDataset(cohort) && !snapshot.dimensions[spec.by]) {
      throw new AppError(
        'INVALID_SPEC',
        `${cohort} has no date or month column, so it has no trend by ${spec.by === 'month' ? 'month' : 'financial year'}.`,
      );
    }
    return query(
      {
        cohort,
        filters: spec.filters,
        rows: [spec.by],
        cols: spec.series ? [spec.series] : [],
        measure: spec.measure,
        percent: 'none',
        stats: false,
        disclosure: spec.disclosure,
      },
      options,
    );
  }

  async function overlap(spec: QuerySpec, options: JobOptions = {}): Promise<EngineResult> {
    return overlapQuery(spec, snapshots, pool, options);
  }

  async function exportRecordsArrow(spec: RecordsSpec, options: JobOptions = {}): Promise<Uint8Array> {
    const cohort = snapshotNameOf(spec.cohort);
    const snapshot = need(cohort);
    return pool.call(
      0,
      {
        op: 'export',
        cohort,
        filters: compileFilters(snapshot, spec.filters),
      },
      options,
    );
  }

  return {
    async loadFromStore(db, codebook) {
      const loadedSnapshots = COHORTS.map((cohort) => loadSnapshot(db, codebook, cohort));
      const contexts = listContextDatasets(db).map((dataset) => loadContextSnapshot(db, dataset));
      // A context dataset no longer in the store leaves the engine (and its workers).
      const kept = new Set(contexts.map((c) => c.cohort));
      for (const name of [...snapshots.keys()]) {
        if (isContextDataset(name) && !kept.has(name)) {
          snapshots.delete(name);
          layoutBytes.delete(name);
          sharedLayouts.delete(name);
          planner.forget(name);
          await pool.all(() => ({ op: 'drop', cohort: name }));
        }
      }
      await loadSnapshots([...loadedSnapshots, ...contexts], loadPopulations(db));
      return {
        cohorts: loadedSnapshots.map((s) => ({
          cohort: s.cohort as Cohort,
          rows: s.rowCount,
          persons: s.distinctPersons,
          warnings: s.warnings,
        })),
        contexts: contexts.map((s) => ({
          dataset: s.cohort,
          label: s.label ?? s.cohort,
          rows: s.rowCount,
          warnings: s.warnings,
        })),
      };
    },
    loadSnapshots,
    query,
    facets,
    trend,
    overlap,
    exportRecordsArrow,
    finalizeResult: (raw, published) => finalizeResult(raw, published, populations),
    snapshot: (cohort) => snapshots.get(cohort),
    layoutBytes: (cohort) => layoutBytes.get(cohort) ?? 0,
    contextDatasets: () => [...snapshots.values()].filter((s) => isContextDataset(s.cohort)),
    workStats: () => pool.stats,
    dispose: () => pool.close(),
  };
}
