// Analysis over the open workspace: the engine's snapshot follows the session (loaded on
// open and after imports, dropped on lock and close), and every query result passes
// disclosure control before percentages and rates are derived from the published numbers.
// The CLI and the app share this composition, so a number is the same wherever it appears.
import { createHash } from 'node:crypto';
import { findAnalysisColumn, isContextDataset, type Codebook } from '../../../shared/codebook.ts';
import type { DatasetColumns, TrendSpec } from '../../../shared/contract/engine.ts';
import type { TimeToOutcomeResult, TimeToOutcomeSpec } from '../../../shared/contract/outcomes.ts';
import { AppError } from '../../../shared/errors.ts';
import { datasetLabel } from '../../../shared/figure.ts';
import { JOURNEY_FIELD_LABELS } from '../../../shared/journeys.ts';
import type { QueryResult, QuerySpec } from '../../../shared/query.ts';
import {
  type ProtectedResult,
  type RawTable,
  protectTableOffThread,
  rawTableFromQueryResult,
  type WorkOptions,
} from '../../disclosure/index.ts';
import { publishStatsOffThread } from '../../disclosure/protectOffThread.ts';
import { asRawStats } from '../../engine/crosstabStats.ts';
import { createEngine, type Engine } from '../../engine/engine.ts';
import { agreementNote } from '../../engine/derived/agreement.ts';
import { snapshotNameOf } from '../../engine/engineSpecs.ts';
import type { EngineResult } from '../../engine/finalizeResult.ts';
import type { LeafCountsRequest } from '../../engine/analyses/leafCounts.ts';
import { personLevelFields } from '../../engine/personLevelFields.ts';
import { recordPairs } from '../../engine/recordPairs.ts';
import { everyRecordKeyed } from '../../engine/everyRecordKeyed.ts';
import type { Workspace } from '../../store/workspace.ts';
import type { SnapshotSet } from '../workspace/storeWorkerProtocol.ts';
import { outcomeCountsSpec, publishTimeToOutcome, publishWithCounts, withOutcomeDays } from './timeToOutcome.ts';
import { acrossCohortColumns, isAcrossCohorts } from './acrossCohortColumns.ts';
import { cooccurrenceColumns, isCooccurrence } from './needsCooccurrence.ts';
import { COOCCURRENCE_FIELD_LABELS } from '../../../shared/needsCooccurrence.ts';
import { ReleaseSession } from '../publication/releaseSession.ts';
import { openRelease } from '../../store/publications.ts';
import { VersionedCache } from './versionedCache.ts';
import { unlessAborted } from '../../../shared/unlessAborted.ts';
import { NeedsAuditMemo } from './needsAuditMemo.ts';
import type { PatternAuditInput, PatternAuditResult } from '../../disclosure/needsPatternAudit.ts';

export interface FacetView {
  field: string;
  label: string;
  kind: 'category' | 'ordinal' | 'flag';
  categories: Array<{ label: string; count: number }>;
}

export class AnalysisService {
  private engine: Engine | null = null;
  private loading: Promise<void> | null = null;
  private codebook: Codebook | null = null;
  /** The workspace loaded: a co-occurrence of needs reads its release register. */
  private workspace: Workspace | null = null;
  /** Bumped by every load and unload: cached results belong to one version of the data. */
  private dataVersion = 0;
  /** Raw tables counted ahead in one pass (the pieces of needs together), for rawQuery. */
  private readonly counted = new VersionedCache<EngineResult>(512);
  /** Needs together as the screen last saw them, by spec, data and release register. */
  private readonly together = new VersionedCache<QueryResult>(32);
  /** The needs audits done, by their input: a figure saved and then exported is settled once. */
  private readonly needsAudits = new NeedsAuditMemo();

  constructor(
    private readonly engineFactory: () => Engine = () => createEngine(),
    /** Where the snapshots are read: the running app's store worker; by default this thread. */
    private readonly readSnapshots?: (workspace: Workspace, work: { signal?: AbortSignal }) => Promise<SnapshotSet>,
  ) {}

