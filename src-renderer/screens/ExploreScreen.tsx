// Explore: facet filters, the cross-tab builder, the table and a chart kept in sync,
// and saved figures. Every request is debounced and superseded by the next one.
import { useCallback, useEffect, useMemo, useState, type ClipboardEvent } from 'react';
import type { DatasetColumns, Facet } from '../../shared/contract/engine.ts';
import type { SavedFigure } from '../../shared/contract/figures.ts';
import { CHART_LABELS, CHART_TYPES, datasetLabel, footnoteLines, type ChartType } from '../../shared/figure.ts';
import type { PolicyView } from '../../shared/contract/disclosure.ts';
import { policyShortfalls, ruleMeetingPolicy } from '../../shared/disclosurePolicy.ts';
import type { CategoryGroups, QueryResult, QuerySpec } from '../../shared/query.ts';
import { apiClient } from '../api/client.ts';
import { chartAvailability } from '../charts/plotlyFigure.ts';
import { BuilderBar, type BuilderState, type DimensionOption } from '../components/explore/BuilderBar.tsx';
import { ChartView } from '../components/explore/ChartView.tsx';
import { CrossTabTable } from '../components/explore/CrossTabTable.tsx';
import { FacetPanel } from '../components/explore/FacetPanel.tsx';
import { FiguresPanel } from '../components/explore/FiguresPanel.tsx';
import { FilterChips } from '../components/explore/FilterChips.tsx';
import { PeriodPicker } from '../components/explore/PeriodPicker.tsx';
import { StatsPanel } from '../components/explore/StatsPanel.tsx';
import { AdvisorPanel } from '../components/explore/AdvisorPanel.tsx';
import { MergedCategories } from '../components/explore/MergedCategories.tsx';
import { useCodebook } from '../state/useCodebook.ts';
import {
  fromFilters,
  periodFilters,
  selectionFilters,
  toggleValue,
  type FacetSelection,
  type Period,
} from '../state/filters.ts';
import { useDebouncedQuery } from '../state/useDebouncedQuery.ts';
import { useWorkspace } from '../state/WorkspaceContext.tsx';
import { ErrorAlert, NoWorkspace } from '../components/NoWorkspace.tsx';

const COHORTS = [
  { id: 'victims', label: 'Victims' },
  { id: 'suspects', label: 'Suspects' },
  { id: 'offenders', label: 'Offenders' },
  { id: 'overlap', label: 'Overlap' },
] as const;
/** A cohort, the overlap, or a context dataset (`context:NAME`). */
type CohortId = string;

const DEFAULT_ROWS: Record<string, string[]> = {
  victims: ['offence_group'],
  suspects: ['outcome_group'],
  offenders: ['sentence_type'],
  overlap: [],
};

const isContext = (id: string): boolean => id.startsWith('context:');
const PERIOD_FIELDS = ['month', 'financial_year'];

/** A context dataset's first useful category that is not a period (its rows by default). */
function defaultContextRows(columns: DatasetColumns | null): string[] {
  const dims = (columns?.columns ?? []).filter((c) => c.kind === 'category' || c.kind === 'ordinal');
  const candidates = dims.filter((c) => !PERIOD_FIELDS.includes(c.name) && c.name !== 'district');
  // Skip constant columns (e.g. "Reported by" in a single force's file) and very wide ones.
  const first =
    candidates.find((c) => c.categories.length >= 2 && c.categories.length <= 30) ?? candidates[0] ?? dims[0];
  return first ? [first.name] : [];
}

