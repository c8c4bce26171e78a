// Year-on-year change marks on hand-checked tables: which year is compared with which (years in
// any order, with another field beside them, unknown years left out), counts by the exact test
// of two Poisson counts, shares of each year's own total by Newcombe's interval.
import { describe, expect, it } from 'vitest';
import { previousYears } from '../../../shared/intervals.ts';
import { yearChanges, type ChangeInputs } from '../../../src-main/engine/yearChanges.ts';

function table(keys: string[][], counts: (number | null)[][], percent: ChangeInputs['percent'] = 'none'): ChangeInputs {
  const sum = (v: (number | null)[]): number | null =>
    v.some((x) => x === null) ? null : v.reduce<number>((a, b) => a + (b ?? 0), 0);
  return {
    rows: { fields: ['financial_year'], keys },
    cols: { fields: ['sex'], keys: counts[0]!.map((_, j) => [`S${j}`]) },
    counts,
    rowTotals: counts.map(sum),
    colTotals: counts[0]!.map((_, j) => sum(counts.map((r) => r[j] ?? null))),
    percent,
  };
}

describe('previous years', () => {
  it('pairs each year with the latest earlier one sharing the other fields, leaving out unknown years', () => {
    const keys = [
      ['2021/22', 'Male'],
      ['2019/20', 'Male'],
      ['2019/20', 'Female'],
      ['Unknown', 'Male'],
      ['2021/22', 'Female'],
      ['2022/23', 'Male'],
    ];
    expect([...previousYears(['financial_year', 'sex'], keys)].sort()).toEqual(
      [
        [0, 1],
        [4, 2],
        [5, 0],
      ].sort(),
    );
  });
});

describe('year-on-year changes', () => {
  it('marks counts by the exact test: 100 then 150 is up, 150 then 151 and 151 then 130 are noise', () => {
    // P(X >= 150 | 250, 1/2) doubled is about 0.002; P(X <= 130 | 281, 1/2) doubled is about 0.24.
    const changes = yearChanges(
      table([['2019/20'], ['2020/21'], ['2021/22'], ['2022/23']], [[100], [150], [151], [130]]),
    )!;
    expect(changes).toMatchObject({ axis: 'rows', of: 'counts' });
    expect(changes.flags).toEqual([[null], ['up'], ['same'], ['same']]);
    const down = yearChanges(table([['2019/20'], ['2020/21']], [[200], [140]]))!;
    expect(down.flags).toEqual([[null], ['down']]);
  });

  it("marks shares of each year's own total by Newcombe's interval, and leaves hidden numbers unmarked", () => {
    // 56/70 then 48/80: the difference 0.6 - 0.8 has the interval (-0.3339, -0.0524), below zero.
    const marked = yearChanges(
      table(
        [['2019/20'], ['2020/21']],
        [
          [56, 14],
          [48, 32],
        ],
        'row',
      ),
    )!;
    expect(marked.of).toBe('percents');
    expect(marked.flags).toEqual([
      [null, null],
      ['down', 'up'],
    ]);
    // 9/10 then 8/10: noise.
    const noise = yearChanges(
      table(
        [['2019/20'], ['2020/21']],
        [
          [9, 1],
          [8, 2],
        ],
        'row',
      ),
    )!;
    expect(noise.flags[1]).toEqual(['same', 'same']);
    const hidden = yearChanges(
      table(
        [['2019/20'], ['2020/21']],
        [
          [56, null],
          [48, 32],
        ],
        'row',
      ),
    )!;
    expect(hidden.flags[1]).toEqual([null, null]);
  });

  it('runs along the columns when the years are there, and is absent without a year', () => {
    const across: ChangeInputs = {
      rows: { fields: ['sex'], keys: [['Female']] },
      cols: { fields: ['financial_year'], keys: [['2019/20'], ['2020/21']] },
      counts: [[100, 150]],
      rowTotals: [250],
      colTotals: [100, 150],
      percent: 'none',
    };
    expect(yearChanges(across)).toMatchObject({ axis: 'cols', flags: [[null, 'up']] });
    expect(yearChanges({ ...across, cols: { fields: ['district'], keys: [['A'], ['B']] } })).toBeUndefined();
  });
});
