// The donut as SVG: one slice per row (its only column or its row total). A suppressed slice
// is left out of the ring and its legend entry reads [c]; shares are of the published total. A
// donut of percentages draws the published shares on a ring of 100%.
import type { ChartModel } from '../../shared/chartModel.ts';
import { SUPPRESSED_COLOUR } from '../../shared/chartColours.ts';
import { MARKERS } from '../../shared/markers.ts';
import type { PlotInput } from './chartCartesian.ts';
import { type LegendEntry, hatchPatternId } from './chartFrame.ts';
import { formatNumber, formatPercent } from './chartScale.ts';
import { el, num, textEl } from './svgMarkup.ts';

export function donutLegend(model: ChartModel): LegendEntry[] {
  const values = model.series[0]?.values ?? [];
  const entries: LegendEntry[] = model.categories.map((category, i) => {
    const v = values[i] ?? null;
    return {
      label: `${category.label}: ${v === null ? MARKERS.confidential : model.percent ? formatPercent(v) : formatNumber(v)}`,
      fill: category.colour,
      hatched: false,
    };
  });
  if (values.some((v) => v === null))
    entries.push({ label: `${MARKERS.confidential} suppressed`, fill: SUPPRESSED_COLOUR, hatched: true });
  return entries;
}

function arcPath(cx: number, cy: number, outer: number, inner: number, start: number, end: number): string {
  const point = (r: number, a: number): string => `${num(cx + r * Math.sin(a))} ${num(cy - r * Math.cos(a))}`;
  const large = end - start > Math.PI ? 1 : 0;
  return `M${point(outer, start)}A${num(outer)} ${num(outer)} 0 ${large} 1 ${point(outer, end)}L${point(inner, end)}A${num(inner)} ${num(inner)} 0 ${large} 0 ${point(inner, start)}Z`;
}

export function donutPlot(input: PlotInput): string {
  const { plot, text, model, idPrefix } = input;
  const values = model.series[0]?.values ?? [];
  const result = { total: model.total };
  const shown = values.reduce<number>((sum, v) => sum + Math.max(0, v ?? 0), 0);
  // With a published total the ring is the total, and what the suppressed slices hold together
  // (already known from the total and the published slices) is one hatched arc; else the ring is
  // the published slices.
  const whole = result.total !== null && result.total >= shown ? result.total : shown;
  const cx = plot.x + plot.width / 2;
  const cy = plot.y + plot.height / 2;
  const outer = Math.max(10, Math.min(plot.width, plot.height) / 2 - 4);
  const inner = outer * 0.55;
  const parts: string[] = [];
  let angle = 0;
  values.forEach((v, i) => {
    if (v === null || v <= 0 || whole <= 0) return;
    const sweep = (v / whole) * Math.PI * 2;
    const end = angle + Math.min(sweep, Math.PI * 2 - 1e-4);
    parts.push(
      el('path', {
        d: arcPath(cx, cy, outer, inner, angle, end),
        fill: model.categories[i]?.colour ?? '#000000',
        stroke: '#ffffff',
        'stroke-width': 1.5,
        'data-category': model.categories[i]?.label ?? '',
        'data-value': String(v),
      }),
    );
    const total = result.total;
    if (total !== null && total > 0 && sweep > 0.35) {
      const mid = (angle + end) / 2;
      const r = (outer + inner) / 2;
      parts.push(
        textEl(cx + r * Math.sin(mid), cy - r * Math.cos(mid) + text.size * 0.35, formatPercent((100 * v) / total), {
          ...text,
          fill: '#ffffff',
          bold: true,
          anchor: 'middle',
        }),
      );
    }
    angle = end;
  });
  if (whole > shown && angle < Math.PI * 2 - 1e-3) {
    parts.push(
      el('path', {
        d: arcPath(cx, cy, outer, inner, angle, Math.PI * 2 - 1e-4),
        fill: `url(#${hatchPatternId(idPrefix)})`,
        stroke: '#ffffff',
        'stroke-width': 1.5,
      }),
    );
  }
  // A donut of shares has no count to print in its middle: its ring is 100%.
  if (result.total !== null && !model.percent) {
    parts.push(
      textEl(cx, cy + text.size * 0.4, formatNumber(result.total), {
        ...text,
        size: text.size * 1.4,
        bold: true,
        anchor: 'middle',
      }),
    );
    parts.push(textEl(cx, cy + text.size * 1.8, input.valueLabel, { ...text, fill: '#5b6472', anchor: 'middle' }));
  }
  return el('g', { class: 'plot donut' }, parts.join(''));
}
