// The heatmap on screen: one Plotly heatmap trace of the published counts, each square in the
// shade the shared model gives it (a colour scale of the model's own levels), the count in it;
// a suppressed cell has no value (Plotly leaves a gap over the grey background) and a [c]
// annotation where it would be. The SVG export draws the same heatmap model.
import { HEATMAP_HIDDEN, HEATMAP_HIGH, HEATMAP_LOW, heatmapModel } from '../../shared/chartHeatmap.ts';
import { formatChartValue } from '../../shared/chartModel.ts';
import { MARKERS } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import type { PlotlyKit } from './plotlyKit.ts';
import { plotlyText } from './plotlyText.ts';

export function heatmapFigure(
  result: QueryResult,
  options: { labelOf: (field: string) => string; valueLabel: string },
  kit: PlotlyKit,
): { data: Array<Record<string, unknown>>; layout: Record<string, unknown> } {
  const model = heatmapModel(result, options);
  const rows = model.rows.map(plotlyText);
  const cols = model.cols.map(plotlyText);
  const annotations = model.cells.flatMap((line, r) =>
    line.flatMap((cell, c) => {
      const at = { x: cols[c], y: rows[r] };
      if (cell.value === null)
        return [kit.mark(cell.mark ?? MARKERS.confidential, { series: cols[c] ?? '', category: rows[r] ?? '' }, at)];
      return [
        {
          ...at,
          text: formatChartValue(cell.value, false),
          showarrow: false,
          font: { ...kit.font, color: cell.ink },
        },
      ];
    }),
  );
  return {
    data: [
      {
        type: 'heatmap',
        name: plotlyText(options.valueLabel),
        x: cols,
        y: rows,
        z: model.cells.map((line) => line.map((cell) => cell.level)),
        zmin: 0,
        zmax: 1,
        colorscale: [
          [0, HEATMAP_LOW],
          [1, HEATMAP_HIGH],
        ],
        showscale: false,
        xgap: 1,
        ygap: 1,
        hoverongaps: false,
        text: model.cells.map((line) =>
          line.map((cell) =>
            cell.value === null ? (cell.mark ?? MARKERS.confidential) : formatChartValue(cell.value, false),
          ),
        ),
        hovertemplate: '%{y} with %{x}: %{text}<extra></extra>',
        customdata: model.cells.map((line) => line.map((cell) => cell.value)),
      },
    ],
    layout: {
      ...kit.layout,
      showlegend: false,
      annotations,
      plot_bgcolor: HEATMAP_HIDDEN,
      margin: { l: 200, r: 20, t: 120, b: 40 },
      // Every need named on both axes: Plotly would skip category labels it finds crowded.
      xaxis: {
        side: 'top',
        tickangle: -45,
        tickmode: 'linear',
        dtick: 1,
        title: { text: plotlyText(model.colTitle) },
        automargin: true,
      },
      yaxis: {
        autorange: 'reversed',
        tickmode: 'linear',
        dtick: 1,
        title: { text: plotlyText(model.rowTitle) },
        automargin: true,
      },
    },
  };
}