  /** Load (or reload) the snapshot from the workspace; the signal ends a store worker's read. */
  async load(workspace: Workspace, work: { signal?: AbortSignal } = {}): Promise<void> {
    const run = async (): Promise<void> => {
      this.dataVersion++;
      this.codebook = workspace.codebook();
      this.workspace = workspace;
      if (this.readSnapshots === undefined) {
        this.engine ??= this.engineFactory();
        await this.engine.loadFromStore(workspace.db, this.codebook);
        return;
      }
      const read = await this.readSnapshots(workspace, work);
      // A context dataset gone from the store (its import undone) leaves with a fresh engine.
      const kept = new Set(read.snapshots.map((s) => s.cohort));
      const stale = this.engine?.contextDatasets().some((s) => !kept.has(s.cohort)) ?? false;
      if (stale) await this.engine?.dispose();
      if (stale || this.engine === null) this.engine = this.engineFactory();
      // The query workers take a second for a million records; an open's cancel does not wait
      // for them (the session then closes, which disposes of this engine), nor starts them.
      work.signal?.throwIfAborted();
      await unlessAborted(this.engine.loadSnapshots(read.snapshots, read.populations), work.signal);
    };
    this.loading = (this.loading ?? Promise.resolve()).then(run, run);
    await this.loading;
  }

  /** Drop the in-memory data (lock, close). */
  async unload(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    this.codebook = null;
    this.workspace = null;
    this.loading = null;
    this.dataVersion++;
    this.counted.clear();
    this.together.clear();
    this.needsAudits.clear();
    await engine?.dispose();
  }

  private async ready(): Promise<Engine> {
    if (this.loading) await this.loading;
    if (this.engine === null) {
      throw new AppError(
        'NO_WORKSPACE',
        'No workspace data is loaded. Open or unlock a workspace on the Start screen.',
      );
    }
    return this.engine;
  }

  /** A column's label: the codebook's, else a context dataset's (its columns are its own). */
  labelOf = (field: string): string => {
    const column = this.codebook ? findAnalysisColumn(this.codebook, field) : undefined;
    if (column) return column.label;
    for (const snapshot of this.engine?.contextDatasets() ?? []) {
      const label = snapshot.columnLabels?.[field];
      if (label !== undefined) return label;
    }
    return JOURNEY_FIELD_LABELS[field] ?? COOCCURRENCE_FIELD_LABELS[field] ?? field;
  };

  // Specs arrive parsed (the dispatcher's validation, the CLI's spec file): none is parsed again.

  /** The raw engine result (disclosure off), for the disclosure audit. */
  async rawQuery(spec: QuerySpec, work: Pick<WorkOptions, 'signal'> = {}): Promise<EngineResult> {
    const engine = await this.ready();
    const raw = { ...spec, disclosure: null };
    return this.counted.get(JSON.stringify(raw), this.dataVersion) ?? engine.query(raw, { signal: work.signal });
  }

  /** True counts of many cells (per field a set of categories) in one pass of the engine; null: count them by queries. */
  async leafCounts(request: LeafCountsRequest, work: Pick<WorkOptions, 'signal'> = {}): Promise<number[] | null> {
    const engine = await this.ready();
    return engine.leafCounts(request, { signal: work.signal });
  }

  /** Of `fields`, those every person of the cohort has one category of in all their records. */
  async personLevelFields(cohortName: string, fields: readonly string[]): Promise<Set<string>> {
    const snapshot = (await this.ready()).snapshot(snapshotNameOf(cohortName));
    // Unknown is not "none": the needs audit would read sex as sets of categories, which no
    // intruder who knows a person has one sex needs to consider, and prove counts free that are not.
    if (snapshot === undefined)
      throw new AppError('INVALID_SPEC', `There is no ${datasetLabel(cohortName)} data in this workspace.`);
    return personLevelFields(snapshot, fields);
  }

