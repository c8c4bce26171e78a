// Infographics from the three templates, rendered with a fake resolver (no engine) to SVG, PNG
// and PDF: the three hold the same texts, the numbers are the resolver's, a suppressed number
// shows [c], and a result without disclosure control is refused.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors.ts';
import { MAP_ATTRIBUTION } from '../../../shared/geo/districts.ts';
import { countSpec } from '../../../src-main/export/infographic/queries.ts';
import { renderInfographic, renderInfographicSvg } from '../../../src-main/export/infographic/renderInfographic.ts';
import { TEMPLATE_NAMES, templateFor, victimsTemplate } from '../../../src-main/export/infographic/templates.ts';
import { formatNumber } from '../../../src-main/export/chartScale.ts';
import { fakeResolver } from './fakeResults.ts';
import { inkShare, pdfInfo, pdfText, pngSize, svgTexts, tempDir } from './exportTestKit.ts';

const context = { synthetic: true, generatedAt: new Date('2026-11-27T10:00:00Z'), source: 'Test extracts' };

describe('infographic templates', () => {
  for (const name of TEMPLATE_NAMES)
    it(`renders the ${name} template to SVG, PNG and PDF with the same texts`, async () => {
      const dir = tempDir();
      const doc = templateFor(name, '2023/24');
      const svg = await renderInfographic(doc, fakeResolver().resolve, context, 'svg');
      const png = await renderInfographic(doc, fakeResolver().resolve, context, 'png', { scale: 1 });
      const pdf = await renderInfographic(doc, fakeResolver().resolve, context, 'pdf');
      expect(svg.warnings).toEqual([]);
      // The three are made from one SVG, the same for the same data.
      expect(png.svg).toBe(svg.svg);
      expect(pdf.svg).toBe(svg.svg);
      const texts = svgTexts(svg.svg);
      const title = `${name[0]?.toUpperCase()}${name.slice(1)}: 2023/24 at a glance`;
      expect(texts).toContain(title);
      expect(texts).toContain(MAP_ATTRIBUTION);
      expect(texts.some((t) => t.startsWith('SYNTHETIC DATA'))).toBe(true);
      expect(texts.some((t) => /^About \d+ in 10 /.test(t))).toBe(true);

      writeFileSync(join(dir, 'i.png'), png.content);
      writeFileSync(join(dir, 'i.pdf'), pdf.content);
      expect(pngSize(png.content)).toEqual({ width: 794, height: 1123 });
      expect(inkShare(png.content)).toBeGreaterThan(0.1);
      expect(pdfInfo(join(dir, 'i.pdf'))).toEqual({ pages: 1, width: 595.28, height: 841.89 });
      const extracted = pdfText(join(dir, 'i.pdf'));
      // Every word of the SVG's texts is in the PDF's text (pdftotext may join or split lines).
      const words = new Set(
        texts
          .join(' ')
          .split(/\s+/)
          .filter((w) => w.length > 3),
      );
      const missing = [...words].filter((w) => !extracted.includes(w));
      expect(missing).toEqual([]);
    });

  it('prints an A4 infographic at 300 dpi by default, and a 16:9 page as 16:9', async () => {
    const a4 = await renderInfographic(victimsTemplate('2023/24'), fakeResolver().resolve, context, 'png');
    expect(pngSize(a4.content)).toEqual({ width: 2480, height: 3508 });
    const dir = tempDir();
    const wide = await renderInfographic(
      victimsTemplate('2023/24', { page: 'landscape-16x9' }),
      fakeResolver().resolve,
      context,
      'pdf',
    );
    writeFileSync(join(dir, 'w.pdf'), wide.content);
    expect(pdfInfo(join(dir, 'w.pdf'))).toMatchObject({ pages: 1, width: 960, height: 540 });
  });
});

describe('infographic numbers come from live queries', () => {
  it('shows the resolver’s headline count and its change on the previous year', async () => {
    const fake = fakeResolver();
    const doc = victimsTemplate('2023/24');
    const { svg } = await renderInfographicSvg(doc, fake.resolve, context);
    const block = doc.blocks.find((b) => b.kind === 'headline');
    if (block?.kind !== 'headline') throw new Error('no headline');
    const now = (await fake.resolve(countSpec(block.query, [], '2023/24'))).total ?? 0;
    const before = (await fake.resolve(countSpec(block.query, [], '2022/23'))).total ?? 0;
    const texts = svgTexts(svg);
    expect(texts).toContain(formatNumber(now));
    const change = (100 * (now - before)) / before;
    expect(texts).toContain(
      `${change >= 0 ? '+' : ''}${formatNumber(Math.round(change * 10) / 10)}% on 2022/23 (${formatNumber(before)})`,
    );
    expect(fake.calls.some((c) => JSON.stringify(c.filters).includes('2022/23'))).toBe(true);
  });

  it('changes when the data changes (nothing is typed in)', async () => {
    const doc = victimsTemplate('2023/24');
    const a = await renderInfographicSvg(doc, fakeResolver().resolve, context);
    const b = await renderInfographicSvg(
      doc,
      fakeResolver({ small: (key) => key.includes('Fenland') }).resolve,
      context,
    );
    expect(a.svg).not.toBe(b.svg);
  });

  it('shows [c] with a note for a suppressed headline, and warns', async () => {
    const resolver = fakeResolver({ small: (key) => key.includes('domestic_abuse') });
    const { svg, warnings } = await renderInfographicSvg(victimsTemplate('2023/24'), resolver.resolve, context);
    const texts = svgTexts(svg);
    expect(texts).toContain('[c]');
    expect(texts.join(' ')).toContain('Suppressed by disclosure control: too few to publish.');
    expect(warnings.filter((w) => w.includes('does not fit'))).toEqual([]);
    expect(warnings.some((w) => w.includes('"Domestic abuse related records" is suppressed'))).toBe(true);
  });

  it('refuses results without disclosure control', async () => {
    const error = await renderInfographicSvg(
      victimsTemplate('2023/24'),
      fakeResolver({ disclosure: false }).resolve,
      context,
    ).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('DISCLOSURE_REQUIRED');
  });

  it('refuses an invalid document with a clear message', async () => {
    const error = await renderInfographicSvg(
      { name: 'x', blocks: [{ kind: 'nope' }] } as never,
      fakeResolver().resolve,
      context,
    ).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('INVALID_SPEC');
  });
});
