// Approximate text measurement for layout: advance widths from the bundled fonts through
// fontkit (pdfkit's own font engine, so PDF text measures the same), falling back to a
// per-character width table if fontkit cannot be loaded. Used to wrap text inside its box.
import { createRequire } from 'node:module';
import type { Font } from 'fontkit';
import { fontFiles, type FontFamily } from './fonts.ts';

export interface FontSpec {
  family: FontFamily;
  size: number;
  bold?: boolean;
}

type FontKit = typeof import('fontkit');

const fonts = new Map<string, Font | null>();
let fontkit: FontKit | null | undefined;

function loadFontkit(): FontKit | null {
  if (fontkit !== undefined) return fontkit;
  try {
    // Resolved from pdfkit's own location: fontkit is pdfkit's dependency, not ours.
    const require = createRequire(import.meta.url);
    const fromPdfkit = createRequire(require.resolve('pdfkit'));
    fontkit = fromPdfkit('fontkit') as FontKit;
  } catch {
    fontkit = null;
  }
  return fontkit;
}

/** The bundled font itself (fontkit), or null where fontkit cannot be loaded. */
export function fontFor(family: FontFamily, bold: boolean): Font | null {
  const key = `${family}|${bold}`;
  if (fonts.has(key)) return fonts.get(key) ?? null;
  const kit = loadFontkit();
  let font: Font | null = null;
  if (kit) {
    try {
      const files = fontFiles(family);
      font = kit.openSync(bold ? files.bold : files.regular);
    } catch {
      font = null;
    }
  }
  fonts.set(key, font);
  return font;
}

/** Fallback widths in em: narrow, digit and wide characters of a typical sans serif. */
function tableWidth(text: string, family: FontFamily, bold: boolean): number {
  let em = 0;
  for (const ch of text) {
    if (" .,;:!|il'`ijtf[]()".includes(ch)) em += 0.28;
    else if (/[0-9]/.test(ch)) em += 0.52;
    else if ('mwMW@%'.includes(ch)) em += 0.85;
    else if (/[A-Z]/.test(ch)) em += 0.62;
    else em += 0.5;
  }
  const wide = family === 'Source Sans 3' ? 1 : 1.12;
  return em * wide * (bold ? 1.05 : 1);
}

/** The advance width of one line of text, in the same units as `size`. */
export function measureText(text: string, spec: FontSpec): number {
  const font = fontFor(spec.family, spec.bold ?? false);
  if (font) return (font.layout(text).advanceWidth / font.unitsPerEm) * spec.size;
  return tableWidth(text, spec.family, spec.bold ?? false) * spec.size;
}

/** Line height used throughout: 1.25 em. */
export function lineHeight(size: number): number {
  return size * 1.25;
}

/** The ascent above the baseline, to place the first baseline under a box's top edge. */
export function ascent(spec: FontSpec): number {
  const font = fontFor(spec.family, spec.bold ?? false);
  return font ? (font.ascent / font.unitsPerEm) * spec.size : spec.size * 0.9;
}

function breakLongWord(word: string, maxWidth: number, spec: FontSpec): string[] {
  const parts: string[] = [];
  let current = '';
  for (const ch of word) {
    if (current !== '' && measureText(current + ch, spec) > maxWidth) {
      parts.push(current);
      current = ch;
    } else current += ch;
  }
  if (current !== '') parts.push(current);
  return parts;
}

/** Greedy word wrap; explicit newlines are kept; a word wider than the box is broken. */
export function wrapText(text: string, maxWidth: number, spec: FontSpec): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) {
      lines.push('');
      continue;
    }
    let current = '';
    for (const word of words) {
      const pieces = measureText(word, spec) > maxWidth ? breakLongWord(word, maxWidth, spec) : [word];
      for (const piece of pieces) {
        const candidate = current === '' ? piece : `${current} ${piece}`;
        if (current !== '' && measureText(candidate, spec) > maxWidth) {
          lines.push(current);
          current = piece;
        } else current = candidate;
      }
    }
    lines.push(current);
  }
  return lines;
}

export interface FittedText {
  lines: string[];
  size: number;
  /** True when even the smallest size did not fit and lines were cut (the last ends with …). */
  truncated: boolean;
}

/** The largest size from `spec.size` down to `minSize` at which the wrapped text fits the box. */
export function fitText(text: string, width: number, height: number, spec: FontSpec, minSize = 7): FittedText {
  for (let size = spec.size; size >= minSize; size = Math.round((size - 0.5) * 10) / 10) {
    const lines = wrapText(text, width, { ...spec, size });
    if (lines.length * lineHeight(size) <= height) return { lines, size, truncated: false };
  }
  const size = minSize;
  const all = wrapText(text, width, { ...spec, size });
  const keep = Math.max(1, Math.floor(height / lineHeight(size)));
  const lines = all.slice(0, keep);
  let last = lines[lines.length - 1] ?? '';
  while (last !== '' && measureText(`${last}…`, { ...spec, size }) > width) last = last.slice(0, -1);
  lines[lines.length - 1] = `${last.trimEnd()}…`;
  return { lines, size, truncated: true };
}
