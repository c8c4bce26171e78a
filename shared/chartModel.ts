// One chart model for every renderer: from a protected query result and a figure's settings,
// what a chart shows — its categories in order, its series with one colour per category,
// values with the reason a missing one is missing ([c] suppressed, [z] a share of nothing),
// and the words around it. Plotly draws it on screen and the SVG renderer draws it in files,
// so the two cannot disagree. A rate result (per 1,000 residents against a population table)
// plots its rates where a rate reads as a length: grouped, horizontal, line and pyramid. Stacks
// and donuts add their parts up, and rates of parts do not add up to the rate of the whole, so
// those keep counts. A percentage result plots its percentages in the same charts, each with its
// Wilson limits when intervals are asked for (shared/chartPercents.ts); stacks and donuts of row or
// column percentages plot the published shares of each whole (shared/chartShares.ts). Pure: no
// DOM, no fonts, no Node.
import { changeReader, type MarkedChange } from './chartChanges.ts';
import { categoryColours, SUPPRESSED_COLOUR } from './chartColours.ts';
import { percentReader, percentTitleOf, plotsPercents } from './chartPercents.ts';
import { donutShares, shareStack, sharesPlotted, type ShareSeries } from './chartShares.ts';
import { COHORT_LABELS, type ChartType } from './figure.ts';
import { MARKERS, rateMarker, type Marker } from './markers.ts';
import type { QueryResult } from './query.ts';

export interface ChartSettings {
  chart: ChartType;
  title?: string;
  /** Printed under the title; a figure's internal notes are never passed here. */
  subtitle?: string;
  footnote?: readonly string[];
  labelOf: (field: string) => string;
  /** The axis title for counts: "Records" or "Persons" from the result when absent; a rate names its own. */
  valueLabel?: string;
  /** Keep categories and series whose published total is zero (dropped by default). */
  keepEmpty?: boolean;
}

export interface ChartCategory {
  key: string[];
  label: string;
  /** The category's own colour (a donut's slice); series colours are the series'. */
  colour: string;
}

/** A series: its values and markers (as a stack's shares have them), with error bars and changes. */
export interface ChartSeries extends ShareSeries {
  /** Error bars: each value's 95% confidence limits, null where it has none; absent when none is asked for. */
  errors?: Array<ErrorBar | null>;
  /** ▲ or ▼: each value's change from the previous year where more than noise; absent without intervals by year. */
  changes?: Array<MarkedChange | null>;
}

/** A value's lower and upper confidence limits, in the value's own units. */
export interface ErrorBar {
  lower: number;
  upper: number;
}

export interface ChartModel {
  chart: ChartType;
  title: string;
  subtitle: string;
  footnote: string[];
  categoryTitle: string;
  valueTitle: string;
  /** Values are percentages: of each category's total (100% stacked), or the result's own. */
  percent: boolean;
  /** Values are rates (per 1,000 residents, say), printed to one decimal. */
  rate: boolean;
  categories: ChartCategory[];
  series: ChartSeries[];
  /** A donut's ring: the published total (null when suppressed) and the share no slice shows. */
  total: number | null;
  /** Categories are the result's columns and series its rows (a stack of column percentages). */
  transposed?: boolean;
}

export function keyLabel(key: readonly string[]): string {
  return key.length === 0 ? 'All' : key.join(' · ');
}

export function valueLabelOf(result: Pick<QueryResult, 'meta'>): string {
  return result.meta.measure === 'persons' ? 'Persons' : 'Records';
}

const CARTESIAN = new Set<ChartType>(['bar', 'stacked', 'stacked100', 'hbar', 'line', 'table']);
/** Chart types whose lengths can stand for rates: nothing in them is added up. */
const RATE_CHARTS = new Set<ChartType>(['bar', 'hbar', 'line', 'pyramid']);

/** Whether this chart of this result plots rates rather than counts. */
export function plotsRates(result: Pick<QueryResult, 'rates'>, chart: ChartType): boolean {
  return result.rates !== undefined && RATE_CHARTS.has(chart);
}

