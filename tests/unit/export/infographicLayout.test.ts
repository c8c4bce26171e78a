// The infographic layout engine and text fitting: template blocks never overlap and stay on
// the page above the footer; overlaps are reported; wrapped text stays inside its box.
import { describe, expect, it } from 'vitest';
import { PAGE_PIXELS, PAGE_SIZES, type InfographicDoc } from '../../../shared/infographic.ts';
import { layoutInfographic, rectsOverlap } from '../../../src-main/export/infographic/layout.ts';
import { TEMPLATE_NAMES, templateFor } from '../../../src-main/export/infographic/templates.ts';
import { textInBox } from '../../../src-main/export/infographic/textBlocks.ts';
import { fitText, lineHeight, measureText, wrapText } from '../../../src-main/export/textMetrics.ts';
import { svgDocument } from '../../../src-main/export/svgMarkup.ts';
import { parseSvg } from './exportTestKit.ts';

describe('layoutInfographic', () => {
  for (const name of TEMPLATE_NAMES)
    for (const page of PAGE_SIZES)
      it(`places the ${name} template on ${page} without overlaps, inside the page and above the footer`, () => {
        const doc = templateFor(name, '2023/24', { page });
        const layout = layoutInfographic(doc, 60);
        expect(layout.problems).toEqual([]);
        expect(layout.placed).toHaveLength(doc.blocks.length);
        const { width, height } = PAGE_PIXELS[page];
        for (const a of layout.placed) {
          expect(a.rect.x).toBeGreaterThanOrEqual(0);
          expect(a.rect.x + a.rect.width).toBeLessThanOrEqual(width);
          expect(a.rect.y + a.rect.height).toBeLessThanOrEqual(layout.page.footer.y);
          expect(a.rect.y + a.rect.height).toBeLessThanOrEqual(height);
          for (const b of layout.placed)
            if (a !== b) expect(rectsOverlap(a.rect, b.rect), `${a.index} vs ${b.index}`).toBe(false);
        }
      });

  it('reports overlapping blocks and blocks that leave the grid', () => {
    const doc: InfographicDoc = {
      name: 'x',
      page: 'a4-portrait',
      theme: { primary: '#123456', accent: '#654321', fontFamily: 'Inter' },
      grid: { columns: 12, rows: 10 },
      blocks: [
        { kind: 'text', at: { col: 0, row: 0, colSpan: 6, rowSpan: 2 }, text: 'a', emphasis: false },
        { kind: 'text', at: { col: 5, row: 1, colSpan: 4, rowSpan: 2 }, text: 'b', emphasis: false },
        { kind: 'text', at: { col: 10, row: 9, colSpan: 4, rowSpan: 3 }, text: 'c', emphasis: false },
      ],
    };
    const layout = layoutInfographic(doc, 40);
    expect(layout.problems).toContain('block 1 (text) and block 2 (text) overlap on the grid.');
    expect(layout.problems.some((p) => p.startsWith('block 3 (text) reaches outside the 12 x 10 grid'))).toBe(true);
    const cut = layout.placed.find((p) => p.index === 2);
    expect((cut?.rect.x ?? 0) + (cut?.rect.width ?? 0)).toBeLessThanOrEqual(
      layout.page.grid.x + layout.page.grid.width + 0.001,
    );
  });
});

describe('text fitting', () => {
  const spec = { family: 'Source Sans 3' as const, size: 14 };
  const text = 'Repeat victims had two or more offences recorded against them within twelve months of the first.';

  it('wraps every line within the width, keeping all the words', () => {
    const lines = wrapText(text, 150, spec);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(measureText(line, spec)).toBeLessThanOrEqual(150);
    expect(lines.join(' ')).toBe(text);
  });

  it('measures the bundled fonts: wider text is wider, bold is wider than regular', () => {
    expect(measureText('MMMM', spec)).toBeGreaterThan(measureText('iiii', spec));
    expect(measureText('Victims', { ...spec, bold: true })).toBeGreaterThan(measureText('Victims', spec));
    expect(measureText('Victims', { family: 'Merriweather', size: 14 })).toBeGreaterThan(measureText('Victims', spec));
  });

  it('shrinks text to fit the height, and cuts it with … (and says so) when even the smallest size does not fit', () => {
    const fits = fitText(text, 150, 80, spec, 7);
    expect(fits.truncated).toBe(false);
    expect(fits.lines.length * lineHeight(fits.size)).toBeLessThanOrEqual(80);
    const cut = fitText(text.repeat(10), 100, 30, spec, 7);
    expect(cut.truncated).toBe(true);
    expect(cut.lines.at(-1)?.endsWith('…')).toBe(true);
    expect(cut.lines.length * lineHeight(cut.size)).toBeLessThanOrEqual(30);
  });

  it('draws a text block whose lines all lie inside its box', () => {
    const box = { x: 40, y: 60, width: 180, height: 90 };
    const out = textInBox(text, box, { family: 'Inter', size: 16, fill: '#000000' }, 'Block 1');
    expect(out.warning).toBeNull();
    const doc = parseSvg(svgDocument(400, 300, out.markup, 't'));
    const nodes = doc.getElementsByTagName('text');
    expect(nodes.length).toBeGreaterThan(1);
    for (let i = 0; i < nodes.length; i += 1) {
      const node = nodes.item(i);
      const size = Number(node?.getAttribute('font-size'));
      const y = Number(node?.getAttribute('y'));
      expect(Number(node?.getAttribute('x'))).toBe(box.x);
      expect(measureText(node?.textContent ?? '', { family: 'Inter', size })).toBeLessThanOrEqual(box.width);
      expect(y - size).toBeGreaterThanOrEqual(box.y - 1);
      expect(y).toBeLessThanOrEqual(box.y + box.height);
    }
  });
});
