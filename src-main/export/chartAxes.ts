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
}

function truncate(label: string, maxWidth: number, text: AxisText): string {
  if (measureText(label, text) <= maxWidth) return label;
  let cut = label;
  while (cut.length > 1 && measureText(`${cut}…`, text) > maxWidth) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** How category labels fit under bands of `band` pixels: wrapped to 2 lines, else rotated. */
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
    return { rotate: false, lines: wrapped, height: rows * lineHeight(text.size) + 4 };
  }
  const maxWidth = Math.max(20, (maxHeight - text.size) / Math.SQRT1_2);
  const lines = categories.map((c) => [truncate(c, maxWidth, text)]);
  const widest = Math.max(...lines.map((l) => measureText(l[0] ?? '', text)));
  return { rotate: true, lines, height: widest * Math.SQRT1_2 + text.size + 4 };
}

/** Category labels under the plot, centred on each band (rotated labels end at the tick). */
export function categoryAxis(plan: CategoryLabels, centres: readonly number[], y: number, text: AxisText): string {
  return el(
    'g',
    { class: 'category-axis' },
    plan.lines
      .map((lines, i) => {
        const x = centres[i] ?? 0;
        if (plan.rotate) {
          const ty = y + text.size;
          return textEl(
            x,
            ty,
            lines[0] ?? '',
            { ...text, anchor: 'end' },
            { transform: `rotate(-45 ${x.toFixed(2)} ${ty.toFixed(2)})` },
          );
        }
        return lines
          .map((line, l) => textEl(x, y + text.size + l * lineHeight(text.size), line, { ...text, anchor: 'middle' }))
          .join('');
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
