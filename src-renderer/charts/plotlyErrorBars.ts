// The chart model's error bars as Plotly draws them: each value's distance to its lower and
// upper 95% limit, on the value axis (y for upright bars and lines, x for horizontal bars and
// the pyramid, whose male side is drawn leftwards, so its distances swap sides).
import type { ChartSeries } from '../../shared/chartModel.ts';

const WHISKER = '#1f2933';

/** The trace's error_y or error_x, or nothing when the series has no error bars. */
export function plotlyErrorBars(series: ChartSeries, axis: 'x' | 'y', mirrored = false): Record<string, unknown> {
  const errors = series.errors;
  if (!errors) return {};
  const above = series.values.map((v, i) => {
    const e = errors[i];
    return v === null || !e ? null : e.upper - v;
  });
  const below = series.values.map((v, i) => {
    const e = errors[i];
    return v === null || !e ? null : v - e.lower;
  });
  const bars = {
    type: 'data',
    symmetric: false,
    array: mirrored ? below : above,
    arrayminus: mirrored ? above : below,
    color: WHISKER,
    thickness: 1.2,
    width: 4,
    visible: true,
  };
  return { [`error_${axis}`]: bars };
}
