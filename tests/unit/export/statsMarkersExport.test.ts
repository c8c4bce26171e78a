// Protected tables with statistics and percentages, exported as XLSX and CSV and read back from
// disk (exceljs; papaparse): [c] where a number is confidential, [z] for a percentage of an
// empty row, [x] for a rate without a population; a footnote for each marker used; metadata
// counts that match the sheet; the statistics as published, with no number for a suppressed cell.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { MARKER_FOOTNOTES, MARKERS } from '../../../shared/markers.ts';
import type { QueryResult, QuerySpec } from '../../../shared/query.ts';
import { renderInfographicSvg } from '../../../src-main/export/infographic/renderInfographic.ts';
import { victimsTemplate } from '../../../src-main/export/infographic/templates.ts';
import { exportFigure } from '../../../src-main/export/exportFigure.ts';
import { renderChartSvg } from '../../../src-main/export/svgChart.ts';
import { tableGrid } from '../../../src-main/export/tableGrid.ts';
import { protectedResult } from '../disclosure/statsIntruder.ts';
import { parseSvg, svgTexts, tempDir } from './exportTestKit.ts';
import { fakeResolver, handResult } from './fakeResults.ts';

// Districts by offence group: a district with no victims (row 2), small counts elsewhere.
const COUNTS = [
  [40, 2, 30, 25],
  [35, 28, 3, 40],
  [0, 0, 0, 0],
  [50, 44, 38, 60],
  [20, 31, 27, 1],
];
const figure = { name: 'da', chart: 'table' as const, title: 'Domestic abuse victims', query: {} };
const options = {
  labelOf: (field: string) => (field === 'district' ? 'District' : 'Offence group'),
  footnote: ['Source: police extract (synthetic).'],
  generatedAt: new Date('2026-12-05T10:00:00Z'),
  synthetic: true,
};

async function exported(): Promise<{ result: QueryResult; xlsx: string; csv: string }> {
  const { result } = await protectedResult(COUNTS, { threshold: 5 }, { percent: 'row' });
  const dir = tempDir();
  const xlsx = join(dir, 'da.xlsx');
  const csv = join(dir, 'da.csv');
  await exportFigure(result, figure, 'xlsx', xlsx, options);
  await exportFigure(result, figure, 'csv', csv, options);
  return { result, xlsx, csv };
}

/** Rows of the sheet as arrays of cell values (1-based columns dropped to 0-based). */
function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, r) => {
    const values = row.values as unknown[];
    rows[r - 1] = values.slice(1);
  });
  return Array.from(rows, (row) => row ?? []);
}

/** The body of the one table on a sheet: the rows under its header row (row 5). */
function tableBody(workbook: ExcelJS.Workbook, sheetName: string): unknown[][] {
  const sheet = workbook.getWorksheet(sheetName);
  expect(sheet, `a sheet ${sheetName}`).toBeDefined();
  return sheetRows(sheet!).slice(5);
}

