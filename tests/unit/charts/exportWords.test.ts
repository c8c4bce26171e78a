// What a comms team reads on an exported chart: the figure's internal notes never printed, every
// category label whole (wrapped or turned, never cut or ended with "…"), and no label drawn
// left of the picture's edge.
import { describe, expect, it } from 'vitest';
import { OFFENCE_GROUPS } from '../../../shared/codebook.ts';
import { renderFigure } from '../../../src-main/export/exportFigure.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { measureText } from '../../../src-main/export/textMetrics.ts';
import { parseSvg, type XmlElement } from '../export/exportTestKit.ts';
import { handResult } from '../export/fakeResults.ts';
import { FOOTNOTE, labelOf } from '../export/fixtureTables.ts';

const GROUPS = OFFENCE_GROUPS.filter((g) => g !== 'Unknown');

function allOffences() {
  return handResult({
    rows: ['offence_group'],
    rowKeys: GROUPS.map((g) => [g]),
    cols: ['sex'],
    colKeys: [['Female'], ['Male']],
    counts: GROUPS.map((_g, i) => [100 + i * 37, 80 + i * 11]),
  });
}

function groups(svg: string): XmlElement[] {
  const list = parseSvg(svg).getElementsByTagName('g');
  return Array.from({ length: list.length }, (_v, i) => list.item(i)).filter(
    (g): g is XmlElement => g?.getAttribute('class') === 'category-label',
  );
}

function texts(element: XmlElement): XmlElement[] {
  const list = element.getElementsByTagName('text');
  return Array.from({ length: list.length }, (_v, i) => list.item(i)).filter((t): t is XmlElement => t !== null);
}

describe('exported chart words', () => {
  it('never prints the figure’s internal notes', async () => {
    const figure = { chart: 'bar' as const, title: 'Offences', notes: 'INTERNAL: check with Sam before release' };
    const svg = (await renderFigure(allOffences(), figure, 'svg', { labelOf, footnote: FOOTNOTE })).toString('utf8');
    expect(svg).toContain('Offences');
    expect(svg).not.toContain('INTERNAL');
  });

  it.each([
    ['bar', 960],
    ['bar', 480],
    ['stacked', 640],
    ['hbar', 480],
  ] as const)('%s at %i px keeps every category label whole, inside the picture', (chart, width) => {
    const svg = renderChartSvg(
      allOffences(),
      { chart, title: 'Offences' },
      { width, height: 500, labelOf, footnote: FOOTNOTE },
    );
    const labels = groups(svg);
    expect(labels.map((g) => g.getAttribute('data-category'))).toEqual(GROUPS);
    for (const g of labels) {
      const lines = texts(g).map((t) => t.textContent ?? '');
      expect(lines.join(' ').replace(/\s+/g, '')).toBe((g.getAttribute('data-category') ?? '').replace(/\s+/g, ''));
      expect(lines.some((l) => l.includes('…'))).toBe(false);
    }
    // A turned label ends at its tick and hangs down to the left: its start must stay in the picture.
    for (const t of labels.flatMap(texts)) {
      const x = Number(t.getAttribute('x'));
      const size = Number(t.getAttribute('font-size'));
      const width = measureText(t.textContent ?? '', { family: 'Source Sans 3', size });
      const turned = (t.getAttribute('transform') ?? '').startsWith('rotate(-45');
      const anchor = t.getAttribute('text-anchor');
      const start = turned
        ? x - width * Math.SQRT1_2
        : anchor === 'end'
          ? x - width
          : anchor === 'middle'
            ? x - width / 2
            : x;
      expect(start).toBeGreaterThanOrEqual(-0.5);
    }
  });
});
