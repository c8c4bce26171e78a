// The flow chart on screen: the flow model's bands and nodes as filled Plotly shapes in the
// model's unit box (y turned upwards), so they stand where the SVG export draws them. A
// suppressed band is hatched at the nominal width, with [c] at its middle and in its hover.
import { flowLinkText, flowModel, flowNodeText } from '../../shared/chartFlow.ts';
import { formatChartValue } from '../../shared/chartModel.ts';
import { SUPPRESSED_COLOUR } from '../../shared/chartColours.ts';
import { MARKERS } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import type { PlotlyKit } from './plotlyKit.ts';
import { plotlyText } from './plotlyText.ts';

const count = (v: number): string => formatChartValue(v, false);

export function flowFigure(
  result: QueryResult,
  options: { labelOf: (field: string) => string; keepEmpty?: boolean },
  kit: PlotlyKit,
): { data: Array<Record<string, unknown>>; layout: Record<string, unknown> } {
  const model = flowModel(result, options);
  const data: Array<Record<string, unknown>> = [];
  const annotations: Array<Record<string, unknown>> = [];
  for (const link of model.links) {
    const source = model.nodes[link.source];
    const target = model.nodes[link.target];
    const hidden = link.value === null;
    data.push({
      type: 'scatter',
      mode: 'lines',
      x: link.outline.map(([x]) => x),
      y: link.outline.map(([, y]) => 1 - y),
      fill: 'toself',
      fillcolor: hidden ? SUPPRESSED_COLOUR : link.colour,
      ...(hidden ? { fillpattern: kit.hatch } : { opacity: 0.45 }),
      line: { width: hidden ? 0.5 : 0, color: '#8a94a3' },
      name: plotlyText(source?.label ?? ''),
      meta: { series: plotlyText(target?.label ?? ''), value: link.value },
      hoveron: 'fills',
      text: plotlyText(flowLinkText(model, link, count)),
      hoverinfo: 'text',
      showlegend: false,
      customdata: { row: source?.key ?? [], col: target?.key ?? [] },
    });
    if (hidden)
      annotations.push(
        kit.mark(
          link.mark ?? MARKERS.confidential,
          { series: plotlyText(target?.label ?? ''), category: plotlyText(source?.label ?? '') },
          { x: link.middle[0], y: 1 - link.middle[1] },
        ),
      );
  }
  for (const node of model.nodes) {
    const source = node.side === 'source';
    data.push({
      type: 'scatter',
      mode: 'lines',
      x: [node.x0, node.x1, node.x1, node.x0, node.x0],
      y: [1 - node.y0, 1 - node.y0, 1 - node.y1, 1 - node.y1, 1 - node.y0],
      fill: 'toself',
      fillcolor: node.colour,
      line: { width: 0 },
      name: plotlyText(node.label),
      meta: { node: true },
      hoveron: 'fills',
      text: plotlyText(flowNodeText(node, count)),
      hoverinfo: 'text',
      showlegend: false,
    });
    annotations.push({
      text: plotlyText(flowNodeText(node, count)),
      x: source ? node.x0 : node.x1,
      y: 1 - (node.y0 + node.y1) / 2,
      xanchor: source ? 'right' : 'left',
      xshift: source ? -4 : 4,
      showarrow: false,
      font: kit.font,
    });
  }
  for (const [text, x, anchor] of [
    [model.sourceTitle, 0, 'left'],
    [model.targetTitle, 1, 'right'],
  ] as const)
    annotations.push({
      text: `<b>${plotlyText(text)}</b>`,
      x,
      y: 1.04,
      xanchor: anchor,
      yanchor: 'bottom',
      showarrow: false,
      font: kit.font,
    });
  return {
    data,
    layout: {
      ...kit.layout,
      showlegend: false,
      annotations,
      // Room either side for the node labels, which stand outside the nodes.
      xaxis: { visible: false, range: [-0.45, 1.45], fixedrange: true },
      yaxis: { visible: false, range: [-0.02, 1.12], fixedrange: true },
    },
  };
}
