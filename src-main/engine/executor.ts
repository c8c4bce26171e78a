// The engine's executor: runs a plan on the query workers and merges their worker-local
// counts. Records are read off count cubes it keeps (a cached or speculative cube, or one
// counted now, over the day layouts' chunks when the period allows); persons, facets and
// record exports are counted by every worker over its own rows. It never scans rows itself.
import type { DatasetName } from '../../shared/codebook.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import type { ScanFilters } from './compileFilters.ts';
import { projectCube, type CubeEntry } from './cube.ts';
import type { CubePlanner } from './cubePlanner.ts';
import type { SnapshotLoader } from './loader.ts';
import type { CrossTabPlan, FacetPlan } from './planner.ts';
import { periodChunks } from './sharedCube.ts';
import type { CohortSnapshot } from './snapshot.ts';
import type { FacetsReply, SharedCubeReply } from './workerProtocol.ts';
import type { JobOptions, WorkerPool } from './workerPool.ts';

export interface CountedCells {
  grid: number[][];
  rowTotals: number[];
  colTotals: number[];
  total: number;
  recordsMatched: number;
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

export class QueryExecutor {
  private speculating = false;

  constructor(
    private readonly pool: WorkerPool,
    private readonly cubes: CubePlanner,
    private readonly loader: SnapshotLoader,
  ) {}

  async countCells(snapshot: CohortSnapshot, plan: CrossTabPlan, options: JobOptions): Promise<CountedCells> {
    return plan.measure === 'records'
      ? this.countRecords(snapshot, plan, options)
      : this.countPersons(snapshot, plan, options);
  }

  private async countRecords(snapshot: CohortSnapshot, plan: CrossTabPlan, options: JobOptions) {
    const { rows, cols, mapOf } = plan;
    const { counts, cube } = await this.cubeFor(snapshot, plan, options);
    // The cube counts every category; merged ones are summed as it is read.
    const projection = { ...cube.projection, maps: cube.entry.shape.fields.map((f) => mapOf.get(f) ?? null) };
    const flat = projectCube(counts, cube.entry.shape, projection);
    const grid = rows.keys.map((_, i) => Array.from(flat.subarray(i * cols.size, (i + 1) * cols.size)));
    const rowTotals = grid.map((r) => r.reduce((a, b) => a + b, 0));
    const colTotals = cols.keys.map((_, j) => grid.reduce((a, r) => a + (r[j] as number), 0));
    const total = rowTotals.reduce((a, b) => a + b, 0);
    return { grid, rowTotals, colTotals, total, recordsMatched: total };
  }

  private async countPersons(snapshot: CohortSnapshot, plan: CrossTabPlan, options: JobOptions) {
    const { rows, cols, strides, mapOf } = plan;
    const fields = [...rows.fields, ...cols.fields];
    const replies = await this.pool.all(
      () => ({
        op: 'persons',
        cohort: snapshot.cohort,
        fields,
        strides: fields.map((f) => strides.get(f) as number),
        nRows: rows.size,
        nCols: cols.size,
        filters: plan.filters,
        ...(plan.merges ? { maps: fields.map((f) => mapOf.get(f) ?? null) } : {}),
      }),
      options,
    );
    const flat = sum(
      replies.map((r) => r.cells),
      plan.cells,
    );
    return {
      grid: rows.keys.map((_, i) => flat.slice(i * cols.size, (i + 1) * cols.size)),
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

  /** Per facet, its histogram summed over the workers; and the records passing every filter. */
  async countFacets(
    dataset: DatasetName,
    plan: FacetPlan,
    measure: 'records' | 'persons',
    options: JobOptions,
  ): Promise<{ histograms: (length: number, f: number) => number[]; matched: number }> {
    const replies: FacetsReply[] = await this.pool.all(
      () => ({
        op: 'facets',
        cohort: dataset,
        facets: plan.fields,
        groups: plan.groups,
        groupOf: plan.fields.map((f) => plan.groupFields.indexOf(f)),
        measure,
      }),
      options,
    );
    return {
      histograms: (length, f) =>
        sum(
          replies.map((r) => r.histograms[f] as Uint32Array),
          length,
        ),
      matched: replies.reduce((a, r) => a + r.matched, 0),
    };
  }

  exportRecords(dataset: DatasetName, filters: ScanFilters, options: JobOptions): Promise<Uint8Array> {
    return this.pool.call(0, { op: 'export', cohort: dataset, filters }, options);
  }

  /** The merged cube of a records query: read off a cached (or speculative) cube, or counted now. */
  private async cubeFor(snapshot: CohortSnapshot, plan: CrossTabPlan, options: JobOptions) {
    for (;;) {
      const cube = this.cubes.plan(snapshot, plan.filters, plan.strides, plan.cells);
      const { entry } = cube;
      if (entry.counts === undefined) {
        entry.counts = this.countCube(snapshot.cohort, entry, false, options);
        entry.counts.catch(() => this.cubes.discard(entry));
      }
      try {
        const counts = await entry.counts;
        this.speculate(snapshot, entry);
        return { counts, cube };
      } catch (error) {
        // Another request (a facet count, say) made the workers give the cube up, or another
        // query counting the same cube was cancelled: count it now, unless this one is.
        if (options.signal?.aborted) throw new AppError('CANCELLED', 'The query was cancelled.');
        if (!(error instanceof SpeculationGivenUp) && !(isAppError(error) && error.code === 'CANCELLED')) throw error;
        this.cubes.discard(entry);
      }
    }
  }

  /**
   * While the workers would otherwise wait for the analyst, they count a wider cube over the
   * period just queried (see CubePlanner.widen); the next query that fits it is then read off
   * it. A real request makes a worker stop claiming its chunks, and one speculation at a
   * time runs.
   */
  private speculate(snapshot: CohortSnapshot, built: CubeEntry): void {
    if (this.speculating || this.sharedPeriod(snapshot.cohort, built.baked) === undefined) return;
    const wider = this.cubes.widen(snapshot, built);
    if (wider === null) return;
    this.speculating = true;
    wider.counts = this.countCube(snapshot.cohort, wider, true);
    wider.counts.then(
      () => (this.speculating = false),
      () => {
        this.speculating = false;
        this.cubes.discard(wider);
      },
    );
  }

  /** The workers' layouts and the period of a cube whose only baked range is a period on them. */
  private sharedPeriod(dataset: DatasetName, baked: ScanFilters) {
    const shared = this.loader.sharedLayouts.get(dataset);
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
  private countCube(
    dataset: DatasetName,
    entry: CubeEntry,
    speculative: boolean,
    options: JobOptions = {},
  ): Promise<Uint32Array> {
    const { shape, baked } = entry;
    const onLayouts = this.sharedPeriod(dataset, baked);
    if (onLayouts === undefined) {
      return this.pool
        .all(() => ({ op: 'cube', cohort: dataset, shape, baked }), options)
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
    return this.pool
      .until(
        () => ({
          op: 'sharedCube',
          cohort: dataset,
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
}
