// An exported SVG file does not depend on fonts being installed: its text is drawn as the
// bundled font's glyph outlines. Rendered by resvg with no font at all, the outlined file still
// shows its title; the same chart with plain <text> shows nothing there (so the check can fail).
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { renderFigure } from '../../../src-main/export/exportFigure.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { measureText } from '../../../src-main/export/textMetrics.ts';
import { parseSvg, svgTexts, type XmlElement } from '../export/exportTestKit.ts';
import { FOOTNOTE, labelOf, offenceBySex } from '../export/fixtureTables.ts';

const TITLE = 'Victims by offence group and sex';
const options = { labelOf, footnote: FOOTNOTE, width: 800, height: 500 };

function elements(svg: string, tag: string): XmlElement[] {
  const list = parseSvg(svg).getElementsByTagName(tag);
  return Array.from({ length: list.length }, (_v, i) => list.item(i)).filter((e): e is XmlElement => e !== null);
}

/** Dark pixels in a box of an SVG rendered with no fonts available at all. */
function darkPixelsWithoutFonts(svg: string, box: { x: number; y: number; width: number; height: number }): number {
  const image = new Resvg(svg, { font: { loadSystemFonts: false }, logLevel: 'off' }).render();
  const pixels = image.pixels; // a copy per read: read once
  let dark = 0;
  for (let y = box.y; y < box.y + box.height; y += 1)
    for (let x = box.x; x < box.x + box.width; x += 1) {
      const i = (y * image.width + x) * 4;
      if ((pixels[i] ?? 255) < 128 && (pixels[i + 3] ?? 0) > 128) dark += 1;
    }
  return dark;
}

describe('SVG export fonts', () => {
  it('draws every text as glyph outlines and keeps the words as invisible text', async () => {
    const svg = (await renderFigure(offenceBySex(), { chart: 'bar', title: TITLE }, 'svg', options)).toString('utf8');
    const texts = elements(svg, 'text');
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.every((t) => t.getAttribute('fill-opacity') === '0')).toBe(true);
    expect(svgTexts(svg)).toContain(TITLE);
    const ids = new Set(elements(svg, 'path').map((p) => p.getAttribute('id')));
    const uses = elements(svg, 'use');
    // One glyph per non-space character of the title alone.
    expect(uses.length).toBeGreaterThan(TITLE.replace(/\s/g, '').length);
    expect(uses.every((u) => ids.has((u.getAttribute('href') ?? '').slice(1)))).toBe(true);
  });

  it('shows its title with no font installed, where plain text would show nothing', async () => {
    const outlined = (await renderFigure(offenceBySex(), { chart: 'bar', title: TITLE }, 'svg', options)).toString(
      'utf8',
    );
    const plain = renderChartSvg(offenceBySex(), { chart: 'bar', title: TITLE }, options);
    // The title's line: from the left margin as wide as the bundled font measures it.
    const width = Math.round(measureText(TITLE, { family: 'Source Sans 3', size: 20, bold: true }));
    const box = { x: 20, y: 20, width, height: 24 };
    expect(darkPixelsWithoutFonts(plain, box)).toBe(0);
    expect(darkPixelsWithoutFonts(outlined, box)).toBeGreaterThan(width);
    // And the outlines end where the measured title ends (within a pixel or two).
    const right = { x: 20 + width + 3, y: 20, width: 40, height: 24 };
    expect(darkPixelsWithoutFonts(outlined, right)).toBe(0);
  });
});
