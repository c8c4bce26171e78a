// A standalone SVG file must look the same on a machine without our fonts: its text is drawn
// as the glyph outlines of the bundled font (through fontkit, the engine that measured it), each
// glyph defined once and placed with <use>. The words stay in the file as invisible <text>, so
// the file can still be searched, copied from and read by a screen reader.
import { createHash } from 'node:crypto';
import type { Font } from 'fontkit';
import { familyFromCss } from './fonts.ts';
import { attrs, num } from './svgMarkup.ts';
import { fontFor } from './textMetrics.ts';

const TEXT = /<text([^>]*)>([^<]*)<\/text>/g;
const ATTR = /\s([a-z-:]+)="([^"]*)"/g;

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function parseAttrs(source: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of source.matchAll(ATTR)) found.set(match[1] ?? '', unescapeXml(match[2] ?? ''));
  return found;
}

interface GlyphDefs {
  /** Unique to the document, so SVGs inlined in one page (the report's contact sheet) do not clash. */
  prefix: string;
  ids: Map<string, string>;
  markup: string[];
}

function glyphId(defs: GlyphDefs, key: string, path: string): string {
  const known = defs.ids.get(key);
  if (known) return known;
  const id = `${defs.prefix}-${defs.ids.size}`;
  defs.ids.set(key, id);
  defs.markup.push(`<path${attrs({ id, d: path })}/>`);
  return id;
}

/** One <text> element as outlined glyphs, or null when its font cannot be loaded. */
function outline(attributes: Map<string, string>, content: string, font: Font, fontKey: string, defs: GlyphDefs) {
  const size = Number(attributes.get('font-size') ?? '12');
  const x = Number(attributes.get('x') ?? '0');
  const y = Number(attributes.get('y') ?? '0');
  const run = font.layout(content);
  const scale = size / font.unitsPerEm;
  const width = run.positions.reduce((sum, p) => sum + p.xAdvance, 0) * scale;
  const anchor = attributes.get('text-anchor');
  let pen = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x;
  const uses: string[] = [];
  run.glyphs.forEach((glyph, i) => {
    const position = run.positions[i];
    const path = glyph.path.toSVG();
    if (path !== '') {
      const id = glyphId(defs, `${fontKey}|${glyph.id}`, path);
      const gx = pen + (position?.xOffset ?? 0) * scale;
      const gy = y - (position?.yOffset ?? 0) * scale;
      uses.push(
        `<use href="#${id}" transform="translate(${num(gx)} ${num(gy)}) scale(${scale.toPrecision(6)} -${scale.toPrecision(6)})"/>`,
      );
    }
    pen += (position?.xAdvance ?? 0) * scale;
  });
  const transform = attributes.get('transform');
  return `<g${attrs({ class: 'outlined-text', fill: attributes.get('fill') ?? '#1d2430', transform, 'aria-hidden': 'true' })}>${uses.join('')}</g>`;
}

/** The SVG with every <text> drawn as outlines of the bundled fonts (kept as invisible text too). */
export function outlineSvgText(svg: string): string {
  const prefix = `g${createHash('sha256').update(svg).digest('hex').slice(0, 10)}`;
  const defs: GlyphDefs = { prefix, ids: new Map(), markup: [] };
  const body = svg.replace(TEXT, (whole, rawAttrs: string, rawContent: string) => {
    const attributes = parseAttrs(rawAttrs);
    const family = familyFromCss(attributes.get('font-family'));
    const bold = attributes.get('font-weight') === 'bold';
    const font = fontFor(family, bold);
    if (font === null) return whole;
    const drawn = outline(attributes, unescapeXml(rawContent), font, `${family}|${bold}`, defs);
    return `${drawn}<text${rawAttrs} fill-opacity="0">${rawContent}</text>`;
  });
  if (defs.markup.length === 0) return body;
  return body.replace(
    /<svg([^>]*)>/,
    (_tag, rootAttrs: string) => `<svg${rootAttrs}><defs class="glyphs">${defs.markup.join('')}</defs>`,
  );
}
