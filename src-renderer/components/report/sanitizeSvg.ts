// Makes an SVG string safe to place inline in the page: parsed as XML (never as HTML, never
// through innerHTML), then every element and attribute outside a short list of drawing ones
// is dropped, so no script, event handler, foreign object or external reference survives.
// Inline (not an <img>) so the preview uses the same bundled fonts as the exports.
const SVG_NS = 'http://www.w3.org/2000/svg';

const ELEMENTS = new Set([
  'svg',
  'g',
  'title',
  'desc',
  'defs',
  'pattern',
  'clipPath',
  'linearGradient',
  'radialGradient',
  'stop',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'path',
  'text',
  'tspan',
  // A glyph outline placed again (svgTextOutlines.ts); its href may only point inside the SVG.
  'use',
]);

const ATTRIBUTES = new Set([
  'version',
  'width',
  'height',
  'viewBox',
  'preserveAspectRatio',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'points',
  'd',
  'transform',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linejoin',
  'stroke-linecap',
  'opacity',
  'clip-path',
  'clip-rule',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
  'class',
  'id',
  'patternUnits',
  'patternTransform',
  'gradientUnits',
  'offset',
  'stop-color',
  'stop-opacity',
  'dx',
  'dy',
  'href',
]);

/** `url(#local)` references only: a paint or clip may point inside the document, never out of it. */
function safeValue(value: string): boolean {
  const lower = value.toLowerCase();
  if (lower.includes('javascript:') || lower.includes('expression(')) return false;
  for (const match of lower.matchAll(/url\(([^)]*)\)/g))
    if (!(match[1] ?? '').trim().replace(/^['"]/, '').startsWith('#')) return false;
  return true;
}

function clean(element: Element): void {
  for (const attribute of [...element.attributes]) {
    if (
      attribute.namespaceURI !== null ||
      !ATTRIBUTES.has(attribute.name) ||
      !safeValue(attribute.value) ||
      (attribute.name === 'href' && !attribute.value.startsWith('#'))
    )
      element.removeAttributeNode(attribute);
  }
  for (const child of [...element.childNodes]) {
    if (child.nodeType === Node.TEXT_NODE) continue;
    if (
      child.nodeType === Node.ELEMENT_NODE &&
      (child as Element).namespaceURI === SVG_NS &&
      ELEMENTS.has((child as Element).localName)
    )
      clean(child as Element);
    else child.parentNode?.removeChild(child);
  }
}

/** The sanitised <svg> element, adopted into this document; null when the text is not an SVG. */
export function sanitizeSvg(source: string, into: Document = document): SVGSVGElement | null {
  const parsed = new DOMParser().parseFromString(source, 'image/svg+xml');
  const root = parsed.documentElement;
  if (parsed.getElementsByTagName('parsererror').length > 0 || root.namespaceURI !== SVG_NS || root.localName !== 'svg')
    return null;
  clean(root);
  return into.importNode(root, true) as unknown as SVGSVGElement;
}
