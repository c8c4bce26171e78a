// The age by sex pyramid as SVG: age bands upwards, males to the left and females to the right
// on one symmetric scale; a suppressed band draws no bar and reads [c] beside the centre line.
import type { ChartModel } from '../../shared/chartModel.ts';
import { MARKERS } from '../../shared/markers.ts';
import { MUTED, horizontalValueAxis } from './chartAxes.ts';
import type { PlotInput } from './chartCartesian.ts';
import type { LegendEntry } from './chartFrame.ts';
import { linearScale, niceTicks, formatTick } from './chartScale.ts';
import { errorExtent, errorOf, whiskerEl } from './chartErrorBars.ts';
import { el, rectEl, textEl, lineEl } from './svgMarkup.ts';
import { lineHeight, measureText } from './textMetrics.ts';

/** Male and Female in their own colours (the same as in every other chart). */
export function pyramidLegend(model: ChartModel): LegendEntry[] {
  return model.series.map((s) => ({ label: s.name, fill: s.colour }));
}

export function pyramidPlot(input: PlotInput): string {
  const { plot, text, model } = input;
  const ages = model.categories.map((c) => c.label);
  const known = [...model.series.flatMap((s) => s.values), ...errorExtent(model)].filter(
    (v): v is number => v !== null,
  );
  const ticks = niceTicks(0, Math.max(0, ...known), Math.max(2, Math.min(4, Math.floor(plot.width / 160))));
  const labelWidth = Math.max(...ages.map((a) => measureText(a, text)), 10) + 10;
  const left = plot.x + labelWidth;
  const right = plot.x + plot.width - 6;
  const centre = (left + right) / 2;
  const half = (right - left) / 2;
  const bottom = plot.y + plot.height - 2 * lineHeight(text.size) - 4;
  const n = Math.max(1, ages.length);
  const band = (bottom - plot.y) / n;
  const toRight = linearScale(ticks, centre, centre + half);
  const toLeft = linearScale(ticks, centre, centre - half);
  const fmt = (v: number): string => formatTick(Math.abs(v), ticks.step) + (model.percent ? '%' : '');
  const parts = [
    horizontalValueAxis(ticks, toRight, plot.y, bottom, text, fmt),
    horizontalValueAxis({ ...ticks, values: ticks.values.filter((v) => v > 0) }, toLeft, plot.y, bottom, text, fmt),
    textEl(centre, plot.y + plot.height - text.size * 0.3, input.valueLabel, {
      ...text,
      fill: MUTED,
      anchor: 'middle',
    }),
  ];
  // Age bands upwards: the first (youngest) band at the bottom.
  ages.forEach((age, a) => {
    const y = bottom - band * (a + 1);
    parts.push(
      el(
        'g',
        { class: 'category-label', 'data-category': age },
        textEl(left - 6, y + band / 2 + text.size * 0.35, age, { ...text, anchor: 'end' }),
      ),
    );
    for (const side of model.series) {
      const v = side.values[a] ?? null;
      const male = side.name === 'Male';
      const toX = male ? toLeft : toRight;
      const where = { 'data-series': side.name, 'data-category': age };
      if (v === null) {
        const x = male ? centre - 4 : centre + 4;
        parts.push(
          textEl(
            x,
            y + band / 2 + text.size * 0.3,
            side.marks[a] ?? MARKERS.confidential,
            { ...text, size: text.size * 0.85, fill: MUTED, anchor: male ? 'end' : 'start' },
            { class: 'mark', ...where },
          ),
        );
        continue;
      }
      const x = toX(v);
      parts.push(
        rectEl(Math.min(x, centre), y + band * 0.08, Math.abs(x - centre), band * 0.84, {
          fill: side.colour,
          ...where,
          'data-value': String(v),
        }),
      );
      const bar = errorOf(side, a);
      const at = y + band / 2;
      const cap = Math.min(6, band * 0.2);
      if (bar)
        parts.push(
          whiskerEl({ series: side.name, category: age, bar, at, scale: toX, orientation: 'horizontal', cap }),
        );
    }
  });
  parts.push(lineEl(centre, plot.y, centre, bottom, '#5b6472'));
  return el('g', { class: 'plot pyramid' }, parts.join(''));
}
