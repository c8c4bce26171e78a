// Settling needs after earlier outputs by month and by financial year where the months are a
// field of records (a person's records lie in two of them) of more classes than the audit reads
// as sets: each person is then given one class of months. Crossed as if independent of the year,
// that model kept persons of January 2019 in 2019/20, which no intruder needs to consider, and a
// hidden count it judged free was narrowed in truth.
//
// Twelve persons, needs a and b, five months: two with both in January 2019, one with a in
// February, three with b in March, four with a in April, and two with neither, one in March and
// May, one in April and May (records in two months: the months are a field of records). The
// release printed "b in April" (0), "b in May" (0), the persons of January (2) and of February
// (1), and "a in 2018/19" (3): five classes of months. The matrix prints its persons (12), a (7)
// and b (5), and hides a and b together (2). Every person with b has no record in April or May,
// so is of 2018/19, so a and b together is at most a in that year: 3, below 2 plus the protection.
// The intruder of the test, a linear program of its own over every kind of person (any set of
// the five months, the years those give, one answer pattern), finds it so; the audit must too.
// Again with one more person of March and April and both years' persons printed (one class of
// months per person fits no world: each person holds one class of each year's months), and with
// July asked beside February in every table (a class of two years' months: one class a person).
import { describe, expect, it } from 'vitest';
import { UNMODELLED_REASON } from '../../../src-main/app/analysis/needsSettle.ts';
import { MOST_SET_CLASSES } from '../../../src-main/disclosure/needsPatternAudit.ts';
import {
  A,
  B,
  MONTHS,
  type Ask,
  type Group,
  intruderMost,
  narrowed,
  settle,
  table,
  yearsOf,
} from './monthYearWorld.ts';

const GROUPS: Group[] = [
  { needs: [A, B], months: ['2019-01'], persons: 2 },
  { needs: [A], months: ['2019-02'], persons: 1 },
  { needs: [B], months: ['2019-03'], persons: 3 },
  { needs: [A], months: ['2019-04'], persons: 4 },
  { needs: [], months: ['2019-03', '2019-05'], persons: 1 },
  { needs: [], months: ['2019-04', '2019-05'], persons: 1 },
];

/** `before`: tables printed first; `february`: the months the persons of February are asked in. */
function release(groups: readonly Group[], before: readonly Ask[] = [], february = ['2019-02']) {
  const earlier = [
    ...before.map((ask) =>
      table(groups, `‘${ask.needs.join(' and ') || 'persons'} in ${ask.year ?? ask.months}’`, ask),
    ),
    table(groups, '‘b in 2019-04’', { needs: [B], months: ['2019-04'] }),
    table(groups, '‘b in 2019-05’', { needs: [B], months: ['2019-05'] }),
    table(groups, '‘persons in 2019-01’', { needs: [], months: ['2019-01'] }),
    table(groups, `‘persons in ${february}’`, { needs: [], months: february }),
    table(groups, '‘a in 2018/19’', { needs: [A], year: '2018/19' }),
  ];
  const matrix = [
    table(groups, 'persons', { needs: [] }),
    table(groups, 'a', { needs: [A] }),
    table(groups, 'b', { needs: [B] }),
    table(groups, 'a and b', { needs: [A, B] }),
  ];
  return { earlier, matrix, tables: [...earlier, ...matrix] };
}

describe('settling needs after outputs by month and by year, the months more classes than sets', () => {
  it('reads each person’s year as their month’s, as an intruder would', async () => {
    const { earlier, matrix, tables } = release(GROUPS);
    expect(tables.map((t) => t.cells[0]!.value)).toEqual([0, 0, 2, 1, 3, 12, 7, 5, 2]);
    // The premise: as the release left them, the intruder holds a and b together at 3.
    expect(narrowed(tables, await intruderMost(tables, new Map()))).toEqual(['a and b at most 3']);
    const { withheld, audited } = await settle(GROUPS, earlier, matrix);
    // The engine tells the months are a field of records, read over more classes than sets.
    expect(audited[0]!.needs.find((n) => n.field === 'month')).toMatchObject({ crossed: true, sets: true });
    expect(audited[0]!.needs.find((n) => n.field === 'financial_year')).toMatchObject({ crossed: true });
    expect(new Set(audited[0]!.tables.flatMap((t) => t.scope.month ?? [])).size).toBeGreaterThan(MOST_SET_CLASSES - 1);
    expect([...withheld.values()].map((v) => v.reason)).not.toContain(UNMODELLED_REASON);
    expect(narrowed(tables, await intruderMost(tables, withheld))).toEqual([]);
    // The earlier outputs alone give it away: its piece is refused, the rest printed.
    expect([...withheld]).toEqual([[8, expect.objectContaining({ refuse: true })]]);
  }, 60_000);
});

describe('settling needs after outputs by month and by year, persons of both years', () => {
  it('lets a person of months in two years hold one class of each year’s months', async () => {
    // One more person, of March and April: records in both years. Both years’ persons printed.
    const groups = [...GROUPS, { needs: [], months: ['2019-03', '2019-04'], persons: 1 }];
    const years = yearsOf(MONTHS).map((year) => ({ needs: [], year }));
    const { earlier, matrix, tables } = release(groups, years);
    expect(tables.map((t) => t.cells[0]!.value)).toEqual([8, 7, 0, 0, 2, 1, 3, 13, 7, 5, 2]);
    // The years' persons add up to more than the persons: one class of months per person (and
    // so one year) fits no world, and the matrix's persons would be hidden to make one fit.
    expect(narrowed(tables, await intruderMost(tables, new Map()))).toEqual(['a and b at most 3']);
    const { withheld } = await settle(groups, earlier, matrix);
    expect([...withheld.values()].map((v) => v.reason)).not.toContain(UNMODELLED_REASON);
    expect(narrowed(tables, await intruderMost(tables, withheld))).toEqual([]);
    // Only the count the earlier outputs give away is refused; the persons, a and b print.
    expect([...withheld]).toEqual([[10, expect.objectContaining({ refuse: true })]]);
  }, 60_000);
});

describe('settling needs after outputs by month and by year, a class of months in two years', () => {
  it('gives each person one class of months, and its years', async () => {
    // July 2019 beside February in every table: a class of two years' months, which the years do
    // not part, so each person holds one class of months. No person with b has a record in July.
    const months = [...MONTHS, '2019-07'];
    const alike = ['2019-02', '2019-07'];
    const { earlier, matrix, tables } = release(GROUPS, [{ needs: [B], months: alike }], alike);
    expect(tables.map((t) => t.cells[0]!.value)).toEqual([0, 0, 0, 2, 1, 3, 12, 7, 5, 2]);
    expect(narrowed(tables, await intruderMost(tables, new Map(), months))).toEqual(['a and b at most 3']);
    const { withheld, audited } = await settle(GROUPS, earlier, matrix, months);
    expect(audited[0]!.needs.find((n) => n.field === 'month')).toMatchObject({ crossed: true, sets: true });
    expect([...withheld.values()].map((v) => v.reason)).not.toContain(UNMODELLED_REASON);
    expect(narrowed(tables, await intruderMost(tables, withheld, months))).toEqual([]);
    expect([...withheld]).toEqual([[9, expect.objectContaining({ refuse: true })]]);
  }, 60_000);
});
