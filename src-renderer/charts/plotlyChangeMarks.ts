// The chart model's year-on-year change marks as Plotly annotations: ▲ or ▼ just past each
// marked value (above an upright bar or a line's point, right of a horizontal bar), past its
// error bar when it has one, so the mark never sits on the whisker. `name` says whose, as the
// [c] marks' do, for the parity test with the export.
import { changeMark } from '../../shared/chartChanges.ts';
import type { ChartModel } from '../../shared/chartModel.ts';

const MARK_COLOUR = '#1d2430';

/** One annotation per marked value; `offsetOf` is the series' offset within its category band. */
export function changeAnnotations(
  model: ChartModel,
  horizontal: boolean,
  offsetOf: (s: number) => number,
): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  model.series.forEach((series, s) => {
    series.changes?.forEach((change, i) => {
      const value = series.values[i] ?? null;
      if (change === null || value === null) return;
      const end = series.errors?.[i]?.upper ?? value;
      const at = i + offsetOf(s);
      out.push({
        text: changeMark(change),
        name: JSON.stringify({ series: series.name, category: model.categories[i]?.label ?? '', change }),
        showarrow: false,
        font: { size: 12, color: MARK_COLOUR },
        ...(horizontal
          ? { x: end, y: at, xanchor: 'left', xshift: 3 }
          : { x: at, y: end, yanchor: 'bottom', yshift: 3 }),
      });
    });
  });
  return out;
}
