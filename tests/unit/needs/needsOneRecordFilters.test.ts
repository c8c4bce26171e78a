// Settling needs together after earlier outputs filtered on a field and on one computed from it
// (the financial year of the month, the district beside the LSOA). The engine counts a person in
// such a table where one record of theirs passes both filters; read as two filters each met by
// some record, the audit kept worlds an intruder rules out (a person of March and May 2019 in
// "March or April, and 2019/20"), and printed a count the intruder narrows. Each world is settled
// through the real code on a real snapshot and then attacked by the test's own intruder, by
// brute force over whole persons (oneRecordWorld.ts).
import { describe, expect, it } from 'vitest';
import { functionAllows } from '../../../src-main/disclosure/fieldFunctions.ts';
import { A, B, type Group, type RecordOf, matrixOf, narrowed, settle, table, yearOf } from './oneRecordWorld.ts';

const refusals = (withheld: Map<number, { refuse: boolean }>) => [...withheld.values()].filter((w) => w.refuse);

describe('settling needs after outputs filtered on one record by two related fields', () => {
  it('reads a month and a financial year filtered together as the months of those years', async () => {
    const fields = { month: ['2019-03', '2019-04', '2019-05'] };
    const groups: Group[] = [
      { needs: [B], records: [{ month: '2019-04' }], persons: 5 },
      { needs: [A, B], records: [{ month: '2019-03' }], persons: 1 },
      { needs: [A], records: [{ month: '2019-05' }], persons: 4 },
      { needs: [], records: [{ month: '2019-03' }, { month: '2019-05' }], persons: 1 },
    ];
    // b in March or April and in 2019/20 is b in April: 5 of the 6 with b, none of them with a.
    const earlier = [
      table(groups, 'b, March or April, 2019/20', {
        needs: [B],
        filters: { month: ['2019-03', '2019-04'], financial_year: ['2019/20'] },
      }),
      table(groups, 'a, April', { needs: [A], filters: { month: ['2019-04'] } }),
    ];
    const matrix = matrixOf(groups);
    const all = [...earlier, ...matrix];
    expect(all.map((t) => t.cells[0]!.value)).toEqual([5, 0, 11, 5, 6, 1]);
    const { withheld } = await settle(fields, groups, earlier, matrix);
    expect(narrowed(fields, groups, all, withheld, earlier.length)).toEqual([]);
    expect(refusals(withheld)).toEqual([]);
  });

  it('reads an LSOA and its district filtered together where the records put an LSOA in two', async () => {
    // Records pair L2 with both districts (an extract at odds with itself): the filters do not fold.
    const lsoas: Record<string, string[]> = { L1: ['D1'], L2: ['D1', 'D2'], L3: ['D2'] };
    const may = (r: RecordOf): boolean => lsoas[r.lsoa!]!.includes(r.district!);
    const fields = { lsoa: ['L1', 'L2', 'L3'], district: ['D1', 'D2'] };
    const groups: Group[] = [
      { needs: [B], records: [{ lsoa: 'L2', district: 'D2' }], persons: 5 },
      { needs: [A, B], records: [{ lsoa: 'L1', district: 'D1' }], persons: 1 },
      { needs: [A], records: [{ lsoa: 'L3', district: 'D2' }], persons: 4 },
      {
        needs: [],
        records: [
          { lsoa: 'L1', district: 'D1' },
          { lsoa: 'L3', district: 'D2' },
          { lsoa: 'L2', district: 'D1' },
        ],
        persons: 1,
      },
    ];
    const earlier = [
      table(groups, 'b, L1 or L2, D2', { needs: [B], filters: { lsoa: ['L1', 'L2'], district: ['D2'] } }),
      table(groups, 'a, L2', { needs: [A], filters: { lsoa: ['L2'] } }),
    ];
    const matrix = matrixOf(groups);
    const all = [...earlier, ...matrix];
    const { withheld } = await settle(fields, groups, earlier, matrix);
    expect(narrowed(fields, groups, all, withheld, earlier.length, may)).toEqual([]);
    expect(refusals(withheld)).toEqual([]);
  });

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

describe('settling needs after outputs filtered on one record by two fields of records apart', () => {
  // Service and age band: neither computed from the other. A person whose services meet one
  // filter and whose age bands meet the other may have a record of every pair of them, so the
  // sets read as each filter met by some record are counts of a real world: nothing to mend.
  // Seeded worlds of seven persons, two or three earlier outputs each, every one attacked.
  const fields = { service: ['S1', 'S2'], age_band: ['Y', 'O'] };
  const kinds: RecordOf[] = fields.service.flatMap((service) =>
    fields.age_band.map((age_band) => ({ service, age_band })),
  );
  const recordings = [...kinds.map((k) => [k]), ...kinds.flatMap((k, i) => kinds.slice(i + 1).map((l) => [k, l]))];
  const filters = [
    ...fields.service.map((s) => ({ service: [s] })),
    ...fields.age_band.map((a) => ({ age_band: [a] })),
    ...kinds.map((k) => ({ service: [k.service!], age_band: [k.age_band!] })),
  ];
  const asks = [[], [A], [B]].flatMap((needs) => filters.map((f) => ({ needs, filters: f })));
  let seed = 7;
  const draw = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * n);
  };
  it.each(Array.from({ length: 12 }, (_x, i) => i))('world %i: no hidden small count narrowed', async () => {
    const needs = [[A], [B], [A, B], [], [A, B]];
    const groups: Group[] = Array.from({ length: 7 }, () => ({
      needs: needs[draw(needs.length)]!,
      records: recordings[draw(recordings.length)]!,
      persons: 1,
    }));
    const earlier = Array.from({ length: 2 + draw(2) }, (_x, i) => table(groups, `E${i}`, asks[draw(asks.length)]!));
    const matrix = matrixOf(groups);
    const { withheld } = await settle(fields, groups, earlier, matrix);
    expect(narrowed(fields, groups, [...earlier, ...matrix], withheld, earlier.length)).toEqual([]);
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