describe('markers and statistics in table exports', () => {
  it('writes [c], [z], the statistics and their notes to XLSX, and counts the markers it shows', async () => {
    const { result, xlsx } = await exported();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const suppressed = new Set(result.suppressed.map(([r, c]) => `${r}:${c}`));
    expect(suppressed.size).toBeGreaterThan(2);

    // Percentages of the empty district are not applicable; of a suppressed count, confidential.
    const percents = tableBody(workbook, 'Table_1_percent');
    expect(percents[2]!.slice(1)).toEqual(['[z]', '[z]', '[z]', '[z]']);
    // Expected counts and residuals: [c] for suppressed cells, [z] for the empty district.
    for (const name of ['Table_1_expected', 'Table_1_residuals']) {
      const block = tableBody(workbook, name);
      expect(block[2]!.slice(1)).toEqual(['[z]', '[z]', '[z]', '[z]']);
      for (const key of suppressed) {
        const [r, c] = key.split(':').map(Number) as [number, number];
        expect(block[r]![c + 1], `${name} at ${key}`).toBe('[c]');
      }
    }
    for (const key of suppressed) {
      const [r, c] = key.split(':').map(Number) as [number, number];
      expect(percents[r]![c + 1]).toBe('[c]');
    }

    // The statistics as published: the printed text, or the number it stands for.
    const printed = result.stats!.publication!.printed;
    const stats = new Map(tableBody(workbook, 'Table_1_stats').map((row) => [row[0], row[1]]));
    const asText = (value: unknown): string | null => (value === '[c]' ? null : String(value));
    expect(asText(stats.get('Pearson chi-square'))).toBe(printed.chi2 === null ? null : String(Number(printed.chi2)));
    expect(asText(stats.get('p'))).toBe(
      printed.p === null ? null : /^[\d.]+$/.test(printed.p) ? String(Number(printed.p)) : printed.p,
    );
    expect(stats.get('Degrees of freedom')).toBe(9); // 4 non-empty districts x 4 offence groups: (4 - 1) x (4 - 1)
    const notes = tableBody(workbook, 'Notes').map((row) => row[1]);
    if (result.stats!.publication!.note) expect(notes).toContain(result.stats!.publication!.note);

    // One explanation per marker shown, and none for a marker not shown.
    expect(notes).toContain(MARKER_FOOTNOTES['[c]']);
    expect(notes).toContain(MARKER_FOOTNOTES['[z]']);
    expect(notes).not.toContain(MARKER_FOOTNOTES['[x]']);

    // The metadata counts what the table sheets show, marker by marker.
    const texts = workbook.worksheets
      .filter((sheet) => sheet.name.startsWith('Table_'))
      .flatMap((sheet) => sheetRows(sheet).slice(5).flat())
      .filter((v): v is string => typeof v === 'string');
    const meta = new Map(sheetRows(workbook.getWorksheet('Metadata')!).map((row) => [row[0], row[1]]));
    for (const marker of Object.values(MARKERS)) {
      const shown = texts.filter((t) => t === marker).length;
      expect(
        meta.get(
          `Numbers shown as ${marker} (${{ '[c]': 'confidential', '[z]': 'not applicable', '[x]': 'not available' }[marker]})`,
        ),
      ).toBe(shown);
    }
    expect(texts.filter((t) => t === '[z]').length).toBe(12); // the empty district's 4 percentages, 4 expected counts, 4 residuals
  });

  it('writes the same markers, statistics and footnotes to CSV', async () => {
    const { result, csv } = await exported();
    const text = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '');
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false }).data;
    const lines = parsed.filter((row) => !(row[0] ?? '').startsWith('#'));
    const notes = parsed.filter((row) => (row[0] ?? '').startsWith('#')).map((row) => row.join(','));
    const suppressed = result.suppressed.map(([r, c]) => [r, c] as const);
    const block = (title: string): string[][] => {
      const at = lines.findIndex((row) => row[0] === title);
      expect(at).toBeGreaterThan(0);
      const out: string[][] = [];
      for (let r = at + 1; r < lines.length && lines[r]!.length > 1; r += 1) out.push(lines[r]!);
      return out;
    };
    for (const title of ['Percentage (row)', 'Expected count', 'Adjusted standardised residual']) {
      const rows = block(title);
      expect(rows[2]!.slice(1)).toEqual(['[z]', '[z]', '[z]', '[z]']);
      for (const [r, c] of suppressed) expect(rows[r]![c + 1]).toBe('[c]');
    }
    // Counts: the suppressed cells print [c]; no row of the table holds a suppressed cell's value as a number.
    for (const [r, c] of suppressed) expect(lines[r + 1]![c + 1]).toBe('[c]');
    const stats = new Map(block('Statistics').map((row) => [row[0], row[1]]));
    const printed = result.stats!.publication!.printed;
    expect(stats.get('p')).toBe(
      printed.p === null ? '[c]' : /^[\d.]+$/.test(printed.p) ? String(Number(printed.p)) : printed.p,
    );
    expect(notes).toContain(`# ${MARKER_FOOTNOTES['[z]']}`);
    expect(notes).toContain(`# ${MARKER_FOOTNOTES['[c]']}`);
    expect(notes.some((n) => n.includes('[x]'))).toBe(false);
  });

  it('marks a rate without a population [x], and a rate of a suppressed count [c]', () => {
    const result = handResult({
      rows: ['district'],
      rowKeys: [['Fenland'], ['Huntingdonshire']],
      cols: ['sex'],
      colKeys: [['Female'], ['Male']],
      counts: [
        [3, 40],
        [25, 30],
      ],
    });
    result.rates = [
      [null, 4.1],
      [2.2, null],
    ];
    const grid = tableGrid(result, (f) => f);
    expect(grid.derived?.rows.map((row) => row.markers)).toEqual([
      ['[c]', null],
      [null, '[x]'],
    ]);
  });
});

