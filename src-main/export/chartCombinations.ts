// The combinations chart (UpSet-style) as SVG: bars of each combination's published count,
// largest first, over a matrix with one row per set and a dot where the combination holds
// it (dots of one combination joined by a line). A suppressed combination draws no bar and is
// marked [c]. Bars and marks carry data-category and data-series for the parity test.
import { combinationsModel, DOT_OFF_COLOUR } from '../../shared/chartCombinations.ts';
import { MARKERS } from '../../shared/markers.ts';
import { MUTED, verticalValueAxis } from './chartAxes.ts';
import type { PlotInput } from './chartCartesian.ts';
import { linearScale, niceTicks } from './chartScale.ts';
import { el, lineEl, rectEl, textEl } from './svgMarkup.ts';
import { lineHeight, measureText } from './textMetrics.ts';

export function combinationsPlot(input: PlotInput, keepEmpty: boolean): string {
  const { plot, text, valueLabel } = input;
  const model = combinationsModel(input.result, { keepEmpty });
  const n = Math.max(1, model.combinations.length);
  const setsWidth = Math.min(plot.width * 0.3, Math.max(40, ...model.sets.map((s) => measureText(s, text) + 12)));
  const rowHeight = Math.min(lineHeight(text.size) * 1.3, (plot.height * 0.45) / Math.max(1, model.sets.length));
  const matrixHeight = rowHeight * model.sets.length;
  const x0 = plot.x + setsWidth;
  const width = Math.max(10, plot.x + plot.width - x0);
  const band = width / n;
  const barsTop = plot.y + text.size;
  const barsBottom = plot.y + plot.height - matrixHeight - 8;
  const ticks = niceTicks(0, Math.max(1, ...model.combinations.map((c) => c.value ?? 0)));
  const y = linearScale(ticks, barsBottom, barsTop);
  const small = { ...text, size: text.size * 0.85 };
  const parts: string[] = [verticalValueAxis(ticks, y, x0, x0 + width, text)];
  parts.push(textEl(plot.x, barsTop - text.size * 0.2, valueLabel, { ...text, bold: true }));
  model.combinations.forEach((combination, i) => {
    const centre = x0 + (i + 0.5) * band;
    const tags = { 'data-category': combination.label, 'data-series': valueLabel };
    if (combination.value === null)
      parts.push(
        textEl(
          centre,
          barsBottom - 4,
          combination.mark ?? MARKERS.confidential,
          { ...small, fill: MUTED, anchor: 'middle' },
          {
            class: 'mark',
            ...tags,
          },
        ),
      );
    else
      parts.push(
        rectEl(centre - band * 0.35, y(combination.value), band * 0.7, barsBottom - y(combination.value), {
          fill: model.colour,
          ...tags,
          'data-value': String(combination.value),
        }),
      );
    const rows = combination.members.map((m) => barsBottom + 8 + (m + 0.5) * rowHeight);
    if (rows.length > 1) parts.push(lineEl(centre, Math.min(...rows), centre, Math.max(...rows), model.colour, 2));
    model.sets.forEach((set, s) => {
      const on = combination.members.includes(s);
      parts.push(
        el('circle', {
          cx: centre,
          cy: barsBottom + 8 + (s + 0.5) * rowHeight,
          r: Math.max(2, Math.min(band * 0.25, rowHeight * 0.3)),
          fill: on ? model.colour : DOT_OFF_COLOUR,
          class: on ? 'dot member' : 'dot',
          'data-combination': combination.label,
          'data-set': set,
        }),
      );
    });
  });
  model.sets.forEach((set, s) =>
    parts.push(
      textEl(
        x0 - 6,
        barsBottom + 8 + (s + 0.5) * rowHeight + text.size * 0.35,
        set,
        { ...text, anchor: 'end' },
        {
          class: 'set-label',
        },
      ),
    ),
  );
  return el('g', { class: 'plot combinations' }, parts.join(''));
}
