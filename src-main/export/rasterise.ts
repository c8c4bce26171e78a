// SVG to PNG with resvg (a Rust renderer, no browser): only the bundled fonts are loaded
// (loadSystemFonts: false), so the same SVG gives the same pixels on every machine.
import { createRequire } from 'node:module';
import type * as ResvgJs from '@resvg/resvg-js';
import { allFontFiles, DEFAULT_FONT } from './fonts.ts';

// resvg (a native addon) is required by the first PNG, not with this module: most starts of
// the CLI or the app draw none. Required, not imported, so that rasterise stays synchronous.
let resvgJs: typeof ResvgJs | undefined;

/** Size of the PNG: a scale of the SVG's own size, a target width, or a print resolution. */
export type RasterSize =
  | { scale: number }
  | { width: number }
  /** Dots per inch, reading the SVG's user unit as a CSS pixel (1/96 inch): A4 at 300 dpi is 2480 x 3508. */
  | { dpi: number };

export interface RasterImage {
  png: Buffer;
  width: number;
  height: number;
  /** RGBA, row by row. */
  pixels: Buffer;
}

export const PRINT_DPI = 300;

function svgSizeOf(svg: string): { width: number; height: number } {
  const tag = /<svg[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number.parseFloat(/\swidth="([0-9.]+)"/.exec(tag)?.[1] ?? '800');
  const height = Number.parseFloat(/\sheight="([0-9.]+)"/.exec(tag)?.[1] ?? '600');
  return { width, height };
}

/** The PNG's size in whole pixels, each side rounded on its own (so A4 at 300 dpi is exact). */
export function rasterPixels(svg: string, size: RasterSize): { width: number; height: number } {
  const own = svgSizeOf(svg);
  const scale = 'width' in size ? size.width / own.width : 'dpi' in size ? size.dpi / 96 : size.scale;
  return { width: Math.max(1, Math.round(own.width * scale)), height: Math.max(1, Math.round(own.height * scale)) };
}

/** The same SVG with its root width and height set to the target pixels (the viewBox scales it). */
function withRootSize(svg: string, width: number, height: number): string {
  return svg.replace(/<svg[^>]*>/, (tag) =>
    tag.replace(/\swidth="[0-9.]+"/, ` width="${width}"`).replace(/\sheight="[0-9.]+"/, ` height="${height}"`),
  );
}

export function rasterise(svg: string, size: RasterSize = { scale: 2 }): RasterImage {
  const pixels = rasterPixels(svg, size);
  const { Resvg } = (resvgJs ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof ResvgJs);
  const resvg = new Resvg(withRootSize(svg, pixels.width, pixels.height), {
    font: {
      loadSystemFonts: false,
      fontFiles: allFontFiles(),
      defaultFontFamily: DEFAULT_FONT,
      sansSerifFamily: DEFAULT_FONT,
      serifFamily: 'Merriweather',
    },
    fitTo: { mode: 'original' },
    background: '#ffffff',
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
}
