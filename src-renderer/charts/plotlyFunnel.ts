// The funnel on screen: each step a horizontal bar centred on zero (a base of minus half its
// count), steps top to bottom, its count and rates as the bar's text; a suppressed step has
// no bar and a [c] where it would be. The SVG export draws the same funnel model.
import { funnelModel, funnelRateText } from '../../shared/chartFunnel.ts';
import { formatChartValue, wrapLabel } from '../../shared/chartModel.ts';
import { MARKERS } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import type { PlotlyKit } from './plotlyKit.ts';
import { plotlyText } from './plotlyText.ts';

export function funnelFigure(
  result: QueryResult,
  options: { labelOf: (field: string) => string; valueLabel: string },
  kit: PlotlyKit,
): { data: Array<Record<string, unknown>>; layout: Record<string, unknown> } {
  const model = funnelModel(result, options);
  const labels = model.steps.map((s) => wrapLabel(s.label, 28).map(plotlyText).join('<br>'));
  const values = model.steps.map((s) => s.value);
  const texts = model.steps.map((s, i) => {
    const rates = funnelRateText(s, i, model);
    const shown = s.value === null ? (s.mark ?? MARKERS.confidential) : formatChartValue(s.value, false);
    return plotlyText(rates === '' ? shown : `${shown} · ${rates}`);
  });
  const annotations = model.steps.flatMap((s, i) =>
    s.value === null
      ? [
          kit.mark(
            s.mark ?? MARKERS.confidential,
            { series: plotlyText(options.valueLabel), category: plotlyText(s.label) },
            { x: 0, y: i },
          ),
        ]
      : [],
  );
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        name: plotlyText(options.valueLabel),
        y: labels,
        x: values,
        base: values.map((v) => (v === null ? null : -v / 2)),
        marker: { color: model.colour },
        text: texts,
        textposition: 'outside',
        cliponaxis: false,
        hovertext: model.steps.map((s, i) => plotlyText(`${s.label}: `) + (texts[i] ?? '')),
        hoverinfo: 'text',
        customdata: model.steps.map((s) => ({ row: s.key, col: [] })),
      },
    ],
    layout: {
      ...kit.layout,
      showlegend: false,
      annotations,
      margin: { l: 200, r: 20, t: 70, b: 40 },
      xaxis: { visible: false, zeroline: false },
      yaxis: {
        title: { text: plotlyText(model.stepTitle) },
        type: 'category',
        categoryorder: 'array',
        categoryarray: labels,
        autorange: 'reversed',
        automargin: true,
      },
    },
  };
}
