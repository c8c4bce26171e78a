// Analysis over the open workspace: the engine's snapshot follows the session (loaded on
// open and after imports, dropped on lock and close), and every query result passes
// disclosure control before percentages and rates are derived from the published numbers.
// The CLI and the app share this composition, so a number is the same wherever it appears.
import { createHash } from 'node:crypto';
import {
  columnsFor,
  COHORTS,
  findColumn,
  isContextDataset,
  type Codebook,
  type Cohort,
  type DatasetName,
} from '../../../shared/codebook.ts';
import type { DatasetColumns } from '../../../shared/contract/engine.ts';
import { AppError } from '../../../shared/errors.ts';
import { datasetLabel } from '../../../shared/figure.ts';
import { QuerySpecSchema, type QueryResult, type QuerySpec, type QuerySpecInput } from '../../../shared/query.ts';
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
import type { EngineResult } from '../../engine/finalizeResult.ts';
import { listContextDatasets } from '../../engine/loadContextSnapshot.ts';
import { financialYearLabel, financialYearStart } from '../../engine/dates.ts';
import type { Workspace } from '../../store/workspace.ts';

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

  constructor(private readonly engineFactory: () => Engine = () => createEngine()) {}

  /** Load (or reload) the snapshot from the workspace. */
  async load(workspace: Workspace): Promise<void> {
    const run = async (): Promise<void> => {
      const engine = this.engine ?? this.engineFactory();
      this.engine = engine;
      this.codebook = workspace.codebook();
      await engine.loadFromStore(workspace.db, this.codebook);
    };
    this.loading = (this.loading ?? Promise.resolve()).then(run, run);
    await this.loading;
  }

  /** Drop the in-memory data (lock, close). */
  async unload(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    this.codebook = null;
    this.loading = null;
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
    const column = this.codebook ? findColumn(this.codebook, field) : undefined;
    if (column) return column.label;
    for (const snapshot of this.engine?.contextDatasets() ?? []) {
      const label = snapshot.columnLabels?.[field];
      if (label !== undefined) return label;
    }
    return field;
  };

  /** The raw engine result (disclosure off), for the disclosure audit. */
  async rawQuery(input: QuerySpecInput): Promise<EngineResult> {
    const engine = await this.ready();
    const spec = parseSpec(input);
    return engine.query({ ...spec, disclosure: null });
  }

  /** A query as published: suppressed and rounded under the spec's rule, then derived numbers. */
  async query(input: QuerySpecInput, work: WorkOptions = {}): Promise<QueryResult> {
    const engine = await this.ready();
    const spec = parseSpec(input);
    const raw = await this.rawQuery(spec);
    return protect(engine, raw, spec, work);
  }

  /** A query protected by the caller's disclosure control (a release's, which knows earlier outputs). */
  async queryProtectedBy(input: QuerySpecInput, protectRaw: TableProtector): Promise<QueryResult> {
    const engine = await this.ready();
    const spec = parseSpec(input);
    const raw = await this.rawQuery(spec);
    return protect(engine, raw, spec, {}, protectRaw);
  }

  async trend(
    input: {
      cohort: string;
      filters: QuerySpec['filters'];
      by: 'month' | 'financial_year';
      series: string | null;
      measure: 'records' | 'persons';
      disclosure: QuerySpec['disclosure'];
    },
    work: WorkOptions = {},
  ): Promise<QueryResult> {
    const engine = await this.ready();
    const cohort = asSnapshotName(input.cohort);
    const raw = await engine.trend({ ...input, cohort, disclosure: null });
    return protect(engine, raw, { ...raw.spec, disclosure: input.disclosure }, work);
  }

  async facets(
    cohortName: string,
    filters: QuerySpec['filters'],
  ): Promise<{ facets: FacetView[]; total: number; elapsedMs: number }> {
    const engine = await this.ready();
    const cohort = asSnapshotName(cohortName);
    const result = await engine.facets({ cohort, filters });
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
        const column = codebook ? findColumn(codebook, f.field) : undefined;
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
  async exportRecords(cohortName: string, filters: QuerySpec['filters']): Promise<Uint8Array> {
    const engine = await this.ready();
    return engine.exportRecordsArrow({ cohort: asSnapshotName(cohortName), filters });
  }

  /** The dimensions, dates and numbers of one loaded dataset, as the engine holds them. */
  async datasetColumns(name: string): Promise<DatasetColumns> {
    const engine = await this.ready();
    const dataset = asSnapshotName(name);
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

function parseSpec(input: QuerySpecInput): QuerySpec {
  const parsed = QuerySpecSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      'INVALID_SPEC',
      `The query spec is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; ')}.`,
    );
  }
  return parsed.data;
}

