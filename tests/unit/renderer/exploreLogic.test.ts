// The Explore screen's pure logic, without a browser: Plotly figures from query results
// (suppressed cells stay gaps), which charts a table's shape allows, the clipboard text of a
// cross-tab, and the filter state's round trip through the query spec.
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../shared/query.ts';
import { chartAvailability, plotlyFigure } from '../../../src-renderer/charts/plotlyFigure.ts';
import { tableAsTsv } from '../../../src-renderer/components/explore/tableText.ts';
import {
  fromFilters,
  periodFilters,
  quarterRange,
  selectionFilters,
  toggleValue,
} from '../../../src-renderer/state/filters.ts';

function result(partial: Partial<QueryResult>): QueryResult {
  return {
    spec: {},
    rows: { fields: ['age_band'], keys: [['18-24'], ['25-34']] },
    cols: { fields: ['sex'], keys: [['Female'], ['Male']] },
    counts: [
      [12, null],
      [30, 41],
    ],
    rowTotals: [15, 71],
    colTotals: [42, 44],
    total: 86,
    suppressed: [[0, 1]],
    disclosure: null,
    meta: { cohort: 'victims', measure: 'records', recordsMatched: 86, recordsTotal: 86, elapsedMs: 1, warnings: [] },
    ...partial,
  };
}

const options = { labelOf: (f: string) => f.toUpperCase(), valueLabel: 'Records' };

describe('Plotly figures', () => {
  it('keeps a suppressed cell as a gap, never a zero', () => {
    const figure = plotlyFigure(result({}), 'bar', options);
    expect(figure?.data.map((t) => t.y)).toEqual([
      [12, 30],
      [null, 41],
    ]);
  });

  it('draws males to the left of a pyramid, with [c] for a suppressed bar', () => {
    const figure = plotlyFigure(result({}), 'pyramid', options);
    const male = figure?.data.find((t) => t.name === 'Male');
    expect(male?.x).toEqual([null, -41]);
    const marks = figure?.layout.annotations as Array<{ text: string; y: number; xanchor: string }>;
    expect(marks).toEqual([expect.objectContaining({ text: '[c]', y: 0, xanchor: 'right' })]);
  });

  it('draws every district polygon and the ONS attribution on a map', () => {
    const map = result({
      rows: { fields: ['district'], keys: [['Fenland'], ['Cambridge']] },
      cols: { fields: [], keys: [[]] },
      counts: [[10], [null]],
    });
    const figure = plotlyFigure(map, 'map', options);
    const names = new Set(figure?.data.filter((t) => t.fill === 'toself').map((t) => t.name));
    expect(names.size).toBe(6);
    expect(JSON.stringify(figure?.layout.annotations)).toContain('Open Government Licence');
    const cambridge = figure?.data.find((t) => t.name === 'Cambridge');
    // Suppressed: hatched on grey as in the export, not a colour of the scale.
    expect(cambridge?.fillcolor).toBe('#e3e6ea');
    expect(cambridge?.fillpattern).toMatchObject({ shape: '/' });
  });

  it('offers only the charts the table’s shape allows, saying why', () => {
    const availability = chartAvailability(result({}));
    expect(availability.pyramid).toBeNull();
    expect(availability.map).toMatch(/district/);
    expect(availability.line).toMatch(/month or financial year/);
  });
});

describe('cross-tab text', () => {
  it('copies a percentage of an empty row as [z] and of a suppressed count as [c]', () => {
    const base = result({});
    const table = {
      ...base,
      spec: { percent: 'row' },
      counts: [
        [12, null],
        [0, 0],
      ],
      rowTotals: [15, 0],
      percents: [
        [80, null],
        [null, null],
      ],
    };
    expect(
      tableAsTsv(table, (f) => f)
        .split('\n')
        .slice(-2),
    ).toEqual(['18-24\t80.0\t[c]', '25-34\t[z]\t[z]']);
  });

  it('copies headers, [c] for suppressed cells and totals as tab-separated lines', () => {
    expect(tableAsTsv(result({}), (f) => f).split('\n')).toEqual([
      'age_band\tFemale\tMale\tTotal',
      '18-24\t12\t[c]\t15',
      '25-34\t30\t41\t71',
      'Total\t42\t44\t86',
    ]);
  });
});

describe('filter state', () => {
  it('toggles a value in and out, switching between include and exclude', () => {
    let s = toggleValue({}, 'district', 'Fenland', 'in');
    s = toggleValue(s, 'district', 'Cambridge', 'in');
    expect(s.district).toEqual({ mode: 'in', values: ['Fenland', 'Cambridge'] });
    s = toggleValue(s, 'district', 'Fenland', 'notIn');
    expect(s.district).toEqual({ mode: 'notIn', values: ['Fenland'] });
    s = toggleValue(s, 'district', 'Fenland', 'notIn');
    expect(s.district).toBeUndefined();
  });

  it('turns financial-year quarters into date ranges (Q4 is January to March)', () => {
    expect(quarterRange('2022/23', 4)).toEqual({ from: '2023-01-01', to: '2023-03-31' });
    expect(periodFilters({ kind: 'quarter', quarter: { year: '2022/23', q: 1 } })).toEqual([
      { kind: 'dateRange', field: 'date', from: '2022-04-01', to: '2022-06-30' },
    ]);
  });

  it('restores a saved figure’s filters exactly', () => {
    const selections = {
      sex: { mode: 'notIn' as const, values: ['Unknown'] },
      district: { mode: 'in' as const, values: ['Fenland'] },
    };
    const filters = [
      ...periodFilters({ kind: 'financialYear', financialYears: ['2021/22'] }),
      ...selectionFilters(selections),
    ];
    const restored = fromFilters(filters);
    expect(restored.period).toEqual({ kind: 'financialYear', financialYears: ['2021/22'] });
    expect(restored.selections).toEqual(selections);
  });

  it('restores every kind of filter by its kind, whatever keys it carries', () => {
    const restored = fromFilters([
      { kind: 'equals', field: 'repeat_victim', equals: false },
      { kind: 'dateRange', field: 'date', from: '2022-01-01' },
      { kind: 'numberRange', field: 'age', min: 18 },
      { kind: 'in', field: 'sex', in: ['Female'] },
    ]);
    expect(restored.period).toEqual({ kind: 'custom', from: '2022-01-01' });
    expect(restored.selections).toEqual({
      repeat_victim: { mode: 'in', values: ['No'] },
      sex: { mode: 'in', values: ['Female'] },
    });
  });
});
