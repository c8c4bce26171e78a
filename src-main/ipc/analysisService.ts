// Analysis over the open workspace: the engine's snapshot follows the session (loaded on
// open and after imports, dropped on lock and close), and every query result passes
// disclosure control before percentages and rates are derived from the published numbers.
// The CLI and the app share this composition, so a number is the same wherever it appears.
import { createHash } from 'node:crypto';
import { columnsFor, COHORTS, findColumn, type Codebook, type Cohort } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { datasetLabel } from '../../shared/figure.ts';
import { QuerySpecSchema, type QueryResult, type QuerySpec, type QuerySpecInput } from '../../shared/query.ts';
import { protectTable, rawTableFromQueryResult } from '../disclosure/index.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import type { EngineResult } from '../engine/finalizeResult.ts';
import type { Workspace } from '../store/workspace.ts';

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

  labelOf = (field: string): string => (this.codebook ? (findColumn(this.codebook, field)?.label ?? field) : field);

  /** The raw engine result (disclosure off), for the disclosure audit. */
  async rawQuery(input: QuerySpecInput): Promise<EngineResult> {
    const engine = await this.ready();
    const spec = parseSpec(input);
    return engine.query({ ...spec, disclosure: null });
  }

  /** A query as published: suppressed and rounded under the spec's rule, then derived numbers. */
  async query(input: QuerySpecInput): Promise<QueryResult> {
    const engine = await this.ready();
    const spec = parseSpec(input);
    const raw = await this.rawQuery(spec);
    return protect(engine, raw, spec);
  }

  async trend(input: {
    cohort: string;
    filters: QuerySpec['filters'];
    by: 'month' | 'financial_year';
    series: string | null;
    measure: 'records' | 'persons';
    disclosure: QuerySpec['disclosure'];
  }): Promise<QueryResult> {
    const engine = await this.ready();
    const cohort = asCohort(input.cohort);
    const raw = await engine.trend({ ...input, cohort, disclosure: null });
    return protect(engine, raw, { ...raw.spec, disclosure: input.disclosure });
  }

  async facets(
    cohortName: string,
    filters: QuerySpec['filters'],
  ): Promise<{ facets: FacetView[]; total: number; elapsedMs: number }> {
    const engine = await this.ready();
    const cohort = asCohort(cohortName);
    const result = await engine.facets({ cohort, filters });
    const codebook = this.codebook;
    return {
      total: result.recordsMatched,
      elapsedMs: result.elapsedMs,
      facets: result.facets.map((f) => {
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
    return engine.exportRecordsArrow({ cohort: asCohort(cohortName), filters });
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

function asCohort(name: string): Cohort {
  if ((COHORTS as readonly string[]).includes(name)) return name as Cohort;
  throw new AppError(
    'INVALID_SPEC',
    `${datasetLabel(name)} has no facets or trends; choose victims, suspects or offenders.`,
  );
}

async function protect(engine: Engine, raw: EngineResult, spec: QuerySpec): Promise<QueryResult> {
  if (spec.disclosure === null) return engine.finalizeResult(raw);
  const { table, report } = await protectTable(rawTableFromQueryResult(raw), { ...spec.disclosure });
  return engine.finalizeResult(
    { ...raw, spec },
    {
      counts: table.counts,
      rowTotals: table.rowTotals,
      colTotals: table.colTotals,
      total: table.total,
      suppressed: [...report.primary, ...report.secondary],
      disclosure: report,
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

/** Records, persons, period and completeness of each cohort, straight from the store. */
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
  return COHORTS.map((cohort) => {
    const columns = columnsFor(codebook, cohort).filter((c) => c.kind !== 'person_key' && !c.derivedFrom);
    const parts = columns.map((c, i) => {
      if (c.kind === 'category' || c.kind === 'ordinal') {
        const unknown = c.categories
          .map((label) => workspace.categoryCodes(c.name).get(label) ?? -1)
          .filter((_code, j) => ['Unknown', 'Not stated'].includes(c.categories[j] ?? ''));
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
    const fyCodes = workspace.categoryCodes('financial_year');
    const years = (
      db
        .prepare(`SELECT DISTINCT financial_year AS fy FROM ${cohort} WHERE financial_year IS NOT NULL`)
        .all() as Array<{ fy: number }>
    )
      .map((r) => [...fyCodes.entries()].find(([, code]) => code === r.fy)?.[0])
      .filter((y): y is string => y !== undefined)
      .sort();
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
}
