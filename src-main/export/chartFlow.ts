// The flow chart as SVG, drawn from the flow model's unit-box layout: source nodes on the
// left with their labels before them, target nodes on the right with theirs after, and one
// band per published cell as wide as its count. A suppressed cell is a hatched band of the
// nominal width with [c] at its middle, never its value. Bands and marks carry data-category
// (the source) and data-series (the target) so the screen's chart can be compared with it.
import { FLOW_NOMINAL_NOTE, flowModel, flowNodeText } from '../../shared/chartFlow.ts';
import { MUTED } from './chartAxes.ts';
import type { PlotInput } from './chartCartesian.ts';
import { hatchPatternId } from './chartFrame.ts';
import { formatNumber } from './chartScale.ts';
import { el, num, rectEl, textEl } from './svgMarkup.ts';
import { measureText } from './textMetrics.ts';
import { MARKERS } from '../../shared/markers.ts';

/** The flow chart's own footnote: suppressed bands are drawn at a nominal width. */
export function flowFootnote(input: Pick<PlotInput, 'result' | 'labelOf'>, keepEmpty: boolean): string[] {
  return flowModel(input.result, { labelOf: input.labelOf, keepEmpty }).nominal ? [FLOW_NOMINAL_NOTE] : [];
}

export function flowPlot(input: PlotInput, keepEmpty: boolean): string {
  const { plot, text, idPrefix } = input;
  const model = flowModel(input.result, { labelOf: input.labelOf, keepEmpty });
  const nodeTexts = model.nodes.map((node) => flowNodeText(node, formatNumber));
  const widest = (side: 'source' | 'target'): number =>
    Math.max(0, ...model.nodes.map((node, i) => (node.side === side ? measureText(nodeTexts[i] ?? '', text) : 0)));
  // Labels stand outside the nodes: as much room as the longest needs, up to a third each side.
  const left = Math.min(plot.width / 3, widest('source') + 8);
  const right = Math.min(plot.width / 3, widest('target') + 8);
  const titleHeight = text.size * 1.6;
  const box = {
    x: plot.x + left,
    y: plot.y + titleHeight,
    width: Math.max(10, plot.width - left - right),
    height: Math.max(10, plot.height - titleHeight),
  };
  const px = (x: number): number => box.x + x * box.width;
  const py = (y: number): number => box.y + y * box.height;
  const parts: string[] = [];
  parts.push(textEl(plot.x, plot.y + text.size, model.sourceTitle, { ...text, bold: true }));
  parts.push(
    textEl(plot.x + plot.width, plot.y + text.size, model.targetTitle, { ...text, bold: true, anchor: 'end' }),
  );
  for (const link of model.links) {
    const source = model.nodes[link.source];
    const target = model.nodes[link.target];
    const d = `M${link.outline.map(([x, y]) => `${num(px(x))} ${num(py(y))}`).join('L')}Z`;
    const tags = { 'data-category': source?.label ?? '', 'data-series': target?.label ?? '' };
    if (link.value === null) {
      parts.push(
        el('path', { d, fill: `url(#${hatchPatternId(idPrefix)})`, stroke: '#8a94a3', 'stroke-width': 0.5, ...tags }),
      );
      parts.push(
        textEl(
          px(link.middle[0]),
          py(link.middle[1]) + text.size * 0.35,
          link.mark ?? MARKERS.confidential,
          { ...text, size: text.size * 0.85, fill: MUTED, anchor: 'middle' },
          { class: 'mark', ...tags },
        ),
      );
    } else {
      parts.push(el('path', { d, fill: link.colour, 'fill-opacity': 0.45, ...tags, 'data-value': String(link.value) }));
    }
  }
  model.nodes.forEach((node, i) => {
    parts.push(
      rectEl(px(node.x0), py(node.y0), px(node.x1) - px(node.x0), py(node.y1) - py(node.y0), {
        fill: node.colour,
        class: 'flow-node',
        'data-node': node.label,
      }),
    );
    const source = node.side === 'source';
    parts.push(
      textEl(
        source ? px(node.x0) - 4 : px(node.x1) + 4,
        (py(node.y0) + py(node.y1)) / 2 + text.size * 0.35,
        nodeTexts[i] ?? '',
        { ...text, anchor: source ? 'end' : 'start' },
        { class: 'node-label' },
      ),
    );
  });
  return el('g', { class: 'plot flow' }, parts.join(''));
}
