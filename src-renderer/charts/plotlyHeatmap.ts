// The heatmap on screen: one Plotly heatmap trace of the published counts, each square in the
// shade the shared model gives it (a colour scale of the model's own levels), the count in it;
// a suppressed cell has no value (Plotly leaves a gap over the grey background) and a [c]
// annotation where it would be. Small multiples are one trace per panel on x axes of their
// own side by side, sharing the rows, each panel's name above it. The SVG export draws the same
// heatmap models.
import {
  HEATMAP_HIDDEN,
  HEATMAP_HIGH,
  HEATMAP_LOW,
  heatmapPanels,
  type HeatmapModel,
} from '../../shared/chartHeatmap.ts';
import { formatChartValue } from '../../shared/chartModel.ts';
import { MARKERS } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import type { PlotlyKit } from './plotlyKit.ts';
import { plotlyText } from './plotlyText.ts';

/** The x axis of panel `p`: Plotly names them x, x2, x3… */
const axisName = (p: number): string => (p === 0 ? 'x' : `x${p + 1}`);
const layoutKey = (p: number): string => (p === 0 ? 'xaxis' : `xaxis${p + 1}`);

function panelTrace(model: HeatmapModel, p: number, valueLabel: string, title: string): Record<string, unknown> {
  const rows = model.rows.map(plotlyText);
  const cols = model.cols.map(plotlyText);
  const where = title === '' ? '' : `${plotlyText(title)}: `;
  return {
    type: 'heatmap',
    name: plotlyText(title === '' ? valueLabel : title),
    x: cols,
    y: rows,
    xaxis: axisName(p),
    yaxis: 'y',
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
    hovertemplate: `${where}%{y} with %{x}: %{text}<extra></extra>`,
    customdata: model.cells.map((line) => line.map((cell) => cell.value)),
  };
}

function panelAnnotations(model: HeatmapModel, p: number, kit: PlotlyKit): Array<Record<string, unknown>> {
  const rows = model.rows.map(plotlyText);
  const cols = model.cols.map(plotlyText);
  return model.cells.flatMap((line, r) =>
    line.flatMap((cell, c) => {
      const at = { x: cols[c], y: rows[r], xref: axisName(p), yref: 'y' };
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
}

export function heatmapFigure(
  result: QueryResult,
  options: { labelOf: (field: string) => string; valueLabel: string },
  kit: PlotlyKit,
): { data: Array<Record<string, unknown>>; layout: Record<string, unknown> } {
  const panels = heatmapPanels(result, options);
  const first = panels[0]!.model;
  const gap = panels.length > 1 ? 0.02 : 0;
  const xAxes = Object.fromEntries(
    panels.map((panel, p) => [
      layoutKey(p),
      {
        side: 'top',
        tickangle: -45,
        tickmode: 'linear',
        dtick: 1,
        // Every need named on both axes: Plotly would skip category labels it finds crowded.
        title: { text: plotlyText(first.colTitle) },
        automargin: true,
        anchor: 'y',
        domain: [
          p / panels.length + (p === 0 ? 0 : gap),
          (p + 1) / panels.length - (p === panels.length - 1 ? 0 : gap),
        ],
      },
    ]),
  );
  // The panels' names below them: above, the slanted need names take the room.
  const titles =
    panels.length > 1
      ? panels.map((panel, p) => ({
          text: `<b>${plotlyText(panel.title)}</b>`,
          xref: 'paper',
          yref: 'paper',
          x: (p + 0.5) / panels.length,
          y: 0,
          yanchor: 'top',
          yshift: -8,
          showarrow: false,
          font: { ...kit.font, size: kit.font.size + 2 },
        }))
      : [];
  return {
    data: panels.map((panel, p) => panelTrace(panel.model, p, options.valueLabel, panel.title)),
    layout: {
      ...kit.layout,
      showlegend: false,
      annotations: [...panels.flatMap((panel, p) => panelAnnotations(panel.model, p, kit)), ...titles],
      plot_bgcolor: HEATMAP_HIDDEN,
      margin: { l: 200, r: 20, t: 120, b: panels.length > 1 ? 60 : 40 },
      // Side by side, the squares need the height the panels' widths take from them.
      ...(panels.length > 1 ? { height: 520 + 40 * panels.length } : {}),
      ...xAxes,
      yaxis: {
        autorange: 'reversed',
        tickmode: 'linear',
        dtick: 1,
        title: { text: plotlyText(first.rowTitle) },
        automargin: true,
      },
    },
  };
}
