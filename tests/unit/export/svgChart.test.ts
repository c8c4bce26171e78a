// The exported charts as SVG: every chart type parses as XML, keeps its text as <text>,
// escapes what it prints, marks suppressed cells [c] and draws no bar for them.
import { describe, expect, it } from 'vitest';
import { CHART_TYPES, SAFE_PALETTE, type ChartType } from '../../../shared/figure.ts';
import { MAP_ATTRIBUTION } from '../../../shared/geo/districts.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { niceTicks } from '../../../src-main/export/chartScale.ts';
import { elementsWithClass, parseSvg, svgTexts } from './exportTestKit.ts';
import { FOOTNOTE, ageBySex, byDistrict, byYear, labelOf, offenceBySex } from './fixtureTables.ts';

function resultFor(chart: ChartType) {
  if (chart === 'pyramid') return ageBySex();
  if (chart === 'map') return byDistrict();
  if (chart === 'line') return byYear();
  return offenceBySex();
}

const options = { width: 800, height: 500, labelOf, footnote: FOOTNOTE };

describe('renderChartSvg', () => {
  it.each(CHART_TYPES)('draws a %s chart that parses and holds its title, footnote and a [c]', (chart) => {
    const svg = renderChartSvg(
      resultFor(chart),
      { chart, title: `Title of the ${chart} chart`, subtitle: 'A subtitle' },
      options,
    );
    parseSvg(svg);
    const texts = svgTexts(svg);
    expect(texts.join(' ')).toContain(`Title of the ${chart} chart`);
    expect(texts).toContain(FOOTNOTE[2]);
    expect(texts.some((t) => t.includes('[c]'))).toBe(true);
    expect(svg).toContain('font-family="&apos;Source Sans 3&apos;, sans-serif"');
  });

  it('escapes markup in titles, notes and category labels', () => {
    const result = offenceBySex();
    result.rows.keys[0] = ['<script>alert("x")</script> & co'];
    const svg = renderChartSvg(
      result,
      { chart: 'bar', title: 'Tom & Jerry <b>"quoted"</b>', subtitle: "it's" },
      options,
    );
    expect(svg).not.toContain('<script>');
    const texts = svgTexts(svg).join('|');
    expect(texts).toContain('Tom & Jerry <b>"quoted"</b>');
    expect(texts).toContain('<script>alert("x")</script> & co');
  });

  it('omits the bar of a suppressed cell (a gap, not a zero) in a grouped bar chart', () => {
    const result = offenceBySex();
    const svg = renderChartSvg(result, { chart: 'bar', title: 'Bars' }, options);
    const bars = elementsWithClass(svg, 'rect', 'bar');
    // 3 offence groups x 2 sexes, one suppressed: 5 bars.
    expect(bars).toHaveLength(5);
    const male = bars.filter((b) => b.getAttribute('fill') === SAFE_PALETTE[1]);
    expect(male).toHaveLength(2);
    expect(bars.every((b) => Number(b.getAttribute('height')) > 0)).toBe(true);
  });

  it('draws one horizontal bar per published cell and none for the suppressed one', () => {
    const svg = renderChartSvg(offenceBySex(), { chart: 'hbar', title: 'H' }, options);
    expect(elementsWithClass(svg, 'rect', 'hbar')).toHaveLength(5);
  });

  it('breaks a line at a suppressed point instead of dropping to zero', () => {
    const svg = renderChartSvg(byYear(), { chart: 'line', title: 'Trend' }, options);
    const paths = elementsWithClass(svg, 'path', 'line');
    const male = paths.find((p) => p.getAttribute('stroke') === SAFE_PALETTE[1]);
    // Points 2021/22 and 2023/24 only: two separate moves, never a segment through 2022/23.
    expect(male?.getAttribute('d')?.match(/M/g)).toHaveLength(2);
    expect(male?.getAttribute('d')).not.toContain('L');
  });

  it('hatches a suppressed district, lists every value and carries the ONS attribution', () => {
    const svg = renderChartSvg(byDistrict(), { chart: 'map', title: 'Map' }, options);
    const paths = elementsWithClass(svg, 'path', 'map');
    expect(paths).toHaveLength(6);
    const south = paths.find((p) =>
      p.getElementsByTagName('title').item(0)?.textContent?.startsWith('South Cambridgeshire'),
    );
    expect(south?.getAttribute('fill')).toBe('url(#chart-hatch)');
    const cambridge = paths.find((p) => p.getElementsByTagName('title').item(0)?.textContent?.startsWith('Cambridge:'));
    expect(cambridge?.getAttribute('fill')).toMatch(/^#[0-9a-f]{6}$/);
    const texts = svgTexts(svg);
    expect(texts).toContain(MAP_ATTRIBUTION);
    expect(texts).toContain('700');
    expect(parseSvg(svg).getElementsByTagName('pattern').length).toBe(1);
  });

  it('draws the table with [c] in the suppressed cell and the totals row', () => {
    const svg = renderChartSvg(offenceBySex(), { chart: 'table', title: 'Table' }, options);
    const texts = svgTexts(svg);
    expect(texts).toEqual(
      expect.arrayContaining(['Offence group', 'Female', 'Male', 'Total', 'Sexual offences', '[c]', '1,130']),
    );
  });

  it('is deterministic: the same input gives the same bytes', () => {
    const a = renderChartSvg(ageBySex(), { chart: 'pyramid', title: 'P' }, options);
    const b = renderChartSvg(ageBySex(), { chart: 'pyramid', title: 'P' }, options);
    expect(a).toBe(b);
  });
});

describe('niceTicks', () => {
  it('chooses round steps that cover the range from zero', () => {
    expect(niceTicks(0, 1130, 5).values).toEqual([0, 250, 500, 750, 1000, 1250]);
    expect(niceTicks(0, 7, 5).step).toBe(2);
    const t = niceTicks(0, 0);
    expect(t.max).toBeGreaterThan(0);
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops the control characters XML forbids', async () => {
    const { escapeXml } = await import('../../../src-main/export/svgMarkup.ts');
    expect(escapeXml(`a<b>&"c'\u0001\u0008d\te`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;d\te');
  });
});
