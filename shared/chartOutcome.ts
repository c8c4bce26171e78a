// The time-to-outcome chart of a result that carries quartiles (spec.timeToOutcome): per row
// category, one range per column category from the lower to the upper quartile with a dot at
// the median, in days. A cell whose quartiles are withheld draws nothing and is marked [c]; a
// cell with no records is [z]. Empty rows and columns (a published count of zero) are dropped
// unless the figure keeps them. Pure: shared by Plotly and the SVG renderer.
import { categoryColours } from './chartColours.ts';
import { keyLabel } from './chartModel.ts';
import { MARKERS, type Marker } from './markers.ts';
import type { OutcomeDays } from './outcomeDays.ts';
import type { QueryResult } from './query.ts';

export const OUTCOME_VALUE_TITLE = 'Days from offence to outcome';

export interface OutcomePoint {
  q1: number | null;
  median: number | null;
  q3: number | null;
  /** Records behind it as published (null: suppressed). */
  records: number | null;
  mark: Marker | null;
}

export interface OutcomeSeries {
  key: string[];
  name: string;
  colour: string;
  /** One per category. */
  points: OutcomePoint[];
}

export interface OutcomeModel {
  categoryTitle: string;
  categories: Array<{ key: string[]; label: string }>;
  series: OutcomeSeries[];
  /** The largest upper quartile drawn (0 when none). */
  largest: number;
}

/** The chart needs the quartiles of a time-to-outcome query (and its shape: one field a side). */
export function outcomeShapeProblem(
  result: Pick<QueryResult, 'rows' | 'cols'> & Partial<Pick<QueryResult, 'outcomes'>>,
): string | null {
  if (result.outcomes === undefined) return 'needs a time-to-outcome table (Time to outcome, in Explore)';
  return result.rows.fields.length <= 1 && result.cols.fields.length <= 1
    ? null
    : 'needs one row field and one column field at most';
}

function pointOf(days: OutcomeDays | undefined, records: number | null): OutcomePoint {
  const shown = days !== undefined && days.median !== null && !days.suppressed;
  const mark = shown ? null : days?.suppressed || records === null ? MARKERS.confidential : MARKERS.notApplicable;
  return {
    q1: shown ? days.q1 : null,
    median: shown ? days.median : null,
    q3: shown ? days.q3 : null,
    records,
    mark,
  };
}

const kept = (totals: ReadonlyArray<number | null>, count: number, keepEmpty: boolean): number[] =>
  Array.from({ length: count }, (_v, i) => i).filter((i) => keepEmpty || totals[i] !== 0);

export function outcomeModel(
  result: QueryResult,
  options: { labelOf: (field: string) => string; keepEmpty?: boolean },
): OutcomeModel {
  const outcomes = result.outcomes;
  const keepEmpty = options.keepEmpty === true;
  const single = result.cols.fields.length === 0;
  const rows = kept(result.rowTotals, result.rows.keys.length, keepEmpty);
  const cols = single ? [0] : kept(result.colTotals, result.cols.keys.length, keepEmpty);
  const names = cols.map((c) => (single ? 'All' : keyLabel(result.cols.keys[c] ?? [])));
  const colours = single ? ['#0072B2'] : categoryColours(names);
  const series = cols.map((c, s) => ({
    key: single ? [] : [...(result.cols.keys[c] ?? [])],
    name: names[s] ?? '',
    colour: colours[s] ?? '#0072B2',
    points: rows.map((r) => pointOf(outcomes?.cells[r]?.[c], result.counts[r]?.[c] ?? null)),
  }));
  const largest = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.q3 ?? 0)));
  return {
    categoryTitle: result.rows.fields.map(options.labelOf).join(' · '),
    categories: rows.map((r) => ({
      key: [...(result.rows.keys[r] ?? [])],
      label: keyLabel(result.rows.keys[r] ?? []),
    })),
    series,
    largest,
  };
}

const days = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** A point as printed beside it or on hover: "median 12 days (quartiles 5 to 30)", or its marker. */
export function outcomePointText(point: OutcomePoint): string {
  if (point.median === null || point.q1 === null || point.q3 === null) return point.mark ?? MARKERS.confidential;
  return `median ${days.format(point.median)} days (quartiles ${days.format(point.q1)} to ${days.format(point.q3)})`;
}

/** The chart's own footnote lines: what the ranges are, and the markers it shows. */
export function outcomeFootnote(model: OutcomeModel): string[] {
  const marks = new Set(model.series.flatMap((s) => s.points.map((p) => p.mark)));
  return [
    'Dot: median days from offence to outcome; line: lower to upper quartile (R type 7, Excel QUARTILE.INC).',
    ...(marks.has(MARKERS.notApplicable) ? ['[z] not applicable: no records with an outcome date.'] : []),
  ];
}