  /** Whether every record of the cohort has a person key: persons tables then count each record's person. */
  async everyRecordKeyed(cohortName: string): Promise<boolean> {
    const snapshot = (await this.ready()).snapshot(snapshotNameOf(cohortName));
    if (snapshot === undefined)
      throw new AppError('INVALID_SPEC', `There is no ${datasetLabel(cohortName)} data in this workspace.`);
    return everyRecordKeyed(snapshot);
  }

  /** The (source, derived) category pairs the records of the cohort's persons hold (the district beside each LSOA). */
  async recordPairs(
    cohortName: string,
    source: string,
    derived: string,
  ): Promise<ReadonlyArray<readonly [string, string]> | null> {
    const snapshot = (await this.ready()).snapshot(snapshotNameOf(cohortName));
    if (snapshot === undefined)
      throw new AppError('INVALID_SPEC', `There is no ${datasetLabel(cohortName)} data in this workspace.`);
    return recordPairs(snapshot, source, derived);
  }

  /** Counts the raw tables of `specs` in one pass of the engine where it can, for rawQuery to answer them. */
  async countAhead(specs: readonly QuerySpec[], work: Pick<WorkOptions, 'signal'> = {}): Promise<void> {
    const engine = await this.ready();
    const version = this.dataVersion;
    const missing = specs
      .map((spec) => ({ ...spec, disclosure: null }))
      .filter((spec) => !this.counted.has(JSON.stringify(spec), version));
    if (missing.length === 0) return;
    const results = await engine.personsTables(missing, { signal: work.signal });
    results.forEach((result, k) => this.counted.set(JSON.stringify(missing[k]), version, result));
  }

  /** A query as published: suppressed and rounded under the spec's rule, then derived numbers. */
  async query(spec: QuerySpec, work: WorkOptions = {}): Promise<QueryResult> {
    const engine = await this.ready();
    // Shown as an export would publish it now: its tables linked with the open release, none recorded.
    if (isCooccurrence(spec) && this.workspace) return this.needsTogether(spec, this.workspace, work);
    const raw = await this.rawQuery(spec, work);
    return this.withOutcomes(spec, withAgreementNote(await protect(engine, raw, spec, work)), work);
  }

  /** Needs together as an export would publish it now; a filter changed back is answered from the cache. */
  private async needsTogether(spec: QuerySpec, workspace: Workspace, work: WorkOptions): Promise<QueryResult> {
    const open = openRelease(workspace.db);
    const version = this.dataVersion;
    // The release register is part of the key: a publication changes what is protected.
    const key = `${open ? `${open.id}:${open.publications}` : 'no release'}|${JSON.stringify(spec)}`;
    const cached = this.together.get(key, version);
    if (cached) return cached;
    const result = await new ReleaseSession(workspace, this).resolve(spec, 'the needs co-occurrence', {
      signal: work.signal,
    });
    this.together.set(key, version, result);
    return result;
  }

  /** The needs audit of `input`, kept for the same input while the data stay the same. */
  async auditNeeds(input: PatternAuditInput, work: Pick<WorkOptions, 'signal'> = {}): Promise<PatternAuditResult> {
    return this.needsAudits.run(input, this.dataVersion, work);
  }

  /**
   * A query protected by the caller's disclosure control (a release's, which knows earlier
   * outputs); the signal stops the engine's query and the published statistics' worker.
   */
  async queryProtectedBy(
    spec: QuerySpec,
    protectRaw: TableProtector,
    work: Pick<WorkOptions, 'signal'> = {},
  ): Promise<QueryResult> {
    const engine = await this.ready();
    const raw = await this.rawQuery(spec, work);
    return this.withOutcomes(spec, await protect(engine, raw, spec, work, protectRaw), work);
  }

