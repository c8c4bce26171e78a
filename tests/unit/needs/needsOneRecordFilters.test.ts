// Settling needs together after earlier outputs filtered on a field and on one computed from it
// (the financial year of the month, the district beside the LSOA), each world settled through the
// real code on a real snapshot (oneRecordWorld.ts): ordinary data is read, not refused.
import { describe, expect, it } from 'vitest';
import { functionAllows } from '../../../src-main/disclosure/fieldFunctions.ts';
import { A, B, type Group, matrixOf, settle, table, yearOf } from './oneRecordWorld.ts';

const refusals = (withheld: Map<number, { refuse: boolean }>) => [...withheld.values()].filter((w) => w.refuse);

describe('settling needs after outputs filtered on a month and on its year', () => {
  it('reads ordinary data when the months are more than are read as sets', async () => {
    // Five month classes: each person is given one (the cap). A person of March and April has
    // the years of both, which one month class cannot give: the rule that ties the years to
    // the months is not applied there, and the data is read, not refused.
    const months = ['2019-01', '2019-02', '2019-03', '2019-04', '2019-05'];
    const groups: Group[] = [
      ...months.map((month, i) => ({ needs: i % 2 ? [A] : [B], records: [{ month }], persons: 3 })),
      { needs: [A, B], records: [{ month: '2019-03' }, { month: '2019-04' }], persons: 1 },
    ];
    const earlier = [
      ...months.slice(0, 4).map((m) => table(groups, `persons ${m}`, { needs: [], filters: { month: [m] } })),
      table(groups, 'persons 2019/20', { needs: [], filters: { financial_year: ['2019/20'] } }),
    ];
    const { withheld, audited } = await settle({ month: months }, groups, earlier, matrixOf(groups));
    const year = audited[0]!.needs.find((n) => n.field === 'financial_year');
    expect(year?.computed?.of).toBe('month');
    expect(refusals(withheld)).toEqual([]);
  });
});

describe('a category with no pair among the other field’s categories', () => {
  const classes = (labels: string[]) => new Map(labels.map((l, i) => [l, i]));
  it('lets a month whose year is not among the years go with any year', () => {
    const months = classes(['2019-03', '2019-04']);
    const years = classes(['2019/20']);
    const pairs = [...months.keys()].map((m) => [m, yearOf(m)] as const);
    const allows = functionAllows(
      { of: 'month', pairs },
      { classOf: months, radix: 2, sets: false },
      {
        classOf: years,
        radix: 1,
        sets: false,
      },
    );
    // March's year (2018/19) is no category: March may be of 2019/20, as April is.
    expect([...allows]).toEqual([1, 1]);
  });

  it('lets an LSOA the records no longer hold, or a district none of theirs gives, go with any', () => {
    const lsoas = classes(['L1', 'L2']);
    const districts = classes(['D1', 'D2']);
    const allows = functionAllows(
      { of: 'lsoa', pairs: [['L1', 'D1']] },
      { classOf: lsoas, radix: 2, sets: false },
      { classOf: districts, radix: 2, sets: false },
    );
    // L1 is of D1, or of D2 (which no LSOA gives); L2 (no pair) of either.
    expect([...allows]).toEqual([1, 1, 1, 1]);
  });
});