/**
 * "Victims per 1,000 residents": the rate's axis title, from the result and the spec it answers.
 * A context dataset is named by the analyst elsewhere, so its rate is of records.
 */
export function rateTitleOf(result: Pick<QueryResult, 'meta' | 'spec'>): string {
  const per = (result.spec as { rate?: { per?: number } } | undefined)?.rate?.per ?? 1000;
  const counted = COHORT_LABELS[result.meta.cohort] ?? 'Records';
  return `${counted} per ${per.toLocaleString('en-GB')} residents`;
}

/** What a chart reads from a cell: its published count, or its rate; and why it is missing. */
interface CellReader {
  value(r: number, c: number): number | null;
  mark(r: number, c: number, value: number | null): Marker | null;
  /** The value's limits, when the result carries them for what is plotted. */
  error?: (r: number, c: number) => ErrorBar | null;
  /** The value's marked change from the previous year, when the result carries changes of what is plotted. */
  change?: (r: number, c: number) => MarkedChange | null;
}

/** The limits of a plotted rate: only shown values have them. */
function rateError(result: QueryResult): CellReader['error'] {
  const bounds = result.intervals?.rates;
  if (!bounds) return undefined;
  return (r, c) => {
    const lower = bounds.lower[r]?.[c] ?? null;
    const upper = bounds.upper[r]?.[c] ?? null;
    return lower === null || upper === null ? null : { lower, upper };
  };
}

function cellReader(result: QueryResult, base: Pick<ChartModel, 'rate' | 'percent'>): CellReader {
  if (base.percent) return percentReader(result);
  if (base.rate) {
    const error = rateError(result);
    return {
      value: (r, c) => result.rates?.[r]?.[c] ?? null,
      mark: (r, c, value) => rateMarker(result, r, c, value),
      ...(error ? { error } : {}),
    };
  }
  return {
    value: (r, c) => result.counts[r]?.[c] ?? null,
    mark: (_r, _c, value) => (value === null ? MARKERS.confidential : null),
  };
}

function mark(value: number | null): Marker | null {
  return value === null ? MARKERS.confidential : null;
}

function categoriesOf(keys: ReadonlyArray<readonly string[]>, indexes: readonly number[]): ChartCategory[] {
  const labels = indexes.map((i) => keyLabel(keys[i] ?? []));
  const colours = categoryColours(labels);
  return indexes.map((i, k) => ({
    key: [...(keys[i] ?? [])],
    label: labels[k] ?? '',
    colour: colours[k] ?? '#0072B2',
  }));
}

/** Indexes of the rows (or columns) to draw: those with a published total of zero are dropped. */
function keptIndexes(totals: ReadonlyArray<number | null>, count: number, keepEmpty: boolean): number[] {
  const all = Array.from({ length: count }, (_v, i) => i);
  return keepEmpty ? all : all.filter((i) => totals[i] !== 0);
}

function seriesFrom(
  result: QueryResult,
  rows: readonly number[],
  cols: readonly number[],
  valueLabel: string,
  reader: CellReader,
): ChartSeries[] {
  const single = result.cols.fields.length === 0;
  const names = cols.map((c) => (single ? valueLabel : keyLabel(result.cols.keys[c] ?? [])));
  const colours = single ? ['#0072B2'] : categoryColours(names);
  return cols.map((c, s) => {
    const values = rows.map((r) => reader.value(r, c));
    const error = reader.error;
    const change = reader.change;
    return {
      key: single ? [] : [...(result.cols.keys[c] ?? [])],
      name: names[s] ?? '',
      colour: colours[s] ?? '#0072B2',
      values,
      marks: rows.map((r, i) => reader.mark(r, c, values[i] ?? null)),
      ...(error ? { errors: rows.map((r) => error(r, c)) } : {}),
      ...(change ? { changes: rows.map((r, i) => (values[i] === null ? null : change(r, c))) } : {}),
    };
  });
}

/**
 * 100% stacks: each published cell as a share of its category's published total, and what the
 * suppressed cells hold together (the total less the published cells, known to any reader of
 * the table) as one more share marked [c], so every bar reaches 100%. A category whose total is
 * suppressed too shows no shares at all ([c]); an empty one is [z].
 */
