// Year-on-year change marks as a chart shows them: ▲ or ▼ over a value whose change from the
// previous year is more than noise, the same marks as the table's. A mark goes only where the
// chart plots what was compared: counts (or rates, whose population has no year, so a rate
// moves exactly as its count does), or the percentages whose change was tested.
import type { ChartType } from './figure.ts';
import { CHANGE_MARKS, type YearChange } from './intervals.ts';
import type { QueryResult } from './query.ts';

/** A change more than noise: the only ones a chart marks. */
export type MarkedChange = Exclude<YearChange, 'same'>;

const CHANGE_CHARTS = new Set<ChartType>(['bar', 'hbar', 'line']);

/** The cell's marked change, or null; undefined when this chart shows no change marks. */
export function changeReader(
  result: Pick<QueryResult, 'changes'>,
  chart: ChartType,
  plotted: { percent: boolean },
): ((r: number, c: number) => MarkedChange | null) | undefined {
  const changes = result.changes;
  if (!changes || !CHANGE_CHARTS.has(chart)) return undefined;
  if ((changes.of === 'percents') !== plotted.percent) return undefined;
  return (r, c) => {
    const flag = changes.flags[r]?.[c] ?? null;
    return flag === 'up' || flag === 'down' ? flag : null;
  };
}

/** ▲ or ▼. */
export function changeMark(change: MarkedChange): string {
  return CHANGE_MARKS[change];
}

/** Words for a change mark (hover text, accessible names). */
export const CHANGE_WORDS: Readonly<Record<MarkedChange, string>> = {
  up: 'up from the previous year, more than noise',
  down: 'down from the previous year, more than noise',
};
