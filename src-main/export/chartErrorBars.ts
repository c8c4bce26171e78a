// Error bars of the chart model as SVG: a whisker from a value's lower to its upper 95% limit,
// capped at both ends, dark so it reads over any bar colour. Each carries its series, category
// and limits, so what is drawn can be compared with the screen's chart.
import { plotsRates, type ChartModel, type ChartSeries, type ErrorBar } from '../../shared/chartModel.ts';
import { plotsPercents } from '../../shared/chartPercents.ts';
import { sharesPlotted } from '../../shared/chartShares.ts';
import type { ChartType } from '../../shared/figure.ts';
import { INTERVAL_NOTES } from '../../shared/intervals.ts';
import type { QueryResult } from '../../shared/query.ts';
import { el, num } from './svgMarkup.ts';

const WHISKER = '#1f2933';

export interface Whisker {
  series: string;
  category: string;
  bar: ErrorBar;
  /** Where the whisker stands across the value axis (a bar's centre). */
  at: number;
  /** Value to position along the value axis. */
  scale: (value: number) => number;
  orientation: 'vertical' | 'horizontal';
  /** Half the cap's width. */
  cap: number;
}

export function whiskerEl(w: Whisker): string {
  const from = num(w.scale(w.bar.lower));
  const to = num(w.scale(w.bar.upper));
  const [before, at, after] = [num(w.at - w.cap), num(w.at), num(w.at + w.cap)];
  const d =
    w.orientation === 'vertical'
      ? `M${before} ${from}H${after}M${at} ${from}V${to}M${before} ${to}H${after}`
      : `M${from} ${before}V${after}M${from} ${at}H${to}M${to} ${before}V${after}`;
  return el('path', {
    class: 'error-bar',
    d,
    fill: 'none',
    stroke: WHISKER,
    'stroke-width': 1.2,
    'data-series': w.series,
    'data-category': w.category,
    'data-lower': String(w.bar.lower),
    'data-upper': String(w.bar.upper),
  });
}

/** A series' error bar at a category, when it has one. */
export function errorOf(series: ChartSeries, i: number): ErrorBar | null {
  return series.errors?.[i] ?? null;
}

/** Every limit the model's error bars reach, so the value axis takes them in. */
export function errorExtent(model: ChartModel): number[] {
  return model.series.flatMap((s) => (s.errors ?? []).flatMap((e) => (e ? [e.lower, e.upper] : [])));
}

/** Parts of a whole carry no whiskers (a whisker on a stacked segment reads as the stack's). */
export const SHARES_INTERVAL_NOTE = `The 95% confidence intervals of these percentages are in the table, not on the chart. ${INTERVAL_NOTES.percents}`;

/** The footnote line a chart with error bars needs: what its whiskers are. */
export function errorBarNotes(result: QueryResult, chart: ChartType): string[] {
  if (plotsRates(result, chart) && result.intervals?.rates)
    return [`Error bars show 95% confidence intervals. ${INTERVAL_NOTES.rates}`];
  if (plotsPercents(result, chart) && result.intervals?.percents)
    return [`Error bars show 95% confidence intervals. ${INTERVAL_NOTES.percents}`];
  if (sharesPlotted(result, chart) && result.intervals?.percents) return [SHARES_INTERVAL_NOTE];
  return [];
}
