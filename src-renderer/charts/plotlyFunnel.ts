// The funnel on screen: each step a horizontal bar centred on zero (a base of minus half its
// count), steps top to bottom, its count and rates as the bar's text; a suppressed step has
// no bar and a [c] where it would be. A table by a profile (one column field) draws a funnel
// for each column side by side, titled by it. The SVG export draws the same funnel models.
import { funnelModel, funnelPanels, funnelRateText, type FunnelPanel } from '../../shared/chartFunnel.ts';
import { formatChartValue, wrapLabel } from '../../shared/chartModel.ts';
import { MARKERS } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import type { PlotlyKit } from './plotlyKit.ts';
import { plotlyText } from './plotlyText.ts';

interface PanelTraces {
  trace: Record<string, unknown>;
  annotations: Array<Record<string, unknown>>;
  labels: string[];
  stepTitle: string;
}

function panelTraces(
  panel: FunnelPanel,
  name: string,
  options: { labelOf: (field: string) => string },
  kit: PlotlyKit,
  xaxis: string | null,
): PanelTraces {
  const model = funnelModel(panel.result, options);
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
          {
            ...kit.mark(
              s.mark ?? MARKERS.confidential,
              { series: plotlyText(name), category: plotlyText(s.label) },
              { x: 0, y: i },
            ),
            ...(xaxis ? { xref: xaxis } : {}),
          },
        ]
      : [],
  );
  return {
    trace: {
      type: 'bar',
      orientation: 'h',
      name: plotlyText(name),
      y: labels,
      x: values,
      base: values.map((v) => (v === null ? null : -v / 2)),
      marker: { color: model.colour },
      text: texts,
      textposition: 'outside',
      cliponaxis: false,
      hovertext: model.steps.map((s, i) => plotlyText(`${s.label}: `) + (texts[i] ?? '')),
      hoverinfo: 'text',
      customdata: model.steps.map((s) => ({ row: s.key, col: panel.key })),
      ...(xaxis ? { xaxis } : {}),
    },
    annotations,
    labels,
    stepTitle: model.stepTitle,
  };
}

export function funnelFigure(
  result: QueryResult,
  options: { labelOf: (field: string) => string; valueLabel: string },
  kit: PlotlyKit,
): { data: Array<Record<string, unknown>>; layout: Record<string, unknown> } {
  const panels = funnelPanels(result);
  const single = panels.length === 1 && panels[0]?.key.length === 0;
  const n = Math.max(1, panels.length);
  const drawn = panels.map((panel, p) =>
    panelTraces(
      panel,
      single ? options.valueLabel : panel.label,
      options,
      kit,
      single ? null : p === 0 ? 'x' : `x${p + 1}`,
    ),
  );
  // Each funnel's own x axis, side by side; the steps share one y axis.
  const axes = single
    ? { xaxis: { visible: false, zeroline: false } }
    : Object.fromEntries(
        panels.map((_panel, p) => [
          p === 0 ? 'xaxis' : `xaxis${p + 1}`,
          { visible: false, zeroline: false, domain: [p / n + 0.02, (p + 1) / n - 0.02] },
        ]),
      );
  const titles = single
    ? []
    : panels.map((panel, p) => ({
        text: plotlyText(panel.label),
        xref: 'paper',
        yref: 'paper',
        x: (p + 0.5) / n,
        y: 1.04,
        showarrow: false,
        font: { ...kit.font, size: kit.font.size + 1 },
      }));
  return {
    data: drawn.map((d) => d.trace),
    layout: {
      ...kit.layout,
      showlegend: false,
      annotations: [...titles, ...drawn.flatMap((d) => d.annotations)],
      margin: { l: 200, r: 20, t: 70, b: 40 },
      ...axes,
      yaxis: {
        title: { text: plotlyText(drawn[0]?.stepTitle ?? '') },
        type: 'category',
        categoryorder: 'array',
        categoryarray: drawn[0]?.labels ?? [],
        autorange: 'reversed',
        automargin: true,
      },
    },
  };
}
