// Everything Explore derives from its view and the workspace: the datasets to switch
// between, field labels and options, the spec (with the measure the dataset allows), the
// cross-tab and facets, the charts the table's shape allows, and the policy's shortfalls.
import { useCallback, useMemo } from 'react';
import type { DatasetColumns } from '../../../shared/contract/engine.ts';
import { datasetLabel, type ChartType } from '../../../shared/figure.ts';
import { policyShortfalls } from '../../../shared/disclosurePolicy.ts';
import { JOURNEY_FIELD_LABELS } from '../../../shared/journeys.ts';
import { COOCCURRENCE_FIELD_LABELS } from '../../../shared/needsCooccurrence.ts';
import { chartAvailability } from '../../charts/plotlyFigure.ts';
import type { DimensionOption } from '../../components/explore/BuilderBar.tsx';
import { useContextColumns, useCrossTab, useExploreSources, useFacets } from '../../data/explore.ts';
import { useCodebook, type CodebookView } from '../useCodebook.ts';
import { useWorkspace } from '../WorkspaceContext.tsx';
import { isAcrossCohorts, isContext, specOf, type ExploreView } from './exploreView.ts';

export const COHORTS = [
  { id: 'victims', label: 'Victims' },
  { id: 'suspects', label: 'Suspects' },
  { id: 'offenders', label: 'Offenders' },
  { id: 'overlap', label: 'Overlap' },
  { id: 'journeys', label: 'Journeys' },
  { id: 'needs', label: 'Needs together' },
] as const;

const PERIOD_FIELDS = ['month', 'financial_year'];

/** A context dataset's first useful category that is not a period (its rows by default). */
export function defaultContextRows(columns: DatasetColumns | null): string[] {
  const dims = (columns?.columns ?? []).filter((c) => c.kind === 'category' || c.kind === 'ordinal');
  const candidates = dims.filter((c) => !PERIOD_FIELDS.includes(c.name) && c.name !== 'district');
  // Skip constant columns (e.g. "Reported by" in a single force's file) and very wide ones.
  const first =
    candidates.find((c) => c.categories.length >= 2 && c.categories.length <= 30) ?? candidates[0] ?? dims[0];
  return first ? [first.name] : [];
}

function dimensionsOf(
  view: ExploreView,
  codebook: CodebookView | null,
  contextColumns: DatasetColumns | null,
): DimensionOption[] {
  const usable = (kind: string): boolean => kind === 'category' || kind === 'ordinal' || kind === 'flag';
  if (isContext(view.cohort))
    return (contextColumns?.columns ?? []).filter((c) => usable(c.kind)).map((c) => ({ name: c.name, label: c.label }));
  return (codebook?.columns ?? [])
    .filter((c) => usable(c.kind) && (isAcrossCohorts(view.cohort) || c.cohorts.includes(view.cohort)))
    .map((c) => ({ name: c.name, label: c.label }));
}

export function useExploreModel(view: ExploreView) {
  const { status } = useWorkspace();
  const workspace = status?.state === 'open' ? (status.path ?? '') : null;
  const codebook = useCodebook(workspace);
  const sources = useExploreSources(workspace);
  const { cohort } = view;
  const context = isContext(cohort);

  const contextQuery = useContextColumns(workspace !== null && context ? cohort : null);
  const contextColumns = context && contextQuery.data?.name === cohort ? contextQuery.data : null;
  const contextHasDate = contextColumns?.columns.some((c) => c.name === 'date' && c.kind === 'date') ?? false;

  const noPersons = !context && sources.personless.has(cohort);
  const recordsOnly = context
    ? 'A context dataset has no persons: it counts records.'
    : noPersons
      ? 'These records have no person identifiers (no person reference was mapped when they were imported), so distinct persons cannot be counted.'
      : null;
  const measure = recordsOnly ? 'records' : view.measure;

  const labelOf = useCallback(
    (field: string) =>
      contextColumns?.columns.find((c) => c.name === field)?.label ??
      codebook?.columns.find((c) => c.name === field)?.label ??
      JOURNEY_FIELD_LABELS[field] ??
      COOCCURRENCE_FIELD_LABELS[field] ??
      field,
    [codebook, contextColumns],
  );
  const dimensions = useMemo(() => dimensionsOf(view, codebook, contextColumns), [view, codebook, contextColumns]);
  const spec = useMemo(() => specOf(view, measure), [view, measure]);

  // A context dataset is asked only once its columns are known and the builder uses them.
  const contextReady =
    !context ||
    (contextColumns !== null &&
      measure === 'records' &&
      [...view.rows, ...view.cols].every((f) => contextColumns.columns.some((c) => c.name === f)));
  const ready = workspace !== null && codebook !== null && contextReady;
  const query = useCrossTab(spec, ready);
  const facets = useFacets(spec, ready);

  const availability = query.data ? chartAvailability(query.data) : null;
  // A chart the table's shape cannot draw is shown as bars, but the view keeps the analyst's choice.
  const chart: ChartType = availability && availability[view.chart] !== null ? 'bar' : view.chart;

  const info = status?.state === 'open' ? status.info : undefined;
  const totalRecords =
    (info ? info.counts.victims + info.counts.suspects + info.counts.offenders : 0) +
    sources.contexts.reduce((a, c) => a + c.records, 0);
  const switches = [...COHORTS, ...sources.contexts.map((c) => ({ id: c.id, label: c.label || datasetLabel(c.id) }))];
  const periodYears = context
    ? (contextColumns?.columns.find((c) => c.name === 'financial_year')?.categories ?? []).filter(
        (y) => y !== 'Unknown',
      )
    : (codebook?.columns.find((c) => c.name === 'financial_year')?.categories ?? []);
  const valueLabel = view.rate
    ? `Rate per ${view.rate.per.toLocaleString('en-GB')} residents`
    : !context && (measure === 'persons' || isAcrossCohorts(cohort))
      ? 'Persons'
      : 'Records';
  const shortfalls = sources.policy ? policyShortfalls(view.disclosure, sources.policy.policy) : [];

  return {
    context,
    contextError: context ? contextQuery.error : null,
    hasPeriod: !context || contextHasDate,
    recordsOnly,
    labelOf,
    dimensions,
    spec,
    query,
    facets,
    availability,
    chart,
    totalRecords,
    switches,
    periodYears,
    valueLabel,
    policy: sources.policy,
    populations: sources.populations,
    shortfalls,
    synthetic: info?.synthetic ?? false,
  };
}

export type ExploreModel = ReturnType<typeof useExploreModel>;
