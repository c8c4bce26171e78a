// A saved figure is a spec, not a picture: the query, the chart type and the words around
// it, so it redraws on next year's data. Also the footnote every chart and table carries.
import { z } from 'zod';
import { journeyWindowNote } from './journeys.ts';
import { COOCCURRENCE_NOTE, NEEDS_DATASET } from './needsCooccurrence.ts';
import { DEFAULT_WINDOW_DAYS, WINDOWED_FIELDS } from './codebook.ts';
import { QuerySpecSchema, assertNever, type Filter, type QuerySpec, type DisclosureReport } from './query.ts';

export const CHART_TYPES = [
  'bar',
  'stacked',
  'stacked100',
  'hbar',
  'line',
  'pyramid',
  'donut',
  'map',
  'table',
  'flow',
  'funnel',
  'combinations',
  'outcome',
  'heatmap',
] as const;
export type ChartType = (typeof CHART_TYPES)[number];

export const CHART_LABELS: Readonly<Record<ChartType, string>> = {
  bar: 'Grouped bar',
  stacked: 'Stacked bar',
  stacked100: '100% stacked bar',
  hbar: 'Horizontal bar',
  line: 'Line (trend)',
  pyramid: 'Age by sex pyramid',
  donut: 'Donut',
  map: 'District map',
  table: 'Table only',
  flow: 'Flow (rows into columns)',
  funnel: 'Funnel (steps in order)',
  combinations: 'Combinations (sets)',
  outcome: 'Time to outcome (median, quartiles)',
  heatmap: 'Heatmap (needs together)',
};

export const FigureSpecSchema = z
  .object({
    name: z.string().min(1).max(120),
    title: z.string().max(300).default(''),
    notes: z.string().max(2000).default(''),
    chart: z.enum(CHART_TYPES).default('bar'),
    /** Draw categories and series whose published total is zero (dropped unless asked). */
    keepEmpty: z.boolean().default(false),
    query: QuerySpecSchema,
  })
  .strict();
export type FigureSpec = z.output<typeof FigureSpecSchema>;

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const SAFE_PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
] as const;

export const COHORT_LABELS: Readonly<Record<string, string>> = {
  victims: 'Victims',
  suspects: 'Suspects',
  offenders: 'Offenders',
  overlap: 'Victim–offender overlap',
  journeys: 'Journeys across cohorts',
  needs: 'Offender needs together',
};

export function datasetLabel(name: string): string {
  return COHORT_LABELS[name] ?? (name.startsWith('context:') ? name.slice('context:'.length).replace(/_/g, ' ') : name);
}

type LabelOf = (field: string) => string;

export function describeFilter(filter: Filter, labelOf: LabelOf): string {
  const label = labelOf(filter.field);
  switch (filter.kind) {
    case 'in':
      return `${label}: ${filter.in.join(', ')}`;
    case 'notIn':
      return `${label}: not ${filter.notIn.join(', ')}`;
    case 'equals':
      return `${label}: ${filter.equals ? 'Yes' : 'No'}`;
    case 'dateRange':
      return `${label} ${filter.from ?? '…'} to ${filter.to ?? '…'}`;
    case 'numberRange':
      return `${label} ${filter.min ?? '…'} to ${filter.max ?? '…'}`;
    default:
      return assertNever(filter);
  }
}

/** The period a spec covers, from its date filter, or "all dates". */
export function describePeriod(spec: Pick<QuerySpec, 'filters'>): string {
  let range: Extract<Filter, { kind: 'dateRange' }> | undefined;
  let years: Extract<Filter, { kind: 'in' }> | undefined;
  for (const f of spec.filters) {
    if (f.kind === 'dateRange' && f.field === 'date') range ??= f;
    if (f.kind === 'in' && f.field === 'financial_year') years ??= f;
  }
  if (years !== undefined) return `Financial year ${years.in.join(', ')}`;
  if (range !== undefined) return `${range.from ?? 'start'} to ${range.to ?? 'latest'}`;
  return 'All dates in the workspace';
}

/** Footnote lines: cohort and measure, period, filters, disclosure rule, source. */
export function footnoteLines(
  spec: QuerySpec,
  labelOf: LabelOf,
  disclosure: DisclosureReport | null,
  options: { source?: string; synthetic?: boolean; notes?: readonly string[] } = {},
): string[] {
  const counted = spec.measure === 'persons' ? 'distinct persons' : 'records';
  // A rate says what it is taken over, so a reader can find the denominator.
  const measure = spec.rate
    ? `${counted} per ${spec.rate.per.toLocaleString('en-GB')} residents (population table “${spec.rate.population}”)`
    : counted;
  const filters = spec.filters.filter((f) => !(f.field === 'date' || f.field === 'financial_year'));
  const lines = [
    `${datasetLabel(spec.cohort)}, ${measure}. Period: ${describePeriod(spec)}.`,
    filters.length > 0 ? `Filters: ${filters.map((f) => describeFilter(f, labelOf)).join('; ')}.` : 'Filters: none.',
    disclosure === null ? 'Disclosure control: OFF (raw counts, not for publication).' : disclosure.footnote,
  ];
  const merged = Object.entries(spec.groups ?? {}).flatMap(([field, groups]) =>
    groups.map((g) => `${labelOf(field)} “${g.label}” = ${g.members.join(', ')}`),
  );
  if (merged.length > 0) lines.push(`Merged categories: ${merged.join('; ')}.`);
  if (spec.cohort === 'journeys') lines.push(journeyWindowNote(spec));
  // Which earlier output lost a hidden count is the analyst's to know, never the reader's.
  if (spec.cohort === NEEDS_DATASET) lines.push(COOCCURRENCE_NOTE);
  // The same repeat fields over another window are other counts: the reader needs the window.
  if ([...spec.rows, ...spec.cols, ...spec.filters.map((f) => f.field)].some((f) => WINDOWED_FIELDS.includes(f))) {
    const days = spec.window?.days ?? DEFAULT_WINDOW_DAYS;
    lines.push(`Repeat victimisation counted within a rolling window of ${days.toLocaleString('en-GB')} days.`);
  }
  lines.push(...(options.notes ?? []));
  if (options.source) lines.push(`Source: ${options.source}.`);
  if (options.synthetic) lines.push('SYNTHETIC DATA: generated records, not real people.');
  return lines;
}
