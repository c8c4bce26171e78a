// Readers for the files the exporters write, so the tests check real files: an SVG parser
// (@xmldom/xmldom, strict), PNG header and pixel checks, and poppler's pdfinfo / pdftotext.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

// The little of the DOM the tests read. @xmldom/xmldom is loaded through require so that its
// type file (which pulls the DOM lib into the whole program) stays out of the type check.
export interface XmlElement {
  nodeName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): { length: number; item(i: number): XmlElement | null };
}
interface XmlDocument {
  documentElement: XmlElement | null;
  getElementsByTagName(name: string): { length: number; item(i: number): XmlElement | null };
}
type Handler = (message: string) => void;
const { DOMParser } = createRequire(import.meta.url)('@xmldom/xmldom') as {
  DOMParser: new (options: { errorHandler: { warning: Handler; error: Handler; fatalError: Handler } }) => {
    parseFromString(source: string, mime: string): XmlDocument;
  };
};

export function tempDir(prefix = 'vso-export-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Parses an SVG strictly: any warning or error of the XML parser fails the test. */
export function parseSvg(svg: string): XmlDocument {
  const problems: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: (m: string) => problems.push(m),
      error: (m: string) => problems.push(m),
      fatalError: (m: string) => problems.push(m),
    },
  }).parseFromString(svg, 'image/svg+xml');
  if (problems.length > 0) throw new Error(`SVG does not parse: ${problems.join('; ')}`);
  if (doc.documentElement?.nodeName !== 'svg') throw new Error('the root element is not <svg>');
  return doc;
}

/** The content of every <text> element, in document order. */
export function svgTexts(svg: string): string[] {
  const doc = parseSvg(svg);
  const nodes = doc.getElementsByTagName('text');
  const out: string[] = [];
  for (let i = 0; i < nodes.length; i += 1) out.push(nodes.item(i)?.textContent ?? '');
  return out;
}

export function elementsWithClass(svg: string, tag: string, className: string): XmlElement[] {
  const doc = parseSvg(svg);
  const groups = doc.getElementsByTagName('g');
  const found: XmlElement[] = [];
  for (let i = 0; i < groups.length; i += 1) {
    const g = groups.item(i);
    if (g && (g.getAttribute('class') ?? '').split(' ').includes(className)) {
      const inner = g.getElementsByTagName(tag);
      for (let j = 0; j < inner.length; j += 1) {
        const e = inner.item(j);
        if (e) found.push(e);
      }
    }
  }
  return found;
}

/** Width and height from a PNG's IHDR chunk (after the 8-byte signature). */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  if (png.subarray(12, 16).toString('ascii') !== 'IHDR') throw new Error('PNG without IHDR first');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Share of pixels that are not (near) white, decoding the PNG by rendering it back with resvg. */
export function inkShare(png: Buffer): number {
  const { width, height } = pngSize(png);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  const pixels = new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels;
  let ink = 0;
  for (let i = 0; i < pixels.length; i += 4)
    if ((pixels[i] ?? 255) < 235 || (pixels[i + 1] ?? 255) < 235 || (pixels[i + 2] ?? 255) < 235) ink += 1;
  return ink / (pixels.length / 4);
}

export function pdfInfo(path: string): { pages: number; width: number; height: number } {
  const text = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(text)?.[1]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(text);
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]) };
}

/** The PDF's text as poppler extracts it, whitespace collapsed. */
export function pdfText(path: string): string {
  return execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

export function pdfFonts(path: string): string {
  return execFileSync('pdffonts', [path], { encoding: 'utf8' });
}