  /** A time-to-outcome query's quartiles, computed on the workers, beside its published counts. */
  private async withOutcomes(spec: QuerySpec, result: QueryResult, work: WorkOptions = {}): Promise<QueryResult> {
    if (spec.timeToOutcome !== true) return result;
    const engine = await this.ready();
    const raw = await engine.timeToOutcome(
      { filters: spec.filters, rows: spec.rows, cols: spec.cols },
      { signal: work.signal },
    );
    return withOutcomeDays(raw, result, spec.disclosure);
  }

  async trend(spec: TrendSpec, work: WorkOptions = {}): Promise<QueryResult> {
    const engine = await this.ready();
    const raw = await engine.trend({ ...spec, disclosure: null }, { signal: work.signal });
    return protect(engine, raw, { ...raw.spec, disclosure: spec.disclosure }, work);
  }

  /** Days from offence to outcome of the suspects, per cell, as published under the spec's rule. */
  async timeToOutcome(spec: TimeToOutcomeSpec, work: WorkOptions = {}): Promise<TimeToOutcomeResult> {
    const engine = await this.ready();
    const started = performance.now();
    const raw = await engine.timeToOutcome(spec, { signal: work.signal });
    return publishTimeToOutcome(raw, spec, performance.now() - started, work);
  }

  /**
   * Time to outcome with its counts as `resolveCounts` publishes them (an export's release);
   * the signal stops the engine's tally (`resolveCounts` is given it by its caller).
   */
  async timeToOutcomeWith(
    spec: TimeToOutcomeSpec,
    resolveCounts: (counts: QuerySpec) => Promise<QueryResult>,
    work: WorkOptions = {},
  ): Promise<{ result: TimeToOutcomeResult; counts: QueryResult }> {
    const engine = await this.ready();
    const started = performance.now();
    const raw = await engine.timeToOutcome(spec, { signal: work.signal });
    const counts = await resolveCounts(outcomeCountsSpec(spec));
    return { result: publishWithCounts(raw, counts, spec.disclosure, performance.now() - started), counts };
  }

  async facets(
    cohortName: string,
    filters: QuerySpec['filters'],
    window?: QuerySpec['window'],
    job: { signal?: AbortSignal } = {},
  ): Promise<{ facets: FacetView[]; total: number; elapsedMs: number }> {
    const engine = await this.ready();
    // Needs together are filtered like the offenders they are counted from.
    const cohort = snapshotNameOf(isCooccurrence({ cohort: cohortName }) ? 'offenders' : cohortName);
    const result = await engine.facets({ cohort, filters, measure: 'records', ...(window ? { window } : {}) }, job);
    const codebook = this.codebook;
    const context = isContextDataset(cohort) ? engine.snapshot(cohort) : undefined;
    return {
      total: result.recordsMatched,
      elapsedMs: result.elapsedMs,
      facets: result.facets.map((f) => {
        if (context) {
          return {
            field: f.field,
            label: context.columnLabels?.[f.field] ?? this.labelOf(f.field),
            kind: context.dimensions[f.field]?.kind ?? 'category',
            categories: f.categories.map((label, i) => ({ label, count: f.counts[i] ?? 0 })),
          };
        }
        const column = codebook ? findAnalysisColumn(codebook, f.field) : undefined;
        const kind = column?.kind === 'ordinal' || column?.kind === 'flag' ? column.kind : 'category';
        return {
          field: f.field,
          label: column?.label ?? f.field,
          kind,
          categories: f.categories.map((label, i) => ({ label, count: f.counts[i] ?? 0 })),
        };
      }),
    };
  }

  /** Filtered records as an Arrow IPC file (pseudonymous person ids, no identifiers), for R or Python. */
  async exportRecords(
    cohortName: string,
    filters: QuerySpec['filters'],
    work: Pick<WorkOptions, 'signal'> = {},
  ): Promise<Uint8Array> {
    const engine = await this.ready();
    return engine.exportRecordsArrow({ cohort: cohortName, filters }, { signal: work.signal });
  }