/** A cohort or a context dataset: anything the engine holds as a snapshot (not the overlap). */
function asSnapshotName(name: string): DatasetName {
  if ((COHORTS as readonly string[]).includes(name) || isContextDataset(name)) return name as DatasetName;
  throw new AppError(
    'INVALID_SPEC',
    `${datasetLabel(name)} has no facets or trends; choose victims, suspects, offenders or a context dataset.`,
  );
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

/** Financial-year labels by their stored code. */
function financialYearLabels(workspace: Workspace): Map<number, string> {
  return new Map([...workspace.categoryCodes('financial_year')].map(([label, code]) => [code, label]));
}

/** The financial years a cohort has records in, oldest first (one DISTINCT over an integer column). */
function financialYearsOf(workspace: Workspace, cohort: Cohort, labels = financialYearLabels(workspace)): string[] {
  const rows = workspace.db
    .prepare(`SELECT DISTINCT financial_year AS fy FROM ${cohort} WHERE financial_year IS NOT NULL`)
    .all() as Array<{ fy: number }>;
  return rows
    .map((r) => labels.get(r.fy))
    .filter((y): y is string => y !== undefined)
    .sort();
}

/** The newest financial year with records of the cohort, without the full summary's scans. */
export function latestFinancialYear(workspace: Workspace, cohort: Cohort): string | null {
  return financialYearsOf(workspace, cohort).at(-1) ?? null;
}

/** Records, persons, period and completeness of each cohort, then of each context dataset, straight from the store. */
export function datasetSummaries(workspace: Workspace): Array<{
  name: string;
  label: string;
  records: number;
  persons: number;
  firstDate: string | null;
  lastDate: string | null;
  financialYears: string[];
  completeness: Record<string, number>;
}> {
  const db = workspace.db;
  const codebook = workspace.codebook();
  const yearLabels = financialYearLabels(workspace);
  const cohorts = COHORTS.map((cohort) => {
    const columns = columnsFor(codebook, cohort).filter((c) => c.kind !== 'person_key' && !c.derivedFrom);
    const parts = columns.map((c, i) => {
      if (c.kind === 'category' || c.kind === 'ordinal') {
        const codes = workspace.categoryCodes(c.name);
        const unknown = ['Unknown', 'Not stated'].map((label) => codes.get(label)).filter((code) => code !== undefined);
        const excluded = unknown.length > 0 ? ` AND "${c.name}" NOT IN (${unknown.join(',')})` : '';
        return `sum("${c.name}" IS NOT NULL${excluded}) AS c${i}`;
      }
      return `count("${c.name}") AS c${i}`;
    });
    const row = db
      .prepare(
        `SELECT count(*) AS n, count(DISTINCT person_id) AS p, min(date) AS first, max(date) AS last${parts.length ? `, ${parts.join(', ')}` : ''} FROM ${cohort}`,
      )
      .get() as Record<string, number | string | null>;
    const n = Number(row.n ?? 0);
    const years = financialYearsOf(workspace, cohort, yearLabels);
    const completeness: Record<string, number> = {};
    columns.forEach((c, i) => {
      completeness[c.name] = n === 0 ? 0 : Number(row[`c${i}`] ?? 0) / n;
    });
    return {
      name: cohort,
      label: datasetLabel(cohort),
      records: n,
      persons: Number(row.p ?? 0),
      firstDate: (row.first as string | null) ?? null,
      lastDate: (row.last as string | null) ?? null,
      financialYears: years,
      completeness,
    };
  });
  return [...cohorts, ...contextSummaries(workspace)];
}

/**
 * A context dataset's tile: records (no persons), the period of its first date column (or,
 * failing that, of its first month column, as `YYYY-MM`), and the share of non-missing
 * values per column (`Unknown` counts as missing).
 */
function contextSummaries(workspace: Workspace): ReturnType<typeof datasetSummaries> {
  const db = workspace.db;
  return listContextDatasets(db).map((dataset) => {
    const table = `"${dataset.tableName}"`;
    const parts = dataset.columns.map((c, i) => {
      if (c.kind === 'category') {
        const unknown = (
          db
            .prepare(
              `SELECT code FROM context_categories WHERE dataset_id = ? AND column_name = ? AND label IN ('Unknown', 'Not stated')`,
            )
            .all(dataset.id, c.name) as Array<{ code: number }>
        ).map((r) => r.code);
        const excluded = unknown.length > 0 ? ` AND "${c.name}" NOT IN (${unknown.join(',')})` : '';
        return `coalesce(sum("${c.name}" IS NOT NULL${excluded}), 0) AS c${i}`;
      }
      return `count("${c.name}") AS c${i}`;
    });
    const row = db
      .prepare(`SELECT count(*) AS n${parts.length ? `, ${parts.join(', ')}` : ''} FROM ${table}`)
      .get() as Record<string, number | null>;
    const n = Number(row.n ?? 0);
    const completeness: Record<string, number> = {};
    dataset.columns.forEach((c, i) => {
      completeness[c.name] = n === 0 ? 0 : Number(row[`c${i}`] ?? 0) / n;
    });
    const period = dataset.columns.find((c) => c.kind === 'date') ?? dataset.columns.find((c) => c.kind === 'month');
    let firstDate: string | null = null;
    let lastDate: string | null = null;
    let financialYears: string[] = [];
    if (period) {
      const range = db
        .prepare(`SELECT min("${period.name}") AS first, max("${period.name}") AS last FROM ${table}`)
        .get() as { first: string | null; last: string | null };
      firstDate = range.first;
      lastDate = range.last;
      const months = db
        .prepare(`SELECT DISTINCT substr("${period.name}", 1, 7) AS m FROM ${table} WHERE "${period.name}" IS NOT NULL`)
        .all() as Array<{ m: string }>;
      financialYears = [
        ...new Set(
          months
            .map((r) => /^(\d{4})-(\d{2})$/.exec(r.m))
            .filter((m): m is RegExpExecArray => m !== null)
            .map((m) => financialYearLabel(financialYearStart(Number(m[1]) * 12 + Number(m[2]) - 1))),
        ),
      ].sort();
    }
    return {
      name: dataset.dataset,
      label: dataset.label,
      records: n,
      persons: 0,
      firstDate,
      lastDate,
      financialYears,
      completeness,
    };
  });
}
