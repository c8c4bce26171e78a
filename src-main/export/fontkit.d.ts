// fontkit (a dependency of pdfkit) ships no types: the little of it that textMetrics.ts and
// svgTextOutlines.ts use.
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    path: { toSVG(): string };
  }
  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }
  export interface Font {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    layout(text: string): { advanceWidth: number; glyphs: Glyph[]; positions: GlyphPosition[] };
  }
  export function openSync(path: string): Font;
}
