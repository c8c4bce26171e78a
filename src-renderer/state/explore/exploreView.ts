// Explore's whole state as one value (the contract's ExploreView) and the pure steps that
// change it: a new dataset, a saved figure opened exactly, an advisor's redesign, the spec
// sent to the engine. Pure, so the rules are unit-tested without a browser.
import type { ExploreView } from '../../../shared/contract/screenState.ts';
import type { SavedFigure } from '../../../shared/contract/figures.ts';
import { CHART_LABELS, type FigureSpec } from '../../../shared/figure.ts';
import { DEFAULT_DISCLOSURE, type QuerySpec } from '../../../shared/query.ts';
import { WINDOWED_FIELDS } from '../../../shared/codebook.ts';
import { fitsTimeToOutcome } from '../../../shared/outcomeDays.ts';
import { COOCCURRENCE_FIELDS, NEEDS_DATASET } from '../../../shared/needsCooccurrence.ts';
import { fromFilters, periodFilters, selectionFilters } from '../filters.ts';

export type { ExploreView };

export const DEFAULT_ROWS: Readonly<Record<string, string[]>> = {
  victims: ['offence_group'],
  suspects: ['outcome_group'],
  offenders: ['sentence_type'],
  overlap: [],
  journeys: [],
  needs: [COOCCURRENCE_FIELDS.need],
};

/** Offender needs together: a need by need matrix of persons, filtered like the offenders. */
export const isNeedsTogether = (id: string): boolean => id === NEEDS_DATASET;

/** The tables across the cohorts (fixed rows, no facets, filters applied per cohort). */
export const isAcrossCohorts = (id: string): boolean => id === 'overlap' || id === 'journeys';

export const isContext = (id: string): boolean => id.startsWith('context:');

export function defaultView(): ExploreView {
  return {
    cohort: 'victims',
    period: { kind: 'all' },
    selections: {},
    rows: [...(DEFAULT_ROWS.victims ?? [])],
    cols: ['sex'],
    measure: 'records',
    rate: null,
    percent: 'none',
    stats: false,
    intervals: false,
    disclosure: { ...DEFAULT_DISCLOSURE },
    groups: {},
    chart: 'bar',
    keepEmpty: false,
    title: '',
    notes: '',
    figureName: null,
  };
}

/**
 * Another dataset: its filters, merged categories and rates do not carry over. A context
 * dataset starts with no fields (its rows come from its own columns) and counts records.
 */
export function withCohort(view: ExploreView, cohort: string): ExploreView {
  const base = { ...view, cohort, selections: {}, groups: {}, rate: null };
  if (isContext(cohort)) return { ...base, period: { kind: 'all' }, rows: [], cols: [], measure: 'records' };
  const rows = [...(DEFAULT_ROWS[cohort] ?? [])];
  // Journeys read best as a flow from the role seen first to the role seen then.
  if (cohort === 'journeys') return { ...base, rows, cols: [], chart: 'flow' };
  // Needs together are persons with both needs, drawn as squares: no bars to add up.
  if (isNeedsTogether(cohort))
    return { ...base, rows, cols: [COOCCURRENCE_FIELDS.with], measure: 'persons', percent: 'none', chart: 'heatmap' };
  // The flow chart and the heatmap were those datasets' own choice: another starts with bars again.
  const own =
    (view.cohort === 'journeys' && view.chart === 'flow') || (isNeedsTogether(view.cohort) && view.chart === 'heatmap');
  const chart = own ? 'bar' : view.chart;
  return { ...base, rows, cols: isAcrossCohorts(cohort) ? [] : ['sex'], chart };
}

/** A saved figure as it was saved: measure, rate, percentages, period, filters, chart (empty categories too) and words. */
export function viewOfFigure(saved: SavedFigure): ExploreView {
  const { query: q } = saved.figure;
  const { period, selections } = fromFilters(q.filters);
  return {
    cohort: q.cohort,
    period,
    selections,
    rows: [...q.rows],
    cols: [...q.cols],
    measure: q.measure,
    rate: q.rate ?? null,
    percent: q.percent,
    stats: q.stats,
    intervals: q.intervals ?? false,
    disclosure: q.disclosure,
    groups: q.groups ?? {},
    chart: saved.figure.chart,
    keepEmpty: saved.figure.keepEmpty,
    title: saved.figure.title,
    notes: saved.figure.notes,
    ...(q.window ? { window: { days: q.window.days } } : {}),
    figureName: saved.name,
    ...(q.journeyWindowDays !== undefined ? { journeyWindowDays: q.journeyWindowDays } : {}),
  };
}

