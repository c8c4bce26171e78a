// Bar, stacked, 100% stacked, horizontal bar and line charts as SVG. A suppressed value draws
// no bar (or breaks the line) and is marked [c] where its bar would be: a gap, never a zero.
import type { QueryResult } from '../../shared/query.ts';
import { SUPPRESSED_MARKER } from '../disclosure/footnote.ts';
import {
  type AxisText,
  MUTED,
  categoryAxis,
  horizontalValueAxis,
  planCategoryLabels,
  tickLabelWidth,
  verticalAxisTitle,
  verticalValueAxis,
} from './chartAxes.ts';
import { categorySeries, type CategorySeries } from './chartData.ts';
import type { Rect } from './chartFrame.ts';
import { linearScale, niceTicks, formatPercent } from './chartScale.ts';
import { el, rectEl, textEl, num } from './svgMarkup.ts';
import { lineHeight, measureText, wrapText } from './textMetrics.ts';

export type CartesianChart = 'bar' | 'stacked' | 'stacked100' | 'hbar' | 'line';

export interface PlotInput {
  result: QueryResult;
  plot: Rect;
  text: AxisText;
  palette: readonly string[];
  labelOf: (field: string) => string;
  valueLabel: string;
}

function seriesOf(input: PlotInput, chart: CartesianChart): CategorySeries {
  return categorySeries(input.result, input.valueLabel, chart === 'stacked100');
}

/** Legend entries of a cartesian chart: one per series when there is more than one. */
export function cartesianLegend(
  result: QueryResult,
  valueLabel: string,
  palette: readonly string[],
): Array<{ label: string; fill: string }> {
  const { series } = categorySeries(result, valueLabel);
  return series.length > 1
    ? series.map((s, i) => ({ label: s.name, fill: palette[i % palette.length] ?? '#000000' }))
    : [];
}

function valueRange(data: CategorySeries, chart: CartesianChart): [number, number] {
  if (chart === 'stacked100') return [0, 100];
  if (chart === 'stacked') {
    const sums = data.categories.map((_c, i) => data.series.reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0));
    return [0, Math.max(0, ...sums)];
  }
  const known = data.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  return [Math.min(0, ...known), Math.max(0, ...known)];
}

function marker(x: number, y: number, text: AxisText, fill = MUTED, label: string = SUPPRESSED_MARKER): string {
  return textEl(x, y, label, { ...text, size: text.size * 0.85, fill, anchor: 'middle' });
}

function verticalChart(input: PlotInput, chart: Exclude<CartesianChart, 'hbar'>): string {
  const data = seriesOf(input, chart);
  const { plot, text } = input;
  const [lo, hi] = valueRange(data, chart);
  const ticks = niceTicks(lo, hi, Math.max(2, Math.min(6, Math.floor(plot.height / 45))));
  const format = chart === 'stacked100' ? (v: number) => formatPercent(v) : undefined;
  const axisTitle =
    chart === 'stacked100' ? `% of ${input.labelOf(input.result.rows.fields[0] ?? '')}` : input.valueLabel;
  const left = plot.x + lineHeight(text.size) + tickLabelWidth(ticks, text, format) + 8;
  const plotWidth = plot.x + plot.width - left;
  const n = Math.max(1, data.categories.length);
  const band = plotWidth / n;
  const categoryTitle = input.result.rows.fields.map(input.labelOf).join(' · ');
  const labels = planCategoryLabels(data.categories, band, plot.height * 0.35, text);
  const bottom = plot.y + plot.height - labels.height - (categoryTitle ? lineHeight(text.size) : 0);
  const scale = linearScale(ticks, bottom, plot.y);
  const centres = data.categories.map((_c, i) => left + band * (i + 0.5));
  const parts = [
    verticalValueAxis(ticks, scale, left, left + plotWidth, text, format),
    verticalAxisTitle(axisTitle, plot.x + text.size, plot.y, bottom, text),
    categoryAxis(labels, centres, bottom + 2, text),
  ];
  if (categoryTitle)
    parts.push(
      textEl(left + plotWidth / 2, plot.y + plot.height - text.size * 0.3, categoryTitle, {
        ...text,
        fill: MUTED,
        anchor: 'middle',
      }),
    );
  const colour = (s: number): string => input.palette[s % input.palette.length] ?? '#000000';
  const zero = scale(0);

  if (chart === 'line') {
    data.series.forEach((series, s) => {
      let path = '';
      let pen = false;
      series.values.forEach((v, i) => {
        const x = centres[i] ?? 0;
        if (v === null) {
          pen = false;
          parts.push(marker(x, zero - 4 - s * text.size, text, colour(s), series.markers[i] ?? SUPPRESSED_MARKER));
          return;
        }
        path += `${pen ? 'L' : 'M'}${num(x)} ${num(scale(v))}`;
        pen = true;
        parts.push(el('circle', { cx: x, cy: scale(v), r: 2.8, fill: colour(s) }));
      });
      if (path !== '')
        parts.push(
          el('path', { d: path, fill: 'none', stroke: colour(s), 'stroke-width': 2, 'stroke-linejoin': 'round' }),
        );
    });
    return el('g', { class: 'plot line' }, parts.join(''));
  }

  const inner = band * 0.8;
  data.categories.forEach((_c, i) => {
    const x0 = left + band * i + (band - inner) / 2;
    if (chart === 'bar') {
      const w = inner / data.series.length;
      data.series.forEach((series, s) => {
        const v = series.values[i] ?? null;
        const x = x0 + w * s;
        if (v === null) parts.push(marker(x + w / 2, zero - 4, text, MUTED, series.markers[i] ?? SUPPRESSED_MARKER));
        else parts.push(rectEl(x, Math.min(scale(v), zero), w * 0.92, Math.abs(zero - scale(v)), { fill: colour(s) }));
      });
      return;
    }
    let base = 0;
    let hidden: string | null = null;
    data.series.forEach((series, s) => {
      const v = series.values[i] ?? null;
      if (v === null) {
        hidden ??= series.markers[i] ?? SUPPRESSED_MARKER;
        return;
      }
      const top = base + Math.max(0, v);
      parts.push(
        rectEl(x0, scale(top), inner, scale(base) - scale(top), {
          fill: colour(s),
          stroke: '#ffffff',
          'stroke-width': 0.5,
        }),
      );
      base = top;
    });
    if (hidden !== null) parts.push(marker(x0 + inner / 2, scale(base) - 4, text, MUTED, hidden));
  });
  return el('g', { class: `plot ${chart}` }, parts.join(''));
}

