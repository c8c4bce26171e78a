// Pictograms for icon rows: a person drawn as plain SVG shapes (no icon font, nothing fetched),
// and the up and down arrows of a headline's comparison (shapes, since not every font has ▲).
import { el, num } from '../svgMarkup.ts';

/** A person icon whose box is `size` wide and 2 x `size` high, top-left at (x, y). */
export function personIcon(x: number, y: number, size: number, fill: string): string {
  const head = el('circle', { cx: x + size / 2, cy: y + size * 0.32, r: size * 0.28, fill });
  const body = el('path', {
    d:
      `M${num(x + size * 0.1)} ${num(y + size * 1.95)}` +
      `L${num(x + size * 0.1)} ${num(y + size * 0.95)}` +
      `Q${num(x + size * 0.1)} ${num(y + size * 0.7)} ${num(x + size * 0.35)} ${num(y + size * 0.7)}` +
      `L${num(x + size * 0.65)} ${num(y + size * 0.7)}` +
      `Q${num(x + size * 0.9)} ${num(y + size * 0.7)} ${num(x + size * 0.9)} ${num(y + size * 0.95)}` +
      `L${num(x + size * 0.9)} ${num(y + size * 1.95)}Z`,
    fill,
  });
  return el('g', { class: 'person' }, head + body);
}

/** A triangle pointing up (rise) or down (fall), centred on (cx, cy). */
export function arrowIcon(cx: number, cy: number, size: number, up: boolean, fill: string): string {
  const h = size * 0.9;
  const points = up
    ? `${num(cx - size / 2)},${num(cy + h / 2)} ${num(cx + size / 2)},${num(cy + h / 2)} ${num(cx)},${num(cy - h / 2)}`
    : `${num(cx - size / 2)},${num(cy - h / 2)} ${num(cx + size / 2)},${num(cy - h / 2)} ${num(cx)},${num(cy + h / 2)}`;
  return el('polygon', { points, fill });
}
