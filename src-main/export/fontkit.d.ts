// fontkit (a dependency of pdfkit) ships no types: the little of it that textMetrics.ts uses.
declare module 'fontkit' {
  export interface Font {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    layout(text: string): { advanceWidth: number };
  }
  export function openSync(path: string): Font;
}