function horizontalChart(input: PlotInput): string {
  const data = seriesOf(input, 'hbar');
  const { plot, text } = input;
  const [lo, hi] = valueRange(data, 'bar');
  const ticks = niceTicks(lo, hi, Math.max(2, Math.min(6, Math.floor(plot.width / 90))));
  const labelWidth = Math.min(plot.width * 0.4, Math.max(...data.categories.map((c) => measureText(c, text))) + 8);
  const left = plot.x + labelWidth;
  const right = plot.x + plot.width - 8;
  const axisTitleHeight = lineHeight(text.size);
  const bottom = plot.y + plot.height - lineHeight(text.size) - axisTitleHeight - 4;
  const scale = linearScale(ticks, left, right);
  const n = Math.max(1, data.categories.length);
  const band = (bottom - plot.y) / n;
  const parts = [horizontalValueAxis(ticks, scale, plot.y, bottom, text)];
  parts.push(
    textEl((left + right) / 2, plot.y + plot.height - text.size * 0.3, input.valueLabel, {
      ...text,
      fill: MUTED,
      anchor: 'middle',
    }),
  );
  const zero = scale(0);
  const inner = band * 0.78;
  const w = inner / data.series.length;
  data.categories.forEach((category, i) => {
    const yBand = plot.y + band * i;
    const lines = wrapText(category, labelWidth - 8, text).slice(
      0,
      Math.max(1, Math.floor(band / lineHeight(text.size))),
    );
    const firstBaseline = yBand + band / 2 - ((lines.length - 1) * lineHeight(text.size)) / 2 + text.size * 0.35;
    lines.forEach((line, l) =>
      parts.push(textEl(left - 6, firstBaseline + l * lineHeight(text.size), line, { ...text, anchor: 'end' })),
    );
    data.series.forEach((series, s) => {
      const v = series.values[i] ?? null;
      const y = yBand + (band - inner) / 2 + w * s;
      if (v === null) {
        parts.push(
          textEl(zero + 4, y + w / 2 + text.size * 0.3, series.markers[i] ?? SUPPRESSED_MARKER, {
            ...text,
            size: text.size * 0.85,
            fill: MUTED,
          }),
        );
        return;
      }
      parts.push(
        rectEl(Math.min(zero, scale(v)), y, Math.abs(scale(v) - zero), w * 0.92, {
          fill: input.palette[s % input.palette.length] ?? '#000000',
        }),
      );
    });
  });
  return el('g', { class: 'plot hbar' }, parts.join(''));
}

export function cartesianPlot(input: PlotInput, chart: CartesianChart): string {
  return chart === 'hbar' ? horizontalChart(input) : verticalChart(input, chart);
}
