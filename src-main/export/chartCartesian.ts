// Bar, stacked, 100% stacked, horizontal bar and line charts as SVG, drawn from the chart
// model. A suppressed value draws no bar (or breaks the line) and is marked [c] where its bar
// would be: a gap, never a zero. In a 100% stack the suppressed share is a hatched segment
// marked [c], so every bar reaches 100%. Bars and marks carry data-series / data-category so
// what is drawn can be compared with the screen's chart.
import type { ChartModel, ChartSeries } from '../../shared/chartModel.ts';
import { MARKERS } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
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
import { errorExtent, errorOf, whiskerEl } from './chartErrorBars.ts';
import { changeMarkEl, valueEnd } from './chartChangeMarks.ts';
import { type LegendEntry, type Rect, hatchPatternId } from './chartFrame.ts';
import { linearScale, niceTicks, formatPercent } from './chartScale.ts';
import { el, rectEl, textEl, num } from './svgMarkup.ts';
import { lineHeight, measureText, wrapText } from './textMetrics.ts';

export type CartesianChart = 'bar' | 'stacked' | 'stacked100' | 'hbar' | 'line';

export interface PlotInput {
  result: QueryResult;
  model: ChartModel;
  plot: Rect;
  text: AxisText;
  labelOf: (field: string) => string;
  valueLabel: string;
  idPrefix: string;
}

/** Legend entries of a cartesian chart: one per series when there is more than one. */
export function cartesianLegend(model: ChartModel): LegendEntry[] {
  return model.series.length > 1
    ? model.series.map((s) => ({ label: s.name, fill: s.colour, ...(s.suppressedShare ? { hatched: true } : {}) }))
    : [];
}

function valueRange(model: ChartModel, chart: CartesianChart): [number, number] {
  if (chart === 'stacked100') return [0, 100];
  if (chart === 'stacked') {
    const sums = model.categories.map((_c, i) =>
      model.series.reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0),
    );
    return [0, Math.max(0, ...sums)];
  }
  const known = [...model.series.flatMap((s) => s.values), ...errorExtent(model)].filter(
    (v): v is number => v !== null,
  );
  return [Math.min(0, ...known), Math.max(0, ...known)];
}

function tags(series: string, category: string, value?: number): Record<string, string | number> {
  return {
    'data-series': series,
    'data-category': category,
    ...(value !== undefined ? { 'data-value': String(value) } : {}),
  };
}

function markText(
  x: number,
  y: number,
  text: AxisText,
  label: string,
  where: { series: string; category: string },
  anchor: 'start' | 'middle' | 'end' = 'middle',
): string {
  return textEl(
    x,
    y,
    label,
    { ...text, size: text.size * 0.85, fill: MUTED, anchor },
    { class: 'mark', ...tags(where.series, where.category) },
  );
}

function barFill(series: ChartSeries, idPrefix: string): string {
  return series.suppressedShare ? `url(#${hatchPatternId(idPrefix)})` : series.colour;
}