function percentSeries(result: QueryResult, rows: readonly number[], series: ChartSeries[]): ChartSeries[] {
  const hidden: Array<number | null> = [];
  const hiddenMarks: Array<Marker | null> = [];
  const shares = series.map((s) => ({ ...s, values: [...s.values], marks: [...s.marks] }));
  rows.forEach((r, i) => {
    const published = series.map((s) => s.values[i] ?? null);
    const anyHidden = published.some((v) => v === null);
    const total = result.rowTotals[r] ?? (anyHidden ? null : published.reduce<number>((a, v) => a + (v ?? 0), 0));
    shares.forEach((s, k) => {
      const v = published[k] ?? null;
      s.values[i] = v === null || total === null || total === 0 ? null : (100 * v) / total;
      s.marks[i] = s.values[i] !== null ? null : total === 0 ? MARKERS.notApplicable : MARKERS.confidential;
    });
    const shown = shares.reduce((a, s) => a + (s.values[i] ?? 0), 0);
    hidden.push(anyHidden && total !== null && total > 0 ? Math.max(0, 100 - shown) : null);
    hiddenMarks.push(anyHidden ? MARKERS.confidential : null);
  });
  if (!hiddenMarks.some((m) => m !== null)) return shares;
  return [
    ...shares,
    {
      key: [],
      name: `${MARKERS.confidential} suppressed`,
      colour: SUPPRESSED_COLOUR,
      values: hidden,
      marks: hiddenMarks,
      suppressedShare: true,
    },
  ];
}

function cartesianModel(result: QueryResult, settings: ChartSettings, base: ChartModel): ChartModel {
  const keep = settings.keepEmpty === true;
  const rows = keptIndexes(result.rowTotals, result.rows.keys.length, keep);
  const single = result.cols.fields.length === 0;
  const cols = single ? [0] : keptIndexes(result.colTotals, result.cols.keys.length, keep);
  const shares = sharesPlotted(result, settings.chart);
  if (shares) {
    const stack = shareStack(result, shares, { rows, cols }, base.valueTitle);
    return {
      ...base,
      categoryTitle: stack.categoryFields.map(settings.labelOf).join(' · '),
      valueTitle: percentTitleOf(result, settings.labelOf),
      percent: true,
      categories: stack.categories,
      series: stack.series,
      ...(shares === 'col' ? { transposed: true } : {}),
    };
  }
  const change = changeReader(result, settings.chart, base);
  const reader = { ...cellReader(result, base), ...(change ? { change } : {}) };
  const series = seriesFrom(result, rows, cols, base.valueTitle, reader);
  const stacked100 = settings.chart === 'stacked100';
  return {
    ...base,
    categoryTitle: result.rows.fields.map(settings.labelOf).join(' · '),
    valueTitle: stacked100 ? `% of ${settings.labelOf(result.rows.fields[0] ?? '')}` : base.valueTitle,
    percent: stacked100 || base.percent,
    categories: categoriesOf(result.rows.keys, rows),
    series: stacked100 ? percentSeries(result, rows, series) : series,
  };
}

/** Age bands upwards as categories; Male and Female the two series (other sexes are not drawn). */
function pyramidModel(result: QueryResult, settings: ChartSettings, base: ChartModel): ChartModel {
  const ageOnRows = result.rows.fields[0] === 'age_band';
  const ageKeys = ageOnRows ? result.rows.keys : result.cols.keys;
  const sexKeys = ageOnRows ? result.cols.keys : result.rows.keys;
  const ageTotals = ageOnRows ? result.rowTotals : result.colTotals;
  const ages = keptIndexes(ageTotals, ageKeys.length, settings.keepEmpty === true);
  const reader = cellReader(result, base);
  const at = (a: number, s: number): [number, number] => (ageOnRows ? [a, s] : [s, a]);
  const sexes = (['Male', 'Female'] as const).filter((sex) => sexKeys.some((k) => keyLabel(k) === sex));
  const colours = categoryColours(sexes);
  return {
    ...base,
    categoryTitle: settings.labelOf('age_band'),
    categories: categoriesOf(ageKeys, ages),
    series: sexes.map((sex, k) => {
      const s = sexKeys.findIndex((key) => keyLabel(key) === sex);
      const values = ages.map((a) => reader.value(...at(a, s)));
      const marks = ages.map((a, i) => reader.mark(...at(a, s), values[i] ?? null));
      const error = reader.error;
      const errors = error ? { errors: ages.map((a) => error(...at(a, s))) } : {};
      return { key: [sex], name: sex, colour: colours[k] ?? '#000000', values, marks, ...errors };
    }),
  };
}

