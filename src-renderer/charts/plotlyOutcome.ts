// The time-to-outcome chart on screen: per series a row of dots at the medians with error bars
// out to the quartiles (asymmetric), categories top to bottom; a withheld cell has no dot and a
// [c] ([z]: no records) where it would be. The SVG export draws the same outcome model.
import { outcomeModel, outcomePointText, OUTCOME_VALUE_TITLE } from '../../shared/chartOutcome.ts';
import { MARKERS } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import type { PlotlyKit } from './plotlyKit.ts';
import { plotlyLabel, plotlyText } from './plotlyText.ts';

export function outcomeFigure(
  result: QueryResult,
  options: { labelOf: (field: string) => string; keepEmpty?: boolean },
  kit: PlotlyKit,
): { data: Array<Record<string, unknown>>; layout: Record<string, unknown> } {
  const model = outcomeModel(result, options);
  const labels = model.categories.map((c) => plotlyLabel(c.label, 28));
  const data = model.series.map((series) => ({
    type: 'scatter',
    mode: 'markers',
    name: plotlyText(series.name),
    y: labels,
    x: series.points.map((p) => p.median),
    marker: { color: series.colour, size: 9, line: { color: '#ffffff', width: 1 } },
    error_x: {
      type: 'data',
      symmetric: false,
      array: series.points.map((p) => (p.median === null || p.q3 === null ? null : p.q3 - p.median)),
      arrayminus: series.points.map((p) => (p.median === null || p.q1 === null ? null : p.median - p.q1)),
      color: series.colour,
      thickness: 2,
      width: 5,
    },
    hovertext: series.points.map((p, i) =>
      plotlyText(`${model.categories[i]?.label ?? ''} · ${series.name}: ${outcomePointText(p)}`),
    ),
    hoverinfo: 'text',
    customdata: model.categories.map((c) => ({ row: c.key, col: series.key })),
  }));
  const annotations = model.series.flatMap((series) =>
    series.points.flatMap((p, i) =>
      p.median === null
        ? [
            kit.mark(
              p.mark ?? MARKERS.confidential,
              { series: plotlyText(series.name), category: plotlyText(model.categories[i]?.label ?? '') },
              { x: 0, y: labels[i], xanchor: 'left' },
            ),
          ]
        : [],
    ),
  );
  return {
    data,
    layout: {
      ...kit.layout,
      showlegend: model.series.length > 1,
      annotations,
      margin: { l: 200, r: 20, t: 70, b: 50 },
      xaxis: { title: { text: OUTCOME_VALUE_TITLE }, rangemode: 'tozero', zeroline: true },
      yaxis: {
        title: { text: plotlyText(model.categoryTitle) },
        type: 'category',
        categoryorder: 'array',
        categoryarray: labels,
        autorange: 'reversed',
        automargin: true,
      },
    },
  };
}