describe('markers in charts', () => {
  it('marks the share of an empty row [z] in a 100% stacked chart, with its footnote, and a suppressed share [c]', async () => {
    const { result } = await protectedResult(COUNTS, { threshold: 5 });
    const svg = renderChartSvg(
      result,
      { chart: 'stacked100', title: 'Shares' },
      { width: 800, height: 500, labelOf: options.labelOf, footnote: options.footnote, keepEmpty: true },
    );
    parseSvg(svg);
    const texts = svgTexts(svg);
    expect(texts.filter((t) => t === '[z]')).toHaveLength(1); // one marker for the empty district's stack
    expect(texts.filter((t) => t === '[c]').length).toBeGreaterThan(0);
    expect(texts.join(' ')).toContain(MARKER_FOOTNOTES['[z]']);
    // A bar chart of counts draws the empty district's zeros, so it needs no [z].
    const bars = svgTexts(
      renderChartSvg(result, { chart: 'bar', title: 'Counts' }, { ...options, width: 800, height: 500 }),
    );
    expect(bars).not.toContain('[z]');
    expect(bars.join(' ')).not.toContain(MARKER_FOOTNOTES['[z]']);
    // Unless asked to keep it, the empty district is not drawn at all (so no [z] either).
    const dropped = svgTexts(
      renderChartSvg(result, { chart: 'stacked100', title: 'Shares' }, { ...options, width: 800, height: 500 }),
    );
    expect(dropped).not.toContain('[z]');
    expect(texts.length).toBeGreaterThan(dropped.length);
  });
});

describe('markers in infographics', () => {
  it('shows the share of an empty base as [z], not as a suppressed number', async () => {
    const empty = fakeResolver({ small: () => true });
    // Every count 0: nothing is suppressed, and every share has an empty base.
    const resolve = async (spec: QuerySpec): Promise<QueryResult> => {
      const result = await empty.resolve(spec);
      const zero = (m: Array<Array<number | null>>) => m.map((line) => line.map(() => 0));
      return {
        ...result,
        counts: zero(result.counts),
        rowTotals: result.rowTotals.map(() => 0),
        colTotals: result.colTotals.map(() => 0),
        total: 0,
        suppressed: [],
        disclosure: { ...result.disclosure!, primary: [], secondary: [], totalSuppressed: false },
      };
    };
    const { svg, warnings } = await renderInfographicSvg(victimsTemplate('2023/24'), resolve, {
      synthetic: true,
      generatedAt: new Date('2026-12-05T10:00:00Z'),
      source: 'Test extracts',
    });
    const texts = svgTexts(svg).join(' ');
    expect(texts).toContain('[z]');
    expect(texts).toMatch(/not applicable, there are no records in the base/);
    expect(texts).not.toMatch(/\[c\][^.]*suppressed by disclosure control\./);
    expect(warnings.some((w) => w.includes('is empty, so its share shows [z]'))).toBe(true);
  });
});