export function ExploreScreen({ onNavigate }: { onNavigate(screen: 'data' | 'start'): void }) {
  const { status } = useWorkspace();
  const codebook = useCodebook(status?.state === 'open' ? (status.path ?? '') : null);
  const [cohort, setCohort] = useState<CohortId>('victims');
  const [period, setPeriod] = useState<Period>({ kind: 'all' });
  const [selections, setSelections] = useState<Record<string, FacetSelection>>({});
  const [builder, setBuilder] = useState<BuilderState>({
    rows: DEFAULT_ROWS.victims ?? [],
    cols: ['sex'],
    measure: 'records',
    percent: 'none',
    stats: false,
    disclosure: { threshold: 5, secondary: true, round: null, suppressZeros: false },
  });
  const [chart, setChart] = useState<ChartType>('bar');
  const [title, setTitle] = useState('');
  const [notes, setNotes] = useState('');
  const [figureName, setFigureName] = useState<string | null>(null);
  const [contexts, setContexts] = useState<Array<{ id: string; label: string; records: number }>>([]);
  /** Merged categories of row and column fields (from the advisor or a saved figure). */
  const [groups, setGroups] = useState<CategoryGroups>({});
  const [policy, setPolicy] = useState<PolicyView | null>(null);
  /** Cohorts with records but no person identifiers: they count records only. */
  const [personless, setPersonless] = useState<ReadonlySet<string>>(new Set());

  const open = status?.state === 'open';
  useEffect(() => {
    if (!open) return undefined;
    const load = (): void => {
      apiClient()
        .call('data.summary', {})
        .then(
          (r) => {
            setContexts(
              r.datasets
                .filter((d) => isContext(d.name))
                .map((d) => ({ id: d.name, label: d.label, records: d.records })),
            );
            setPersonless(
              new Set(
                r.datasets.filter((d) => !isContext(d.name) && d.records > 0 && d.persons === 0).map((d) => d.name),
              ),
            );
          },
          () => undefined,
        );
    };
    load();
    return apiClient().onEvent('data.changed', load);
  }, [open, status?.path]);
  useEffect(() => {
    if (!open) return;
    apiClient()
      .call('workspace.policy.get', {})
      .then(setPolicy, () => undefined);
  }, [open, status]);

  const context = isContext(cohort);
  const noPersons = !context && personless.has(cohort);
  const measure = context || noPersons ? 'records' : builder.measure;
  const contextQuery = useDebouncedQuery<DatasetColumns>(open && context ? cohort : null, (signal) =>
    apiClient().call('data.datasetColumns', { dataset: cohort }, { signal }),
  );
  const contextColumns = context && contextQuery.data?.name === cohort ? contextQuery.data : null;
  const contextHasDate = contextColumns?.columns.some((c) => c.name === 'date' && c.kind === 'date') ?? false;

  const labelOf = useCallback(
    (field: string) =>
      contextColumns?.columns.find((c) => c.name === field)?.label ??
      codebook?.columns.find((c) => c.name === field)?.label ??
      field,
    [codebook, contextColumns],
  );
  const dimensions: DimensionOption[] = useMemo(
    () =>
      context
        ? (contextColumns?.columns ?? [])
            .filter((c) => c.kind === 'category' || c.kind === 'ordinal' || c.kind === 'flag')
            .map((c) => ({ name: c.name, label: c.label }))
        : (codebook?.columns ?? [])
            .filter(
              (c) =>
                (c.kind === 'category' || c.kind === 'ordinal' || c.kind === 'flag') &&
                (cohort === 'overlap' || c.cohorts.includes(cohort)),
            )
            .map((c) => ({ name: c.name, label: c.label })),
    [codebook, cohort, context, contextColumns],
  );

  const filters = useMemo(() => [...periodFilters(period), ...selectionFilters(selections)], [period, selections]);
  // Groups of a field no longer in the table are kept aside (the spec allows row and column fields only).
  const activeGroups = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(groups).filter(([field]) => builder.rows.includes(field) || builder.cols.includes(field)),
      ),
    [groups, builder.rows, builder.cols],
  );
  const spec: QuerySpec = useMemo(
    () => ({
      cohort,
      filters,
      rows: builder.rows,
      cols: builder.cols,
      measure,
      percent: builder.percent,
      stats: builder.stats,
      disclosure: builder.disclosure,
      ...(Object.keys(activeGroups).length > 0 ? { groups: activeGroups } : {}),
    }),
    [cohort, filters, builder, activeGroups, measure],
  );
  // A context dataset is asked only once its columns are known and the builder uses them.
  const contextReady =
    !context ||
    (contextColumns !== null &&
      builder.measure === 'records' &&
      [...builder.rows, ...builder.cols].every((f) => contextColumns.columns.some((c) => c.name === f)));
  const ready = status?.state === 'open' && codebook !== null && contextReady;
  const specKey = ready ? JSON.stringify(spec) : null;
  const facetKey = ready && cohort !== 'overlap' ? JSON.stringify({ cohort, filters }) : null;

  const query = useDebouncedQuery<QueryResult>(specKey, (signal) => apiClient().call('engine.query', spec, { signal }));
  const facets = useDebouncedQuery<{ facets: Facet[]; total: number }>(facetKey, (signal) =>
    apiClient().call('engine.facets', { cohort, filters }, { signal }),
  );

  const availability = query.data ? chartAvailability(query.data) : null;
  const effectiveChart: ChartType = availability && availability[chart] !== null ? 'bar' : chart;

  useEffect(() => {
    document.title = figureName ? `${figureName} · Explore · VSO Workbench` : 'Explore · VSO Workbench';
  }, [figureName]);

  const onToggle = (field: string, value: string, mode: 'in' | 'notIn'): void =>
    setSelections((s) => toggleValue(s, field, value, mode));
  const onPick = (rowKey: string[], colKey: string[]): void => {
    setSelections((s) => {
      let next = { ...s };
      builder.rows.forEach((field, i) => {
        const value = rowKey[i];
        if (value !== undefined && value !== 'Total') next = { ...next, [field]: { mode: 'in', values: [value] } };
      });
      builder.cols.forEach((field, i) => {
        const value = colKey[i];
        if (value !== undefined) next = { ...next, [field]: { mode: 'in', values: [value] } };
      });
      return next;
    });
  };

  const changeCohort = (next: CohortId): void => {
    setCohort(next);
    setSelections({});
    setGroups({});
    if (isContext(next)) {
      // Rows are set from the dataset's own columns when they arrive; a context dataset
      // with no date column has no period to pick.
      setPeriod({ kind: 'all' });
      setBuilder((b) => ({ ...b, rows: [], cols: [], measure: 'records' }));
      apiClient()
        .call('data.datasetColumns', { dataset: next })
        .then(
          (columns) =>
            setBuilder((b) => (b.rows.length + b.cols.length === 0 ? { ...b, rows: defaultContextRows(columns) } : b)),
          () => undefined,
        );
    } else {
      setBuilder((b) => ({ ...b, rows: DEFAULT_ROWS[next] ?? [], cols: next === 'overlap' ? [] : ['sex'] }));
    }
  };

  const openFigure = (saved: SavedFigure): void => {
    const { query: q } = saved.figure;
    const restored = fromFilters(q.filters);
    setCohort(q.cohort);
    setPeriod(restored.period);
    setSelections(restored.selections);
    setBuilder({
      rows: q.rows,
      cols: q.cols,
      measure: q.measure,
      percent: q.percent,
      stats: q.stats,
      disclosure: q.disclosure,
    });
    setGroups(q.groups ?? {});
    setChart(saved.figure.chart);
    setTitle(saved.figure.title);
    setNotes(saved.figure.notes);
    setFigureName(saved.name);
  };

  /** An advisor option: its redesigned table (fields, merged categories, rule) replaces this one. */
  const applySpec = (next: QuerySpec): void => {
    setBuilder((b) => ({
      ...b,
      rows: next.rows,
      cols: next.cols,
      measure: next.measure,
      percent: next.percent,
      stats: next.stats,
      disclosure: next.disclosure,
    }));
    setGroups(next.groups ?? {});
  };
  const splitGroup = (field: string, label: string): void =>
    setGroups((g) => {
      const left = (g[field] ?? []).filter((group) => group.label !== label);
      const { [field]: _removed, ...rest } = g;
      return left.length > 0 ? { ...rest, [field]: left } : rest;
    });
  const shortfalls = policy ? policyShortfalls(builder.disclosure, policy.policy) : [];
  /** Copying the table is publishing it too: below the policy, the clipboard gets a note instead. */
  const guardCopy = (event: ClipboardEvent<HTMLDivElement>): void => {
    if (shortfalls.length === 0) return;
    event.preventDefault();
    event.stopPropagation();
    event.clipboardData.setData(
      'text/plain',
      `Not copied: this table's disclosure rule is below the workspace's disclosure policy (${policy?.description ?? ''}). Meet the policy to copy or export it.`,
    );
  };

  if (status?.state !== 'open') {
    return (
      <NoWorkspace
        title="Explore"
        reason="Open or create a workspace first; then import an extract to explore it."
        onStart={() => onNavigate('start')}
      />
    );
  }

  const totalRecords =
    (status.info ? status.info.counts.victims + status.info.counts.suspects + status.info.counts.offenders : 0) +
    contexts.reduce((a, c) => a + c.records, 0);
  const footnote = query.data
    ? footnoteLines(spec, labelOf, query.data.disclosure, { synthetic: status.info?.synthetic ?? false })
    : [];
  const valueLabel = !context && (measure === 'persons' || cohort === 'overlap') ? 'Persons' : 'Records';
  const switches = [...COHORTS, ...contexts.map((c) => ({ id: c.id, label: c.label || datasetLabel(c.id) }))];
  const periodYears = context
    ? (contextColumns?.columns.find((c) => c.name === 'financial_year')?.categories ?? []).filter(
        (y) => y !== 'Unknown',
      )
    : (codebook?.columns.find((c) => c.name === 'financial_year')?.categories ?? []);

  return (
    <section className="screen screen-wide explore" aria-labelledby="screen-title">
      <header className="explore-header">
        <h1 id="screen-title">Explore</h1>
        <div className="segmented" role="radiogroup" aria-label="Cohort">
          {switches.map((c) => (
            <button
              key={c.id}
              type="button"
              role="radio"
              aria-checked={cohort === c.id}
              className={cohort === c.id ? 'seg seg-on' : 'seg'}
              onClick={() => changeCohort(c.id)}
            >
              {c.label}
            </button>
          ))}
        </div>
        {!context || contextHasDate ? <PeriodPicker period={period} years={periodYears} onChange={setPeriod} /> : null}
      </header>

      {totalRecords === 0 ? (
        <div className="empty-state card">
          <h2>No data yet</h2>
          <p>This workspace has no records. Import a victims, suspects or offenders extract to start exploring.</p>
          <button className="btn btn-primary" type="button" onClick={() => onNavigate('data')}>
            Import an extract
          </button>
        </div>
      ) : (
        <div className="explore-body">
          <aside className="explore-facets" aria-label="Facet filters">
            <div className="facets-head">
              <h2>Filters</h2>
              {facets.data && cohort !== 'overlap' ? (
                <span className="muted small" data-testid="facet-total">
                  {facets.data.total.toLocaleString('en-GB')} records
                </span>
              ) : null}
            </div>
            <FilterChips
              selections={selections}
              labelOf={labelOf}
              onRemove={(field, value) => setSelections((s) => toggleValue(s, field, value, s[field]?.mode ?? 'in'))}
              onClear={() => setSelections({})}
            />
            {cohort === 'overlap' ? (
              <p className="muted small">
                The overlap counts persons across the three cohorts; filters on shared columns apply to each cohort.
              </p>
            ) : (
              <FacetPanel
                facets={facets.data?.facets ?? []}
                selections={selections}
                loading={facets.loading}
                onToggle={onToggle}
              />
            )}
          </aside>
          <div className="explore-main">
            {cohort !== 'overlap' ? (
              <BuilderBar
                state={builder}
                options={dimensions}
                recordsOnly={
                  context
                    ? 'A context dataset has no persons: it counts records.'
                    : noPersons
                      ? 'These records have no person identifiers (no person reference was mapped when they were imported), so distinct persons cannot be counted.'
                      : null
                }
                onChange={setBuilder}
              />
            ) : null}
            <MergedCategories groups={activeGroups} labelOf={labelOf} onSplit={splitGroup} />
            {policy && shortfalls.length > 0 ? (
              <div className="alert alert-warning" role="status" data-testid="below-policy">
                This rule is below the workspace’s disclosure policy ({policy.description}): {shortfalls.join('; ')}.
                You can explore with it, but exports of this table will be refused.{' '}
                {builder.disclosure ? (
                  <button
                    className="btn"
                    type="button"
                    onClick={() =>
                      setBuilder((b) => ({
                        ...b,
                        disclosure: b.disclosure ? ruleMeetingPolicy(b.disclosure, policy.policy) : b.disclosure,
                      }))
                    }
                  >
                    Meet the policy
                  </button>
                ) : null}
              </div>
            ) : null}
            <ErrorAlert message={context ? contextQuery.error : null} />
            <ErrorAlert message={query.error} />
            {query.data && query.data.total === 0 ? (
              <div className="alert alert-warning" role="status">
                No records match these filters. Remove a filter or widen the period.
              </div>
            ) : null}
            {query.data && cohort !== 'overlap' ? (
              <AdvisorPanel spec={spec} result={query.data} onApply={applySpec} />
            ) : null}
            {query.data ? (
              <div className="explore-results" aria-busy={query.loading}>
                <div className="card result-card">
                  <div className="result-head">
                    <h2>Table</h2>
                    <span className="muted small" data-testid="result-total">
                      Total {query.data.total === null ? '[c]' : query.data.total.toLocaleString('en-GB')}{' '}
                      {valueLabel.toLowerCase()}
                      {query.data.suppressed.length > 0 ? ` · ${query.data.suppressed.length} cells suppressed` : ''}
                    </span>
                  </div>
                  <div onCopyCapture={guardCopy}>
                    <CrossTabTable result={query.data} labelOf={labelOf} onCellFilter={onPick} />
                  </div>
                  {builder.stats ? (
                    <StatsPanel stats={query.data.stats} reason={query.data.meta.warnings[0] ?? null} />
                  ) : null}
                </div>
                <div className="card result-card">
                  <div className="result-head">
                    <h2>Chart</h2>
                    <select
                      aria-label="Chart type"
                      value={effectiveChart}
                      onChange={(e) => setChart(e.target.value as ChartType)}
                    >
                      {CHART_TYPES.map((t) => (
                        <option
                          key={t}
                          value={t}
                          disabled={availability?.[t] !== null && availability?.[t] !== undefined}
                        >
                          {CHART_LABELS[t]}
                          {availability?.[t] ? ` (${availability[t]})` : ''}
                        </option>
                      ))}
                    </select>
                  </div>
                  <input
                    className="title-input"
                    aria-label="Chart title"
                    placeholder="Title (shown on the chart and exports)"
                    value={title}
                    onChange={(e) => setTitle(e.target.value)}
                  />
                  <ChartView
                    result={query.data}
                    chart={effectiveChart}
                    title={title}
                    labelOf={labelOf}
                    valueLabel={valueLabel}
                    onPick={onPick}
                  />
                  <ul className="footnote" aria-label="Footnote">
                    {footnote.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </div>
              </div>
            ) : query.loading ? (
              <p className="muted">Counting…</p>
            ) : null}
            <FiguresPanel
              current={{ name: figureName ?? '', title, notes, chart: effectiveChart, query: spec }}
              onNotes={setNotes}
              onSaved={(saved) => setFigureName(saved.name)}
              onOpen={openFigure}
            />
          </div>
        </div>
      )}
    </section>
  );
}