/** An advisor's option: its fields, merged categories and rule replace the table's. */
export function withAdvice(view: ExploreView, next: QuerySpec): ExploreView {
  return {
    ...view,
    rows: next.rows,
    cols: next.cols,
    measure: next.measure,
    percent: next.percent,
    stats: next.stats,
    disclosure: next.disclosure,
    groups: next.groups ?? {},
  };
}

/** Groups of a field no longer in the table are kept aside (the spec allows row and column fields only). */
export function activeGroups(view: ExploreView): ExploreView['groups'] {
  return Object.fromEntries(
    Object.entries(view.groups).filter(([field]) => view.rows.includes(field) || view.cols.includes(field)),
  );
}

/** The engine's spec; `measure` is the one the dataset allows (records where persons cannot be counted). */
export function specOf(view: ExploreView, measure: ExploreView['measure'] = view.measure): QuerySpec {
  const groups = activeGroups(view);
  const spec: QuerySpec = {
    cohort: view.cohort,
    filters: [...periodFilters(view.period), ...selectionFilters(view.selections)],
    rows: view.rows,
    cols: view.cols,
    measure,
    percent: view.percent,
    stats: view.stats,
    disclosure: view.disclosure,
    ...(view.rate ? { rate: view.rate } : {}),
    ...(Object.keys(groups).length > 0 ? { groups } : {}),
    ...(view.intervals ? { intervals: true } : {}),
    ...(view.cohort === 'journeys' && view.journeyWindowDays !== undefined
      ? { journeyWindowDays: view.journeyWindowDays }
      : {}),
    ...(view.window && usesRepeatWindow(view) ? { window: view.window } : {}),
  };
  // A time-to-outcome figure (saved from its card) asks for its quartiles while its table still fits.
  return view.chart === 'outcome' && fitsTimeToOutcome(spec) ? { ...spec, timeToOutcome: true } : spec;
}

/** Whether the view's rows, columns or filters use a field counted over the repeat window. */
export function usesRepeatWindow(view: Pick<ExploreView, 'rows' | 'cols' | 'selections'>): boolean {
  const filtered = Object.entries(view.selections).flatMap(([field, s]) => (s.values.length > 0 ? [field] : []));
  return [...view.rows, ...view.cols, ...filtered].some((f) => WINDOWED_FIELDS.includes(f));
}

/** The figure the view would save: the chart actually drawn, never a kind the analyst did not pick. */
export function figureOf(view: ExploreView, spec: QuerySpec, chart: FigureSpec['chart']): FigureSpec {
  return {
    name: view.figureName ?? '',
    title: view.title,
    notes: view.notes,
    chart,
    keepEmpty: view.keepEmpty,
    query: spec,
  };
}

export type MeasureChoice = 'records' | 'persons' | 'rate';
export const RATE_PER = 1000;

/** A rate counts records per residents; choosing counts again drops the rate. */
export function withMeasure<S extends Pick<ExploreView, 'measure' | 'rate'>>(
  state: S,
  choice: MeasureChoice,
  populations: readonly string[],
): S {
  if (choice !== 'rate') return { ...state, measure: choice, rate: null };
  const population = state.rate?.population ?? populations[0];
  return population === undefined ? state : { ...state, measure: 'records', rate: { per: RATE_PER, population } };
}

/** What kind of figure it is, in words: its chart and what it counts. */
export function figureKind(figure: FigureSpec): string {
  const q = figure.query;
  const counts = q.rate ? `rates per ${q.rate.per.toLocaleString('en-GB')} residents` : q.measure;
  return `${CHART_LABELS[figure.chart].toLowerCase()} of ${counts}`;
}