function verticalChart(input: PlotInput, chart: Exclude<CartesianChart, 'hbar'>): string {
  const { plot, text, model } = input;
  const [lo, hi] = valueRange(model, chart);
  const ticks = niceTicks(lo, hi, Math.max(2, Math.min(6, Math.floor(plot.height / 45))));
  const format = model.percent ? (v: number) => formatPercent(v) : undefined;
  const labels0 = model.categories.map((c) => c.label);
  let left = plot.x + lineHeight(text.size) + tickLabelWidth(ticks, text, format) + 8;
  const n = Math.max(1, model.categories.length);
  let band = (plot.x + plot.width - left) / n;
  let labels = planCategoryLabels(labels0, band, plot.height * 0.35, text);
  // A turned label hangs down to the left of its tick: leave room so the first is never cut.
  if (labels.rotate && labels.reach > band / 2 + (left - plot.x)) {
    left = plot.x + labels.reach - band / 2 + 2;
    band = (plot.x + plot.width - left) / n;
    labels = planCategoryLabels(labels0, band, plot.height * 0.35, text);
  }
  const plotWidth = plot.x + plot.width - left;
  const bottom = plot.y + plot.height - labels.height - (model.categoryTitle ? lineHeight(text.size) : 0);
  const scale = linearScale(ticks, bottom, plot.y);
  const centres = model.categories.map((_c, i) => left + band * (i + 0.5));
  const parts = [
    verticalValueAxis(ticks, scale, left, left + plotWidth, text, format),
    verticalAxisTitle(model.valueTitle, plot.x + text.size, plot.y, bottom, text),
    categoryAxis(labels, centres, bottom + 2, text, labels0),
  ];
  if (model.categoryTitle)
    parts.push(
      textEl(left + plotWidth / 2, plot.y + plot.height - text.size * 0.3, model.categoryTitle, {
        ...text,
        fill: MUTED,
        anchor: 'middle',
      }),
    );
  const zero = scale(0);

  if (chart === 'line') {
    model.series.forEach((series, s) => {
      let path = '';
      let pen = false;
      series.values.forEach((v, i) => {
        const x = centres[i] ?? 0;
        const category = model.categories[i]?.label ?? '';
        if (v === null) {
          pen = false;
          const where = { series: series.name, category };
          parts.push(markText(x, zero - 4 - s * text.size, text, series.marks[i] ?? MARKERS.confidential, where));
          return;
        }
        path += `${pen ? 'L' : 'M'}${num(x)} ${num(scale(v))}`;
        pen = true;
        parts.push(
          el('circle', { cx: x, cy: scale(v), r: 2.8, fill: series.colour, ...tags(series.name, category, v) }),
        );
        const bar = errorOf(series, i);
        if (bar)
          parts.push(whiskerEl({ series: series.name, category, bar, at: x, scale, orientation: 'vertical', cap: 4 }));
        const change = series.changes?.[i] ?? null;
        const end = valueEnd(series, i);
        if (change && end !== null)
          parts.push(
            changeMarkEl({ series: series.name, category, change, x, y: scale(end), orientation: 'vertical' }, text),
          );
      });
      if (path !== '')
        parts.push(
          el('path', {
            d: path,
            fill: 'none',
            stroke: series.colour,
            'stroke-width': 2,
            'stroke-linejoin': 'round',
          }),
        );
    });
    return el('g', { class: 'plot line' }, parts.join(''));
  }

  const inner = band * 0.8;
  model.categories.forEach((categoryOf, i) => {
    const category = categoryOf.label;
    const x0 = left + band * i + (band - inner) / 2;
    if (chart === 'bar') {
      const w = inner / model.series.length;
      model.series.forEach((series, s) => {
        const v = series.values[i] ?? null;
        const x = x0 + w * s;
        if (v === null) {
          const where = { series: series.name, category };
          parts.push(markText(x + w / 2, zero - 4, text, series.marks[i] ?? MARKERS.confidential, where));
        } else {
          parts.push(
            rectEl(x, Math.min(scale(v), zero), w * 0.92, Math.abs(zero - scale(v)), {
              fill: series.colour,
              ...tags(series.name, category, v),
            }),
          );
          const bar = errorOf(series, i);
          const at = x + w * 0.46;
          const cap = Math.min(6, w * 0.25);
          if (bar)
            parts.push(whiskerEl({ series: series.name, category, bar, at, scale, orientation: 'vertical', cap }));
          const change = series.changes?.[i] ?? null;
          const end = valueEnd(series, i);
          if (change && end !== null)
            parts.push(
              changeMarkEl(
                { series: series.name, category, change, x: at, y: scale(end), orientation: 'vertical' },
                text,
              ),
            );
        }
      });
      return;
    }
    let base = 0;
    const hidden: ChartSeries[] = [];
    model.series.forEach((series) => {
      const v = series.values[i] ?? null;
      if (v === null) {
        if (!series.suppressedShare && series.marks[i] !== null) hidden.push(series);
        return;
      }
      const top = base + Math.max(0, v);
      parts.push(
        rectEl(x0, scale(top), inner, scale(base) - scale(top), {
          fill: barFill(series, input.idPrefix),
          stroke: '#ffffff',
          'stroke-width': 0.5,
          ...tags(series.name, category, v),
        }),
      );
      if (series.suppressedShare) {
        const where = { series: series.name, category };
        const mid = (scale(top) + scale(base)) / 2 + text.size * 0.3;
        const y = scale(base) - scale(top) > text.size * 1.2 ? mid : scale(top) - 4;
        parts.push(markText(x0 + inner / 2, y, text, series.marks[i] ?? MARKERS.confidential, where));
      }
      base = top;
    });
    // A plain stack cannot show how much is hidden: one mark above it names the hidden series.
    const shareShown = model.series.some((s) => s.suppressedShare && s.values[i] !== null);
    if (hidden.length > 0 && !shareShown) {
      const where = { series: hidden.map((s) => s.name).join('|'), category };
      parts.push(markText(x0 + inner / 2, scale(base) - 4, text, hidden[0]?.marks[i] ?? MARKERS.confidential, where));
    }
  });
  return el('g', { class: `plot ${chart}` }, parts.join(''));
}

