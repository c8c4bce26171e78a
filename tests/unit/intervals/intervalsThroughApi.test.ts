// Intervals through the real dispatcher on a real encrypted workspace holding a generated
// victims extract: the query result carries limits and year-on-year changes computed from its
// published numbers (checked here by a second, plain computation), a saved figure keeps the
// option, and its CSV and XLSX exports carry the limits, the changes and the lines naming how.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../../shared/intervals.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';

let world: ReportWorld;

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 6000, 11));
}, 120_000);
afterAll(async () => world?.close());

const SPEC = {
  cohort: 'victims',
  rows: ['financial_year'],
  cols: ['sex'],
  percent: 'row',
  intervals: true,
} as const;

/** p1 - p2's 95% interval by the normal approximation, far from the edges: a plain second check. */
function waldDifference(x1: number, n1: number, x2: number, n2: number): { lower: number; upper: number } {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return { lower: p1 - p2 - 1.96 * se, upper: p1 - p2 + 1.96 * se };
}

describe('intervals of a query', () => {
  it('bound each published percentage by its Wilson interval, and none of a hidden one', async () => {
    const result = (await world.dispatcher.call('engine.query', SPEC)) as QueryResult;
    const bounds = result.intervals?.percents;
    expect(bounds).toBeDefined();
    expect(result.intervals?.notes.join(' ')).toContain('Wilson');
    let checked = 0;
    result.counts.forEach((row, r) =>
      row.forEach((count, c) => {
        const lower = bounds!.lower[r]![c]!;
        const upper = bounds!.upper[r]![c]!;
        const n = result.rowTotals[r];
        if (count === null || n === null || n === undefined || n === 0) {
          expect([lower, upper]).toEqual([null, null]);
          return;
        }
        const w = wilsonInterval(count, n)!;
        expect(lower).toBeCloseTo(100 * w.lower, 9);
        expect(upper).toBeCloseTo(100 * w.upper, 9);
        expect(lower).toBeLessThanOrEqual(result.percents![r]![c]!);
        expect(upper).toBeGreaterThanOrEqual(result.percents![r]![c]!);
        checked += 1;
      }),
    );
    expect(checked).toBeGreaterThan(4);
    for (const [r, c] of result.suppressed) expect(bounds!.lower[r]![c]).toBeNull();
  });

  it('marks a year-on-year change of a percentage only where a difference interval excludes zero', async () => {
    const result = (await world.dispatcher.call('engine.query', SPEC)) as QueryResult;
    const changes = result.changes!;
    expect(changes).toMatchObject({ axis: 'rows', of: 'percents' });
    const years = result.rows.keys.map((k) => k[0]!);
    let compared = 0;
    years.forEach((year, r) => {
      const previous = years.findIndex((y) => y < year && !years.some((z) => z > y && z < year));
      result.counts[r]!.forEach((count, c) => {
        const flag = changes.flags[r]![c];
        const before = previous >= 0 ? result.counts[previous]![c] : null;
        if (previous < 0 || count === null || before === null || before === undefined) {
          expect(flag).toBeNull();
          return;
        }
        const n2 = result.rowTotals[r]!;
        const n1 = result.rowTotals[previous]!;
        // Large yearly totals: the normal approximation agrees with Newcombe's except on a knife edge.
        const d = waldDifference(count, n2, before, n1);
        if (Math.min(Math.abs(d.lower), Math.abs(d.upper)) < 0.01) return;
        expect(flag).toBe(d.lower > 0 ? 'up' : d.upper < 0 ? 'down' : 'same');
        compared += 1;
      });
    });
    expect(compared).toBeGreaterThan(0);
  });

  it('carries neither without the option', async () => {
    const { intervals: _on, ...plain } = SPEC;
    const result = (await world.dispatcher.call('engine.query', plain)) as QueryResult;
    expect(result.intervals).toBeUndefined();
    expect(result.changes).toBeUndefined();
  });
});

describe('a saved figure with intervals', () => {
  it('keeps the option, and exports the limits, the changes and how they were computed', async () => {
    await world.dispatcher.call('figures.save', {
      figure: { name: 'years', title: 'Victims by year and sex', chart: 'bar', query: SPEC },
      overwrite: true,
    });
    const saved = await world.dispatcher.call('figures.get', { name: 'years' });
    expect(saved.figure.query.intervals).toBe(true);

    const csvPath = world.file('years.csv');
    await world.dispatcher.call('export.figure', { name: 'years', format: 'csv', path: csvPath });
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv).toMatch(/lower 95% confidence limit/);
    expect(csv).toMatch(/upper 95% confidence limit/);
    expect(csv).toMatch(/Change in percentage from the previous year/);
    expect(csv).toMatch(/# Ranges are 95% confidence intervals: Wilson score intervals for percentages\./);
    expect(csv).toMatch(/# ▲ ▼ mark a change from the previous year/);

    const result = (await world.dispatcher.call('engine.query', SPEC)) as QueryResult;
    const lowerBlock = csv.split('\r\n\r\n').find((b) => /lower 95% confidence limit/.test(b))!;
    const firstLine = lowerBlock.split('\r\n')[1]!.split(',');
    const first = result.intervals!.percents!.lower[0]!;
    expect(firstLine.slice(1)).toEqual(first.map((v) => (v === null ? '[c]' : v.toFixed(1))));

    const xlsxPath = world.file('years.xlsx');
    await world.dispatcher.call('export.figure', { name: 'years', format: 'xlsx', path: xlsxPath });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsxPath);
    const names = book.worksheets.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Table_1_lower', 'Table_1_upper', 'Table_1_change']));
    const notes = JSON.stringify(book.getWorksheet('Notes')?.getSheetValues());
    expect(notes).toContain('Wilson score intervals');
    expect(notes).toContain('Newcombe');
  });
});
