// Axes of the cartesian SVG charts: a value axis with nice ticks and gridlines, and a category
// axis whose labels wrap into their band or, when the bands are too narrow, turn 45 degrees.
import type { FontFamily } from './fonts.ts';
import { type Ticks, formatTick } from './chartScale.ts';
import { el, lineEl, textEl } from './svgMarkup.ts';
import { lineHeight, measureText, wrapText } from './textMetrics.ts';

export const GRID = '#e6e9ee';
export const AXIS = '#8a94a3';
export const MUTED = '#5b6472';

export interface AxisText {
  size: number;
  family: FontFamily;
}

/** Width the tick labels of a value axis need. */
export function tickLabelWidth(
  ticks: Ticks,
  text: AxisText,
  format: (v: number) => string = (v) => formatTick(v, ticks.step),
): number {
  return Math.max(...ticks.values.map((v) => measureText(format(v), text)));
}

/** Horizontal gridlines and tick labels left of `x0` (a vertical value axis). */
export function verticalValueAxis(
  ticks: Ticks,
  scale: (v: number) => number,
  x0: number,
  x1: number,
  text: AxisText,
  format?: (v: number) => string,
): string {
  const fmt = format ?? ((v: number) => formatTick(v, ticks.step));
  return el(
    'g',
    { class: 'value-axis' },
    ticks.values
      .map((v) => {
        const y = scale(v);
        return (
          lineEl(x0, y, x1, y, v === 0 ? AXIS : GRID) +
          textEl(x0 - 5, y + text.size * 0.35, fmt(v), { ...text, fill: MUTED, anchor: 'end' })
        );
      })
      .join(''),
  );
}

/** Vertical gridlines and tick labels under `y1` (a horizontal value axis). */
export function horizontalValueAxis(
  ticks: Ticks,
  scale: (v: number) => number,
  y0: number,
  y1: number,
  text: AxisText,
  format?: (v: number) => string,
): string {
  const fmt = format ?? ((v: number) => formatTick(v, ticks.step));
  return el(
    'g',
    { class: 'value-axis' },
    ticks.values
      .map((v) => {
        const x = scale(v);
        return (
          lineEl(x, y0, x, y1, v === 0 ? AXIS : GRID) +
          textEl(x, y1 + text.size * 1.2, fmt(v), { ...text, fill: MUTED, anchor: 'middle' })
        );
      })
      .join(''),
  );
}

export interface CategoryLabels {
  rotate: boolean;
  lines: string[][];
  height: number;
  /** How far the widest turned label reaches left of its tick (0 when not turned). */
  reach: number;
}

/**
 * How category labels fit under bands of `band` pixels: wrapped to 2 lines, else turned 45
 * degrees and wrapped to lines that fit `maxHeight`. Never cut: a label keeps every word.
 */
export function planCategoryLabels(
  categories: readonly string[],
  band: number,
  maxHeight: number,
  text: AxisText,
): CategoryLabels {
  const wrapped = categories.map((c) => wrapText(c, Math.max(4, band - 4), text));
  const fits = wrapped.every((lines) => lines.length <= 2 && lines.every((l) => measureText(l, text) <= band - 2));
  if (fits) {
    const rows = Math.max(1, ...wrapped.map((l) => l.length));
    return { rotate: false, lines: wrapped, height: rows * lineHeight(text.size) + 4, reach: 0 };
  }
  const maxWidth = Math.max(40, (maxHeight - text.size) / Math.SQRT1_2);
  const lines = categories.map((c) => wrapText(c, maxWidth, text));
  const widest = Math.max(...lines.flat().map((l) => measureText(l, text)));
  const depth = Math.max(...lines.map((l) => l.length - 1)) * lineHeight(text.size) * Math.SQRT1_2;
  return { rotate: true, lines, height: widest * Math.SQRT1_2 + depth + text.size + 4, reach: widest * Math.SQRT1_2 };
}

/** Category labels under the plot, centred on each band (turned labels end at the tick). */
export function categoryAxis(
  plan: CategoryLabels,
  centres: readonly number[],
  y: number,
  text: AxisText,
  categories: readonly string[] = [],
): string {
  return el(
    'g',
    { class: 'category-axis' },
    plan.lines
      .map((lines, i) => {
        const x = centres[i] ?? 0;
        const ty = y + text.size;
        const drawn = plan.rotate
          ? lines
              .map((line, l) =>
                textEl(
                  x,
                  ty + l * lineHeight(text.size),
                  line,
                  { ...text, anchor: 'end' },
                  { transform: `rotate(-45 ${x.toFixed(2)} ${ty.toFixed(2)})` },
                ),
              )
              .join('')
          : lines
              .map((line, l) => textEl(x, ty + l * lineHeight(text.size), line, { ...text, anchor: 'middle' }))
              .join('');
        return el('g', { class: 'category-label', 'data-category': categories[i] ?? '' }, drawn);
      })
      .join(''),
  );
}

/** An axis title turned 90 degrees, reading upwards, centred on the span. */
export function verticalAxisTitle(title: string, x: number, yTop: number, yBottom: number, text: AxisText): string {
  if (title === '') return '';
  const y = (yTop + yBottom) / 2;
  return textEl(
    x,
    y,
    title,
    { ...text, fill: MUTED, anchor: 'middle' },
    { transform: `rotate(-90 ${x.toFixed(2)} ${y.toFixed(2)})` },
  );
}
