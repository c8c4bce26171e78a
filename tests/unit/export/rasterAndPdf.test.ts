// PNG and PDF made from the chart SVG: real files on disk, read back with a PNG header check,
// pixel counts, and poppler's pdfinfo, pdftotext and pdffonts.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFigure } from '../../../src-main/export/exportFigure.ts';
import { svgToPdf } from '../../../src-main/export/pdf.ts';
import { rasterise } from '../../../src-main/export/rasterise.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { svgDocument, textEl } from '../../../src-main/export/svgMarkup.ts';
import { inkShare, pdfFonts, pdfInfo, pdfText, pngSize, tempDir } from './exportTestKit.ts';
import { FOOTNOTE, labelOf, offenceBySex } from './fixtureTables.ts';

const figure = { name: 'offences', chart: 'bar' as const, title: 'Victims by offence group and sex', notes: '' };

describe('rasterise', () => {
  it('writes a PNG of the asked size with something drawn on it', async () => {
    const dir = tempDir();
    const out = join(dir, 'chart.png');
    const written = await exportFigure(offenceBySex(), figure, 'png', out, {
      labelOf,
      footnote: FOOTNOTE,
      width: 800,
      height: 500,
      raster: { scale: 2 },
    });
    const png = readFileSync(out);
    expect(written.bytes).toBe(png.length);
    expect(pngSize(png)).toEqual({ width: 1600, height: 1000 });
    const ink = inkShare(png);
    expect(ink).toBeGreaterThan(0.03);
    expect(ink).toBeLessThan(0.6);
  });

  it('prints an A4 page at 300 dpi as 2480 x 3508 pixels', () => {
    const svg = svgDocument(
      (210 / 25.4) * 96,
      (297 / 25.4) * 96,
      textEl(50, 100, 'A4 page', { family: 'Source Sans 3', size: 40 }),
      'A4',
    );
    const image = rasterise(svg, { dpi: 300 });
    expect([image.width, image.height]).toEqual([2480, 3508]);
    expect(pngSize(image.png)).toEqual({ width: 2480, height: 3508 });
  });

  it('draws text with the bundled fonts only (no system font needed)', () => {
    for (const family of ['Source Sans 3', 'Inter', 'Merriweather'] as const) {
      const svg = svgDocument(300, 60, textEl(10, 40, 'Quick brown fox 123', { family, size: 28 }), 'text');
      expect(inkShare(rasterise(svg, { scale: 1 }).png), family).toBeGreaterThan(0.02);
    }
    const none = svgDocument(300, 60, '', 'blank');
    expect(inkShare(rasterise(none, { scale: 1 }).png)).toBe(0);
  });

  it('gives the same pixels for the same SVG', () => {
    const svg = renderChartSvg(offenceBySex(), figure, { width: 600, height: 400, labelOf, footnote: FOOTNOTE });
    expect(rasterise(svg, { scale: 1 }).png.equals(rasterise(svg, { scale: 1 }).png)).toBe(true);
  });
});

describe('PDF export', () => {
  it('writes one page of the chart size with the fonts embedded and the text extractable', async () => {
    const dir = tempDir();
    const out = join(dir, 'chart.pdf');
    await exportFigure(offenceBySex(), figure, 'pdf', out, { labelOf, footnote: FOOTNOTE, width: 800, height: 500 });
    expect(pdfInfo(out)).toEqual({ pages: 1, width: 600, height: 375 });
    const text = pdfText(out);
    expect(text).toContain('Victims by offence group and sex');
    expect(text).toContain('[c]');
    expect(text).toContain('Source: Test constabulary extract.');
    expect(pdfFonts(out)).toMatch(/SourceSans3-Regular\s+CID TrueType\s+Identity-H\s+yes/);
    expect(readdirSync(dir)).toEqual(['chart.pdf']);
  });

  it('lays a chart on an A4 portrait or a 16:9 page', async () => {
    const dir = tempDir();
    const svg = renderChartSvg(offenceBySex(), figure, { width: 800, height: 500, labelOf, footnote: FOOTNOTE });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'a4.pdf'), await svgToPdf(svg, { page: 'a4-portrait', margin: 36 }));
    writeFileSync(join(dir, 'wide.pdf'), await svgToPdf(svg, { page: 'landscape-16x9' }));
    expect(pdfInfo(join(dir, 'a4.pdf'))).toEqual({ pages: 1, width: 595.28, height: 841.89 });
    expect(pdfInfo(join(dir, 'wide.pdf'))).toEqual({ pages: 1, width: 960, height: 540 });
    expect(pdfText(join(dir, 'a4.pdf'))).toContain('Victims by offence group and sex');
  });

  it('is byte-identical for the same input and creation date', async () => {
    const svg = renderChartSvg(offenceBySex(), figure, { width: 800, height: 500, labelOf, footnote: FOOTNOTE });
    const date = new Date('2026-11-27T09:00:00Z');
    const a = await svgToPdf(svg, { creationDate: date });
    const b = await svgToPdf(svg, { creationDate: date });
    expect(a.equals(b)).toBe(true);
  });
});