  /** The dimensions, dates and numbers of one loaded dataset, as the engine holds them. */
  async datasetColumns(name: string): Promise<DatasetColumns> {
    const engine = await this.ready();
    if (isAcrossCohorts(name)) return acrossCohortColumns(engine, name, this.labelOf);
    if (isCooccurrence({ cohort: name })) return cooccurrenceColumns(await this.datasetColumns('offenders'));
    const dataset = snapshotNameOf(name);
    const snapshot = engine.snapshot(dataset);
    if (!snapshot) throw new AppError('INVALID_SPEC', `There is no ${datasetLabel(name)} data in this workspace.`);
    const labelOf = (field: string): string => snapshot.columnLabels?.[field] ?? this.labelOf(field);
    return {
      name: dataset,
      label: snapshot.label ?? datasetLabel(dataset),
      records: snapshot.rowCount,
      hasPersons: !isContextDataset(dataset),
      columns: [
        ...Object.values(snapshot.dimensions).map((d) => ({
          name: d.name,
          label: labelOf(d.name),
          kind: d.kind,
          categories: [...d.labels],
        })),
        ...Object.keys(snapshot.dates).map((field) => ({
          name: field,
          label: labelOf(field),
          kind: 'date' as const,
          categories: [],
        })),
        ...Object.keys(snapshot.numbers).map((field) => ({
          name: field,
          label: labelOf(field),
          kind: 'number' as const,
          categories: [],
        })),
      ],
    };
  }

  currentCodebook(): Codebook {
    if (this.codebook === null) throw new AppError('NO_WORKSPACE', 'No workspace is open.');
    return this.codebook;
  }
}

/** Disclosure control of one raw table under the spec's rule. */
export type TableProtector = (raw: RawTable, spec: QuerySpec) => Promise<ProtectedResult>;

/** Suppression runs in a worker for large tables: the main process keeps answering, and cancel stops it. */
const protectAlone =
  (work: WorkOptions): TableProtector =>
  (raw, spec) =>
    protectTableOffThread(raw, { ...spec.disclosure }, work);

async function protect(
  engine: Engine,
  raw: EngineResult,
  spec: QuerySpec,
  work: WorkOptions,
  protectRaw: TableProtector = protectAlone(work),
): Promise<QueryResult> {
  if (spec.disclosure === null) return engine.finalizeResult(raw);
  const rawTable = rawTableFromQueryResult(raw);
  const { table, report } = await protectRaw(rawTable, spec);
  const rawStats = raw.stats ? asRawStats(raw.stats) : null;
  const stats = rawStats
    ? await publishStatsOffThread(rawStats, rawTable, table, { ...spec.disclosure }, { signal: work.signal })
    : undefined;
  return engine.finalizeResult(
    { ...raw, spec },
    {
      counts: table.counts,
      rowTotals: table.rowTotals,
      colTotals: table.colTotals,
      total: table.total,
      suppressed: [...report.primary, ...report.secondary],
      disclosure: report,
      ...(stats ? { stats } : {}),
    },
  );
}

/** A short fingerprint of the published numbers: a saved figure whose fingerprint moves has changed. */
export function resultFingerprint(
  result: Pick<QueryResult, 'rows' | 'cols' | 'counts' | 'rowTotals' | 'colTotals' | 'total'>,
): string {
  return createHash('sha256')
    .update(JSON.stringify([result.rows, result.cols, result.counts, result.rowTotals, result.colTotals, result.total]))
    .digest('hex')
    .slice(0, 32);
}

/** A table of the computed repeat flag by the extract's: how far they agree, read off the published counts. */
function withAgreementNote(result: QueryResult): QueryResult {
  const note = agreementNote(result);
  return note === null ? result : { ...result, meta: { ...result.meta, warnings: [...result.meta.warnings, note] } };
}
