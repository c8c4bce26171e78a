// Stacks and donuts of a percentage result: the chart adds its parts up, so it plots the shares
// of one whole. A stack of row percentages stacks each row's shares; of column percentages, each
// column's (the table turned, so every bar is one whole); a donut's slices are each row's share
// of the published total. Every value is the result's published percentage (a slice's share
// is its published count over the published total), so the chart tells no more than the table;
// a share of a hidden count reads [c], and what the hidden shares hold together (the whole less
// the shown shares, known to any reader of the table) is one more hatched share. A stacked
// segment carries no whisker: its limits are in the table.
import { categoryColours, SUPPRESSED_COLOUR } from './chartColours.ts';
import { percentKindOf } from './chartPercents.ts';
import type { ChartType } from './figure.ts';
import { MARKERS, percentMarker, type Marker } from './markers.ts';
import type { QueryResult } from './query.ts';

const STACKS = new Set<ChartType>(['stacked', 'stacked100']);

/** The percentages a stack or donut of this result plots; null when it plots counts. */
export function sharesPlotted(
  result: Pick<QueryResult, 'percents' | 'rates' | 'spec'>,
  chart: ChartType,
): 'row' | 'col' | null {
  const kind = percentKindOf(result);
  if (result.rates !== undefined || (kind !== 'row' && kind !== 'col')) return null;
  return STACKS.has(chart) || chart === 'donut' ? kind : null;
}

function keyLabel(key: readonly string[]): string {
  return key.length === 0 ? 'All' : key.join(' · ');
}

/** A stack's part, and the base of every chart series: its values, or why each is missing. */
export interface ShareSeries {
  key: string[];
  name: string;
  colour: string;
  /** One per category; null where not shown, with the reason in `marks`. */
  values: Array<number | null>;
  marks: Array<Marker | null>;
  /** The share hidden by suppression in a 100% stack: drawn hatched, marked [c]. */
  suppressedShare?: boolean;
}

export interface ShareStack {
  /** Along the category axis: rows for row percentages, columns for column percentages. */
  categories: Array<{ key: string[]; label: string; colour: string }>;
  series: ShareSeries[];
  /** The fields the categories are of (the axis title). */
  categoryFields: string[];
}

/**
 * Each whole (a row, or a column when the shares are of columns) as one stack of its published
 * shares. `keep` lists the row and column indexes to draw, as the counts' chart would.
 */
export function shareStack(
  result: QueryResult,
  kind: 'row' | 'col',
  keep: { rows: readonly number[]; cols: readonly number[] },
  valueTitle: string,
): ShareStack {
  const byCol = kind === 'col';
  const wholes = byCol ? keep.cols : keep.rows;
  const parts = byCol ? keep.rows : keep.cols;
  const wholeKeys = byCol ? result.cols.keys : result.rows.keys;
  const partKeys = byCol ? result.rows.keys : result.cols.keys;
  const at = (whole: number, part: number): [number, number] => (byCol ? [part, whole] : [whole, part]);
  const single = (byCol ? result.rows.fields : result.cols.fields).length === 0;
  const labels = wholes.map((w) => keyLabel(wholeKeys[w] ?? []));
  const wholeColours = categoryColours(labels);
  const names = parts.map((p) => (single ? valueTitle : keyLabel(partKeys[p] ?? [])));
  const colours = single ? ['#0072B2'] : categoryColours(names);
  const series: ShareSeries[] = parts.map((p, s) => {
    const values = wholes.map((w) => result.percents?.[at(w, p)[0]]?.[at(w, p)[1]] ?? null);
    return {
      key: single ? [] : [...(partKeys[p] ?? [])],
      name: names[s] ?? '',
      colour: colours[s] ?? '#0072B2',
      values,
      marks: wholes.map((w, i) => percentMarker(result, kind, ...at(w, p), values[i] ?? null)),
    };
  });
  const hidden: Array<number | null> = [];
  const hiddenMarks: Array<Marker | null> = [];
  wholes.forEach((w, i) => {
    const denominator = byCol ? result.colTotals[w] : result.rowTotals[w];
    const anyHidden = series.some((s) => s.values[i] === null && s.marks[i] === MARKERS.confidential);
    const shown = series.reduce((a, s) => a + (s.values[i] ?? 0), 0);
    const whole = denominator !== null && denominator !== undefined && denominator > 0;
    hidden.push(anyHidden && whole ? Math.max(0, 100 - shown) : null);
    hiddenMarks.push(anyHidden ? MARKERS.confidential : null);
  });
  const withHidden = hiddenMarks.some((m) => m !== null)
    ? [
        ...series,
        {
          key: [],
          name: `${MARKERS.confidential} suppressed`,
          colour: SUPPRESSED_COLOUR,
          values: hidden,
          marks: hiddenMarks,
          suppressedShare: true,
        },
      ]
    : series;
  return {
    categories: wholes.map((w, k) => ({
      key: [...(wholeKeys[w] ?? [])],
      label: labels[k] ?? '',
      colour: wholeColours[k] ?? '#0072B2',
    })),
    series: withHidden,
    categoryFields: byCol ? result.cols.fields : result.rows.fields,
  };
}

/**
 * A donut's slices as shares of the whole: with one column of column percentages, the published
 * percentages themselves; otherwise each slice's published count over the published total (so
 * [c] where either is hidden).
 */
export function donutShares(
  result: QueryResult,
  kind: 'row' | 'col',
  slices: ReadonlyArray<number | null>,
  rows: readonly number[],
): Array<number | null> {
  const total = result.total;
  if (kind === 'col' && result.cols.fields.length === 0) return rows.map((r) => result.percents?.[r]?.[0] ?? null);
  return slices.map((v) => (v === null || total === null || total <= 0 ? null : (100 * v) / total));
}