/** One slice per row (its only column, or its row total), coloured by its category. */
function donutModel(result: QueryResult, settings: ChartSettings, base: ChartModel): ChartModel {
  const totals = result.cols.fields.length === 0 ? result.counts.map((row) => row[0] ?? null) : result.rowTotals;
  const rows = keptIndexes(totals, result.rows.keys.length, settings.keepEmpty === true);
  const categories = categoriesOf(result.rows.keys, rows);
  const counts = rows.map((r) => totals[r] ?? null);
  const shares = sharesPlotted(result, 'donut');
  const values = shares ? donutShares(result, shares, counts, rows) : counts;
  return {
    ...base,
    // A donut of shares is of the published total: its ring is 100%, or none when the total is hidden.
    ...(shares ? { percent: true, valueTitle: '% of all', total: result.total === null ? null : 100 } : {}),
    categoryTitle: result.rows.fields.map(settings.labelOf).join(' · '),
    categories,
    // One series whose slices each take their category's colour.
    series: [{ key: [], name: base.valueTitle, colour: '#0072B2', values, marks: values.map(mark) }],
  };
}

export function chartModel(result: QueryResult, settings: ChartSettings): ChartModel {
  const rate = plotsRates(result, settings.chart);
  const percent = plotsPercents(result, settings.chart);
  // A rate names its own axis; counts of a rate result are records, whatever the caller's label for its rates.
  const valueTitle = rate
    ? rateTitleOf(result)
    : percent
      ? percentTitleOf(result, settings.labelOf)
      : result.rates
        ? valueLabelOf(result)
        : (settings.valueLabel ?? valueLabelOf(result));
  const base: ChartModel = {
    chart: settings.chart,
    title: settings.title ?? '',
    subtitle: settings.subtitle ?? '',
    footnote: [...(settings.footnote ?? [])],
    categoryTitle: '',
    valueTitle,
    percent,
    rate,
    categories: [],
    series: [],
    total: result.total,
  };
  if (settings.chart === 'pyramid') return pyramidModel(result, settings, base);
  if (settings.chart === 'donut') return donutModel(result, settings, base);
  if (CARTESIAN.has(settings.chart)) return cartesianModel(result, settings, base);
  return { ...base, categoryTitle: result.rows.fields.map(settings.labelOf).join(' · ') };
}

/** Greedy word wrap by characters (screen labels); a word longer than a line is split, never cut. */
export function wrapLabel(label: string, maxChars: number): string[] {
  const width = Math.max(4, maxChars);
  const lines: string[] = [];
  let current = '';
  for (const word of label.split(/\s+/).filter((w) => w !== '')) {
    const pieces: string[] = [];
    for (let i = 0; i < word.length; i += width) pieces.push(word.slice(i, i + width));
    for (const piece of pieces) {
      if (current === '') current = piece;
      else if (current.length + 1 + piece.length <= width) current = `${current} ${piece}`;
      else {
        lines.push(current);
        current = piece;
      }
    }
  }
  lines.push(current);
  return lines;
}

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** A value as printed beside its bar: counts as 1,234, percentages and rates to one decimal. */
export function formatChartValue(value: number, percent: boolean, rate = false): string {
  if (percent) return `${oneDecimal.format(value)}%`;
  if (rate) return oneDecimal.format(value);
  return Number.isInteger(value) ? integer.format(value) : oneDecimal.format(value);
}

/** A value of this model as printed (hover text, labels). */
export function formatModelValue(model: Pick<ChartModel, 'percent' | 'rate'>, value: number): string {
  return formatChartValue(value, model.percent, model.rate);
}
