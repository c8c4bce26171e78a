// The frame every exported chart shares: title and subtitle at the top, legend and footnote
// lines (cohort, period, filters, disclosure rule, source) at the bottom, and the rectangle
// left for the plot itself. Heights come from measured, wrapped text, so nothing overlaps.
import type { FontFamily } from './fonts.ts';
import { el, rectEl, textEl } from './svgMarkup.ts';
import { ascent, fitText, lineHeight, measureText, wrapText } from './textMetrics.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LegendEntry {
  label: string;
  fill: string;
  /** A hatched swatch: suppressed or missing. */
  hatched?: boolean;
}

export interface FrameInput {
  width: number;
  height: number;
  title: string;
  subtitle: string;
  footnote: readonly string[];
  legend: readonly LegendEntry[];
  family: FontFamily;
  /** Used for hatch pattern ids, unique within one SVG document. */
  idPrefix: string;
}

export interface Frame {
  markup: string;
  defs: string;
  plot: Rect;
  /** Base text size for axis labels, scaled with the chart's width. */
  fontSize: number;
}

const INK = '#1d2430';
const MUTED = '#5b6472';

export function hatchPatternId(idPrefix: string): string {
  return `${idPrefix}-hatch`;
}

/** A diagonal hatch on grey: how a suppressed area is drawn in maps and legends. */
export function hatchPatternDef(idPrefix: string): string {
  return el(
    'pattern',
    { id: hatchPatternId(idPrefix), patternUnits: 'userSpaceOnUse', width: 6, height: 6 },
    rectEl(0, 0, 6, 6, { fill: '#e3e6ea' }) +
      el('path', { d: 'M0 6L6 0M-1 1L1 -1M5 7L7 5', stroke: '#8a94a3', 'stroke-width': 1 }),
  );
}

function textBlock(
  lines: string[],
  x: number,
  top: number,
  size: number,
  family: FontFamily,
  fill: string,
  bold = false,
): string {
  const first = top + ascent({ family, size, bold });
  return lines.map((line, i) => textEl(x, first + i * lineHeight(size), line, { size, family, bold, fill })).join('');
}

function legendMarkup(
  entries: readonly LegendEntry[],
  x: number,
  top: number,
  maxWidth: number,
  size: number,
  family: FontFamily,
  idPrefix: string,
): { markup: string; height: number } {
  if (entries.length === 0) return { markup: '', height: 0 };
  const swatch = size * 0.9;
  const gap = size * 1.2;
  let cx = x;
  let cy = top;
  const parts: string[] = [];
  for (const entry of entries) {
    const width = swatch + size * 0.4 + measureText(entry.label, { family, size });
    if (cx > x && cx + width > x + maxWidth) {
      cx = x;
      cy += lineHeight(size) + 2;
    }
    const fill = entry.hatched ? `url(#${hatchPatternId(idPrefix)})` : entry.fill;
    parts.push(
      rectEl(cx, cy + (lineHeight(size) - swatch) / 2, swatch, swatch, {
        fill,
        stroke: entry.hatched ? '#8a94a3' : undefined,
      }),
    );
    parts.push(
      textEl(cx + swatch + size * 0.4, cy + ascent({ family, size }) + (lineHeight(size) - size) / 2, entry.label, {
        size,
        family,
        fill: INK,
      }),
    );
    cx += width + gap;
  }
  return { markup: el('g', { class: 'legend' }, parts.join('')), height: cy - top + lineHeight(size) };
}

export function chartFrame(input: FrameInput): Frame {
  const { width, height, family } = input;
  const margin = Math.max(8, Math.min(20, width * 0.025));
  const inner = width - 2 * margin;
  const fontSize = Math.max(9, Math.min(13, width / 60));
  const parts: string[] = [];
  let top = margin;

  if (input.title !== '') {
    const titleSize = Math.max(11, Math.min(20, width / 38));
    const lines = wrapText(input.title, inner, { family, size: titleSize, bold: true });
    parts.push(el('g', { class: 'title' }, textBlock(lines, margin, top, titleSize, family, INK, true)));
    top += lines.length * lineHeight(titleSize) + 4;
  }
  if (input.subtitle !== '') {
    const lines = wrapText(input.subtitle, inner, { family, size: fontSize });
    parts.push(el('g', { class: 'subtitle' }, textBlock(lines, margin, top, fontSize, family, MUTED)));
    top += lines.length * lineHeight(fontSize) + 4;
  }

  let bottom = height - margin;
  const footSize = Math.max(7, fontSize - 2);
  if (input.footnote.length > 0) {
    const fitted = fitText(
      input.footnote.join('\n'),
      inner,
      Math.max(height * 0.3, lineHeight(7)),
      { family, size: footSize },
      6,
    );
    const footHeight = fitted.lines.length * lineHeight(fitted.size);
    bottom -= footHeight;
    parts.push(el('g', { class: 'footnote' }, textBlock(fitted.lines, margin, bottom, fitted.size, family, MUTED)));
    bottom -= 6;
  }
  if (input.legend.length > 0) {
    const probe = legendMarkup(input.legend, margin, 0, inner, fontSize, family, input.idPrefix);
    bottom -= probe.height;
    parts.push(legendMarkup(input.legend, margin, bottom, inner, fontSize, family, input.idPrefix).markup);
    bottom -= 6;
  }
  const plot = {
    x: margin,
    y: top + fontSize * 0.8,
    width: inner,
    height: Math.max(10, bottom - top - fontSize * 0.8),
  };
  const defs = input.legend.some((e) => e.hatched) ? hatchPatternDef(input.idPrefix) : '';
  return { markup: parts.join(''), defs, plot, fontSize };
}
