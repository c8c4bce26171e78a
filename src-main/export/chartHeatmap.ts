// The heatmap as SVG: row labels on the left, column labels slanted above, one square per
// cell shaded by its published count with the count in it; a suppressed cell is a grey square
// marked [c]. Squares and marks carry data-category, data-series and (published) data-value
// so the screen's chart can be compared with it. Small multiples are drawn side by side, one
// heatmap per panel category under its name (data-panel on its squares), row labels once.
import { heatmapPanels, type HeatmapModel } from '../../shared/chartHeatmap.ts';
import { MARKERS } from '../../shared/markers.ts';
import { MUTED } from './chartAxes.ts';
import type { PlotInput } from './chartCartesian.ts';
import { formatNumber } from './chartScale.ts';
import { el, rectEl, textEl } from './svgMarkup.ts';
import { measureText } from './textMetrics.ts';

export function heatmapPlot(input: PlotInput): string {
  const { plot, text } = input;
  const panels = heatmapPanels(input.result, { labelOf: input.labelOf });
  const first = panels[0]!.model;
  const small = { ...text, size: text.size * 0.85 };
  const labelWidth = Math.min(plot.width * 0.3, Math.max(40, ...first.rows.map((r) => measureText(r, small) + 10)));
  // Column labels are slanted at 45 degrees: their height is their width over the square root of two.
  const headHeight = Math.min(
    plot.height * 0.35,
    Math.max(text.size * 2, ...first.cols.map((c) => measureText(c, small) / Math.SQRT2 + text.size)),
  );
  const panelTitle = panels.length > 1 ? text.size * 1.4 : 0;
  const gap = panels.length > 1 ? text.size : 0;
  const width = Math.max(10, (plot.width - labelWidth - headHeight - gap * (panels.length - 1)) / panels.length);
  const height = Math.max(10, plot.height - headHeight - text.size * 1.6 - panelTitle);
  const side = Math.min(width / Math.max(1, first.cols.length), height / Math.max(1, first.rows.length));
  const y0 = plot.y + text.size * 1.6 + panelTitle + headHeight;
  const title = `${first.rowTitle} by ${first.colTitle.toLowerCase()}`;
  const by = panels.length > 1 ? `, by ${input.labelOf(input.result.cols.fields[0] ?? '').toLowerCase()}` : '';
  const parts: string[] = [textEl(plot.x, plot.y + text.size, `${title}${by}`, { ...text, bold: true })];
  panels.forEach((panel, p) => {
    const x0 = plot.x + labelWidth + p * (side * first.cols.length + gap);
    if (panels.length > 1)
      parts.push(
        el(
          'g',
          { class: 'panel-title', 'data-panel': panel.title },
          textEl(x0, plot.y + text.size * 1.6 + text.size, panel.title, { ...small, bold: true }),
        ),
      );
    parts.push(
      panelSquares(panel.model, panels.length > 1 ? panel.title : null, { x0, y0, side, small, rowLabels: p === 0 }),
    );
  });
  return el('g', { class: 'plot heatmap' }, parts.join(''));
}

function panelSquares(
  model: HeatmapModel,
  panel: string | null,
  at: { x0: number; y0: number; side: number; small: PlotInput['text']; rowLabels: boolean },
): string {
  const { x0, y0, side, small } = at;
  const parts: string[] = [];
  const inPanel = panel === null ? {} : { 'data-panel': panel };
  model.cols.forEach((col, c) => {
    const x = x0 + (c + 0.5) * side;
    const y = y0 - 6;
    parts.push(
      el(
        'g',
        { class: 'column-label', 'data-series': col, transform: `rotate(-45 ${x.toFixed(2)} ${y.toFixed(2)})` },
        textEl(x, y, col, small),
      ),
    );
  });
  model.rows.forEach((row, r) => {
    const y = y0 + r * side;
    if (at.rowLabels)
      parts.push(
        el(
          'g',
          { class: 'category-label', 'data-category': row },
          textEl(x0 - 6, y + side / 2 + small.size * 0.35, row, { ...small, anchor: 'end' }),
        ),
      );
    model.cols.forEach((col, c) => {
      const cell = model.cells[r]![c]!;
      const x = x0 + c * side;
      const tags = { 'data-category': row, 'data-series': col, ...inPanel };
      const shown = cell.value === null ? (cell.mark ?? MARKERS.confidential) : formatNumber(cell.value);
      parts.push(
        rectEl(x, y, side, side, {
          fill: cell.fill,
          stroke: '#ffffff',
          'stroke-width': 1,
          ...tags,
          ...(cell.value === null ? {} : { 'data-value': String(cell.value) }),
        }),
      );
      const ink = cell.value === null ? MUTED : cell.ink;
      const size = Math.min(small.size, (side * 0.9) / Math.max(1, shown.length * 0.6));
      parts.push(
        textEl(
          x + side / 2,
          y + side / 2 + size * 0.35,
          shown,
          { ...small, size, fill: ink, anchor: 'middle' },
          cell.value === null ? { class: 'mark', ...tags } : {},
        ),
      );
    });
  });
  return parts.join('');
}
