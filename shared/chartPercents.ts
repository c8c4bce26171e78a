// A percentage result (row, column or total percentages) as a chart plots it: its published
// percentages where a share reads as a length (grouped and horizontal bars, lines, the pyramid),
// with their Wilson 95% limits when the result carries intervals. Every number is the result's
// own, computed from the published count and the published denominator alone, so a bar or a
// whisker tells no more than the table does; a share of a hidden count, or of a hidden total, is
// not drawn and reads [c] ([z] for a share of an empty row or column).
import type { ChartType } from './figure.ts';
import { percentMarker, type Marker } from './markers.ts';
import type { QueryResult } from './query.ts';

/** Chart types whose lengths can stand for shares: nothing in them is added up across cells. */
const PERCENT_CHARTS = new Set<ChartType>(['bar', 'hbar', 'line', 'pyramid']);

export type PercentKind = 'row' | 'col' | 'total';

/** The kind of percentage a result carries; null without percentages. */
export function percentKindOf(result: Pick<QueryResult, 'percents' | 'spec'>): PercentKind | null {
  const kind = (result.spec as { percent?: string } | undefined)?.percent;
  return result.percents && (kind === 'row' || kind === 'col' || kind === 'total') ? kind : null;
}

/** Whether this chart of this result plots its percentages (a rate result plots its rates instead). */
export function plotsPercents(result: Pick<QueryResult, 'percents' | 'rates' | 'spec'>, chart: ChartType): boolean {
  return result.rates === undefined && percentKindOf(result) !== null && PERCENT_CHARTS.has(chart);
}

/** "% of District", "% of Sex", "% of all": what each percentage is a share of. */
export function percentTitleOf(
  result: Pick<QueryResult, 'percents' | 'spec' | 'rows' | 'cols'>,
  labelOf: (field: string) => string,
): string {
  const kind = percentKindOf(result);
  const fields = kind === 'row' ? result.rows.fields : kind === 'col' ? result.cols.fields : [];
  return fields.length === 0 ? '% of all' : `% of ${fields.map(labelOf).join(' · ')}`;
}

export interface PercentReader {
  value(r: number, c: number): number | null;
  mark(r: number, c: number, value: number | null): Marker | null;
  /** The Wilson limits of a drawn percentage; absent when the result has no intervals. */
  error?: (r: number, c: number) => { lower: number; upper: number } | null;
}

/** What a chart reads from a cell of a percentage result. */
export function percentReader(result: QueryResult): PercentReader {
  const kind = percentKindOf(result) ?? 'total';
  const bounds = result.intervals?.percents;
  const value = (r: number, c: number): number | null => result.percents?.[r]?.[c] ?? null;
  const reader: PercentReader = {
    value,
    mark: (r, c, v) => percentMarker(result, kind, r, c, v),
  };
  if (bounds) {
    reader.error = (r, c) => {
      const lower = bounds.lower[r]?.[c] ?? null;
      const upper = bounds.upper[r]?.[c] ?? null;
      // Only a drawn percentage has limits: never a whisker where the bar is [c].
      return value(r, c) === null || lower === null || upper === null ? null : { lower, upper };
    };
  }
  return reader;
}
