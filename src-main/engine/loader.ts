// The engine's loader: what data the query workers hold. It sends each snapshot to every
// worker (each takes its range of rows, split so that no person's rows are cut apart),
// shares the workers' day layouts between them, drops what the store no longer has, and
// answers which snapshot a query may run on.
import type { StoreDatabase } from '../store/snapshotReader.ts';
import { COHORTS, isContextDataset, type Codebook, type Cohort, type DatasetName } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { CubePlanner } from './cubePlanner.ts';
import type { LayoutView } from './dayLayout.ts';
import { listContextDatasets, loadContextSnapshot } from './loadContextSnapshot.ts';
import { loadSnapshot } from './loadSnapshot.ts';
import { loadPopulations, type PopulationTables } from './populations.ts';
import type { CohortSnapshot } from './snapshot.ts';
import { splitAtPersons, type WorkerPool } from './workerPool.ts';

export interface LoadSummary {
  cohorts: { cohort: Cohort; rows: number; persons: number; warnings: string[] }[];
  /** Context datasets (`context:NAME`), loaded like cohorts but with no persons. */
  contexts: { dataset: DatasetName; label: string; rows: number; warnings: string[] }[];
}

/** Every worker's day layout of a dataset (shared memory), and the load they came from. */
export interface SharedLayouts {
  generation: number;
  views: LayoutView[];
}

const NO_PERSONS = (dataset: string): AppError =>
  new AppError(
    'INVALID_SPEC',
    `${dataset} is a context dataset, and a context dataset has no persons: count records instead.`,
  );

const NO_PERSON_IDENTIFIERS = (dataset: string): AppError =>
  new AppError(
    'INVALID_SPEC',
    `${dataset} has no person identifiers (no column of its imports was mapped to a person reference), so distinct persons cannot be counted: count records instead, or import the extract again with its person reference mapped.`,
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

export class SnapshotLoader {
  readonly snapshots = new Map<DatasetName, CohortSnapshot>();
  readonly layoutBytes = new Map<DatasetName, number>();
  readonly sharedLayouts = new Map<DatasetName, SharedLayouts>();
  populations: PopulationTables = new Map();
  private generation = 0;

  constructor(
    private readonly pool: WorkerPool,
    private readonly cubes: CubePlanner,
  ) {}

  /** The snapshot a query runs on; an error the analyst can act on when it cannot. */
  need(dataset: DatasetName, measure: 'records' | 'persons' = 'records'): CohortSnapshot {
    const snapshot = this.snapshots.get(dataset);
    if (!snapshot) {
      if (isContextDataset(dataset))
        throw new AppError('INVALID_SPEC', `There is no context dataset ${dataset} in this workspace.`);
      throw new AppError('NO_WORKSPACE', `No ${dataset} data is loaded; open a workspace and import ${dataset} first.`);
    }
    if (measure === 'persons' && isContextDataset(dataset)) throw NO_PERSONS(dataset);
    if (measure === 'persons' && !holdsPersons(snapshot)) throw NO_PERSON_IDENTIFIERS(dataset);
    return snapshot;
  }

  contextDatasets(): CohortSnapshot[] {
    return [...this.snapshots.values()].filter((s) => isContextDataset(s.cohort));
  }

  async load(list: readonly CohortSnapshot[], populations?: PopulationTables): Promise<void> {
    if (populations) this.populations = populations;
    for (const snapshot of list) {
      const bounds = splitAtPersons(snapshot.personIds, this.pool.size);
      this.cubes.forget(snapshot.cohort);
      const replies = await this.pool.all((w) => ({
        op: 'load',
        snapshot,
        start: bounds[w] as number,
        end: bounds[w + 1] as number,
      }));
      this.snapshots.set(snapshot.cohort, snapshot);
      this.sharedLayouts.delete(snapshot.cohort);
      const views = replies.map((r) => r.layout);
      if (views.every((v): v is LayoutView => v !== null)) {
        const shared = { generation: ++this.generation, views };
        await this.pool.all(() => ({ op: 'layouts', cohort: snapshot.cohort, ...shared }));
        this.sharedLayouts.set(snapshot.cohort, shared);
      }
      this.layoutBytes.set(
        snapshot.cohort,
        replies.reduce((a, r) => a + r.layoutBytes, 0),
      );
    }
  }

  async drop(dataset: DatasetName): Promise<void> {
    this.snapshots.delete(dataset);
    this.layoutBytes.delete(dataset);
    this.sharedLayouts.delete(dataset);
    this.cubes.forget(dataset);
    await this.pool.all(() => ({ op: 'drop', cohort: dataset }));
  }

  /** Every cohort and context dataset of the store, read afresh; a context dataset gone from it leaves. */
  async loadFromStore(db: StoreDatabase, codebook: Codebook): Promise<LoadSummary> {
    const cohorts = COHORTS.map((cohort) => loadSnapshot(db, codebook, cohort));
    const contexts = listContextDatasets(db).map((dataset) => loadContextSnapshot(db, dataset));
    const kept = new Set(contexts.map((c) => c.cohort));
    for (const name of [...this.snapshots.keys()]) if (isContextDataset(name) && !kept.has(name)) await this.drop(name);
    await this.load([...cohorts, ...contexts], loadPopulations(db));
    return {
      cohorts: cohorts.map((s) => ({
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
  }
}
