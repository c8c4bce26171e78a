// The chart model's year-on-year change marks as SVG: ▲ or ▼ just past a marked value (above an
// upright bar or a line's point, right of a horizontal bar), past its whisker when it has one.
// Each carries its series, category and direction, so what is drawn can be compared with the
// screen's chart; the footnote line says what the marks mean.
import { changeMark, changeReader, type MarkedChange } from '../../shared/chartChanges.ts';
import { plotsPercents } from '../../shared/chartPercents.ts';
import type { ChartSeries } from '../../shared/chartModel.ts';
import type { ChartType } from '../../shared/figure.ts';
import type { QueryResult } from '../../shared/query.ts';
import type { AxisText } from './chartAxes.ts';
import { textEl } from './svgMarkup.ts';

const MARK_COLOUR = '#1d2430';

/** Where a series' value at a category ends along the value axis: its upper limit, else the value. */
export function valueEnd(series: ChartSeries, i: number): number | null {
  const value = series.values[i] ?? null;
  return value === null ? null : (series.errors?.[i]?.upper ?? value);
}

export interface ChangeMarkAt {
  series: string;
  category: string;
  change: MarkedChange;
  /** The mark's anchor point: centred above (vertical charts) or left-aligned beside (horizontal). */
  x: number;
  y: number;
  orientation: 'vertical' | 'horizontal';
}

export function changeMarkEl(mark: ChangeMarkAt, text: AxisText): string {
  const size = text.size * 0.9;
  const vertical = mark.orientation === 'vertical';
  return textEl(
    vertical ? mark.x : mark.x + 3,
    vertical ? mark.y - 4 : mark.y + size * 0.35,
    changeMark(mark.change),
    { ...text, size, fill: MARK_COLOUR, anchor: vertical ? 'middle' : 'start' },
    { class: 'change-mark', 'data-series': mark.series, 'data-category': mark.category, 'data-change': mark.change },
  );
}

/** The footnote line of a chart that marks changes: what ▲ and ▼ mean and how they were tested. */
export function changeMarkNotes(result: QueryResult, chart: ChartType): string[] {
  const marks = changeReader(result, chart, { percent: plotsPercents(result, chart) });
  return marks && result.changes ? [result.changes.note] : [];
}
