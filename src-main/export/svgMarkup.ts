// Small builders for SVG markup: every string that reaches the file is XML-escaped here, and
// numbers are written with fixed precision so the same input gives byte-identical output.

/** XML 1.0 forbids control characters other than tab, newline and carriage return. */
function isXmlChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

export function escapeXml(text: string): string {
  return [...text]
    .filter(isXmlChar)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A coordinate with at most two decimals and no trailing zeros. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

export type AttrValue = string | number | undefined;

export function attrs(values: Record<string, AttrValue>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`)
    .join('');
}

export function el(name: string, values: Record<string, AttrValue>, children?: string): string {
  return children === undefined ? `<${name}${attrs(values)}/>` : `<${name}${attrs(values)}>${children}</${name}>`;
}

export interface TextStyle {
  size: number;
  family: string;
  bold?: boolean;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
}

/** The CSS font-family value: the bundled family first, a generic fallback for viewers. */
export function fontFamilyValue(family: string): string {
  const generic = family === 'Merriweather' ? 'serif' : 'sans-serif';
  return `'${family}', ${generic}`;
}

/** One line of text; `y` is the baseline. Kept as `<text>` so it stays vector and searchable. */
export function textEl(
  x: number,
  y: number,
  content: string,
  style: TextStyle,
  extra: Record<string, AttrValue> = {},
): string {
  return el(
    'text',
    {
      x,
      y,
      'font-family': fontFamilyValue(style.family),
      'font-size': style.size,
      'font-weight': style.bold ? 'bold' : undefined,
      fill: style.fill ?? '#1d2430',
      'text-anchor': style.anchor && style.anchor !== 'start' ? style.anchor : undefined,
      ...extra,
    },
    escapeXml(content),
  );
}

export function rectEl(x: number, y: number, width: number, height: number, extra: Record<string, AttrValue>): string {
  return el('rect', { x, y, width: Math.max(0, width), height: Math.max(0, height), ...extra });
}

export function lineEl(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1): string {
  return el('line', { x1, y1, x2, y2, stroke, 'stroke-width': width });
}

/** A closed path from rings of points (even-odd, so holes stay holes). */
export function ringsPath(rings: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): string {
  return rings
    .filter((ring) => ring.length > 2)
    .map((ring) => ring.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${num(x)} ${num(y)}`).join('') + 'Z')
    .join('');
}

export function svgDocument(width: number, height: number, body: string, title: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1"${attrs({ width, height, viewBox: `0 0 ${num(width)} ${num(height)}` })}>` +
    el('title', {}, escapeXml(title)) +
    rectEl(0, 0, width, height, { fill: '#ffffff' }) +
    body +
    `</svg>\n`
  );
}
