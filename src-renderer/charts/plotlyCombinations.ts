// The combinations chart on screen (UpSet-style): the bars of the combinations model on top,
// largest first, and below them a dot matrix (one row per set, a filled dot where the
// combination holds the set, joined by a line); a suppressed bar is a [c]. The SVG export
// draws the same model.
import { combinationsModel, DOT_OFF_COLOUR } from '../../shared/chartCombinations.ts';
import { formatChartValue } from '../../shared/chartModel.ts';
import { MARKERS } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import type { PlotlyKit } from './plotlyKit.ts';
import { plotlyText } from './plotlyText.ts';

export function combinationsFigure(
  result: QueryResult,
  options: { valueLabel: string; keepEmpty?: boolean },
  kit: PlotlyKit,
): { data: Array<Record<string, unknown>>; layout: Record<string, unknown> } {
  const model = combinationsModel(result, options);
  const labels = model.combinations.map((c) => plotlyText(c.label));
  const sets = model.sets.map(plotlyText);
  const dots = model.combinations.flatMap((c, i) =>
    model.sets.map((_s, s) => ({ x: labels[i], y: sets[s], on: c.members.includes(s) })),
  );
  const lines = model.combinations.map((c, i) => ({
    type: 'scatter',
    mode: 'lines',
    x: c.members.map(() => labels[i]),
    y: c.members.map((m) => sets[m]),
    line: { color: model.colour, width: 2 },
    hoverinfo: 'skip',
    showlegend: false,
    xaxis: 'x',
    yaxis: 'y2',
  }));
  const annotations = model.combinations.flatMap((c, i) =>
    c.value === null
      ? [
          kit.mark(
            c.mark ?? MARKERS.confidential,
            { series: plotlyText(options.valueLabel), category: plotlyText(c.label) },
            { x: i, y: 0, yanchor: 'bottom', yshift: 2 },
          ),
        ]
      : [],
  );
  return {
    data: [
      {
        type: 'bar',
        name: plotlyText(options.valueLabel),
        x: labels,
        y: model.combinations.map((c) => c.value),
        marker: { color: model.colour },
        hovertext: model.combinations.map((c) =>
          plotlyText(
            `${c.label}: ${c.value === null ? (c.mark ?? MARKERS.confidential) : formatChartValue(c.value, false)}`,
          ),
        ),
        hoverinfo: 'text',
        textposition: 'none',
        customdata: model.combinations.map((c) => ({ row: c.key, col: [] })),
        xaxis: 'x',
        yaxis: 'y',
      },
      ...lines,
      {
        type: 'scatter',
        mode: 'markers',
        name: 'sets',
        x: dots.map((d) => d.x),
        y: dots.map((d) => d.y),
        marker: { size: 11, color: dots.map((d) => (d.on ? model.colour : DOT_OFF_COLOUR)) },
        hoverinfo: 'skip',
        showlegend: false,
        xaxis: 'x',
        yaxis: 'y2',
      },
    ],
    layout: {
      ...kit.layout,
      showlegend: false,
      annotations,
      xaxis: { type: 'category', categoryorder: 'array', categoryarray: labels, showticklabels: false, anchor: 'y2' },
      yaxis: {
        domain: [0.42, 1],
        title: { text: plotlyText(options.valueLabel) },
        rangemode: 'tozero',
        gridcolor: '#e6e9ee',
      },
      yaxis2: {
        domain: [0, 0.36],
        type: 'category',
        categoryorder: 'array',
        categoryarray: [...sets].reverse(),
        // Every set named: Plotly would skip category labels it finds crowded, leaving dots unnamed.
        tickmode: 'linear',
        dtick: 1,
        automargin: true,
        showgrid: false,
        zeroline: false,
      },
    },
  };
}