function horizontalChart(input: PlotInput): string {
  const { plot, text, model } = input;
  const [lo, hi] = valueRange(model, 'bar');
  const ticks = niceTicks(lo, hi, Math.max(2, Math.min(6, Math.floor(plot.width / 90))));
  const labelWidth = Math.min(
    plot.width * 0.4,
    Math.max(...model.categories.map((c) => measureText(c.label, text))) + 8,
  );
  const left = plot.x + labelWidth;
  const right = plot.x + plot.width - 8;
  const axisTitleHeight = lineHeight(text.size);
  const bottom = plot.y + plot.height - lineHeight(text.size) - axisTitleHeight - 4;
  const scale = linearScale(ticks, left, right);
  const n = Math.max(1, model.categories.length);
  const band = (bottom - plot.y) / n;
  const format = model.percent ? (v: number) => formatPercent(v) : undefined;
  const parts = [horizontalValueAxis(ticks, scale, plot.y, bottom, text, format)];
  parts.push(
    textEl((left + right) / 2, plot.y + plot.height - text.size * 0.3, model.valueTitle, {
      ...text,
      fill: MUTED,
      anchor: 'middle',
    }),
  );
  const zero = scale(0);
  const inner = band * 0.78;
  const w = inner / model.series.length;
  model.categories.forEach(({ label: category }, i) => {
    const yBand = plot.y + band * i;
    // Wrapped, never cut: a label with more lines than its band holds is set smaller.
    let labelText = text;
    let lines = wrapText(category, labelWidth - 8, labelText);
    while (labelText.size > 6 && lines.length * lineHeight(labelText.size) > band) {
      labelText = { ...labelText, size: labelText.size - 0.5 };
      lines = wrapText(category, labelWidth - 8, labelText);
    }
    const lh = lineHeight(labelText.size);
    const firstBaseline = yBand + band / 2 - ((lines.length - 1) * lh) / 2 + labelText.size * 0.35;
    parts.push(
      el(
        'g',
        { class: 'category-label', 'data-category': category },
        lines
          .map((line, l) => textEl(left - 6, firstBaseline + l * lh, line, { ...labelText, anchor: 'end' }))
          .join(''),
      ),
    );
    model.series.forEach((series, s) => {
      const v = series.values[i] ?? null;
      const y = yBand + (band - inner) / 2 + w * s;
      if (v === null) {
        const where = { series: series.name, category };
        parts.push(
          markText(
            zero + 4,
            y + w / 2 + text.size * 0.3,
            text,
            series.marks[i] ?? MARKERS.confidential,
            where,
            'start',
          ),
        );
        return;
      }
      parts.push(
        rectEl(Math.min(zero, scale(v)), y, Math.abs(scale(v) - zero), w * 0.92, {
          fill: series.colour,
          ...tags(series.name, category, v),
        }),
      );
      const bar = errorOf(series, i);
      const at = y + w * 0.46;
      const cap = Math.min(6, w * 0.25);
      if (bar) parts.push(whiskerEl({ series: series.name, category, bar, at, scale, orientation: 'horizontal', cap }));
      const change = series.changes?.[i] ?? null;
      const end = valueEnd(series, i);
      if (change && end !== null)
        parts.push(
          changeMarkEl(
            { series: series.name, category, change, x: scale(end), y: at, orientation: 'horizontal' },
            text,
          ),
        );
    });
  });
  return el('g', { class: 'plot hbar' }, parts.join(''));
}

export function cartesianPlot(input: PlotInput, chart: CartesianChart): string {
  return chart === 'hbar' ? horizontalChart(input) : verticalChart(input, chart);
}
