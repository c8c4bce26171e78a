// The repeat window reaches every count of the repeat fields: a table, the filter panel's facet
// counts, a trend and a saved trend figure's export, all over the window the spec names, and all
// agreeing with a plain count of the hand-made histories imported into a real encrypted
// workspace. A person victimised twice 200 days apart is a repeat within 365 days, not within 100.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuerySpecSchema, type QueryResult } from '../../../../shared/query.ts';
import { ReleaseSession } from '../../../../src-main/app/publication/releaseSession.ts';
import { generated, openWorld, type ReportWorld } from '../../report/reportTestKit.ts';

let world: ReportWorld;

interface Victimisation {
  person: string;
  date: string;
}

const DAY = 86_400_000;
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOf = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const financialYear = (iso: string): string => {
  const year = Number(iso.slice(0, 4));
  const start = iso.slice(5) >= '04-01' ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
};

/** Twelve persons victimised twice 200 days apart, nine twice 50 days apart, seven once. */
function histories(): Victimisation[] {
  const out: Victimisation[] = [];
  const twice = (prefix: string, count: number, first: string, gap: number) => {
    for (let i = 0; i < count; i++) {
      const day = dayOf(first) + i;
      out.push({ person: `${prefix}-${i}`, date: isoOf(day) }, { person: `${prefix}-${i}`, date: isoOf(day + gap) });
    }
  };
  twice('TWO-HUNDRED', 12, '2021-05-01', 200);
  twice('FIFTY', 9, '2022-06-01', 50);
  for (let i = 0; i < 7; i++) out.push({ person: `ONCE-${i}`, date: isoOf(dayOf('2021-08-01') + i) });
  return out;
}

/** Each record's repeat flag by definition: another of the person's records less than `days` before it. */
function repeatOracle(records: readonly Victimisation[], days: number): Array<'Yes' | 'No'> {
  return records.map((record, i) =>
    records.some(
      (other, j) =>
        j !== i &&
        other.person === record.person &&
        dayOf(record.date) - dayOf(other.date) < days &&
        (dayOf(other.date) < dayOf(record.date) || j < i),
    )
      ? 'Yes'
      : 'No',
  );
}

/** Records by financial year and repeat flag, from the oracle. */
function expectedByYear(records: readonly Victimisation[], days: number): Map<string, number> {
  const flags = repeatOracle(records, days);
  const out = new Map<string, number>();
  records.forEach((r, i) => {
    const key = `${financialYear(r.date)} ${flags[i]}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  });
  return out;
}

const records = histories();

beforeAll(async () => {
  world = await openWorld();
  const template = (
    parse(readFileSync(await generated(world, 'victims', 5, 3), 'utf8'), { columns: true, bom: true }) as Array<
      Record<string, string>
    >
  )[0] as Record<string, string>;
  const headers = Object.keys(template);
  const rows = records.map((r) => ({
    ...template,
    person_ref: r.person,
    date: r.date,
    month: r.date.slice(0, 7),
    financial_year: financialYear(r.date),
  }));
  const csv = [headers.join(','), ...rows.map((row) => headers.map((h) => row[h as keyof typeof row] ?? '').join(','))];
  writeFileSync(world.file('hand-made.csv'), `${csv.join('\n')}\n`);
  await world.importFile('victims', world.file('hand-made.csv'));
}, 120_000);
afterAll(async () => world?.close());

/** A table's non-zero cells as "year flag" → count (rows by columns, or rows alone with a key). */
function cells(
  result: QueryResult,
  rowKey: (r: number) => string = (r) => result.rows.keys[r]?.join(' ') ?? '',
): Map<string, number> {
  const out = new Map<string, number>();
  result.counts.forEach((line, r) =>
    line.forEach((count, c) => {
      const key = [rowKey(r), ...(result.cols.keys[c] ?? [])].join(' ');
      if (count) out.set(key, count);
    }),
  );
  return out;
}

const sorted = (m: Map<string, number>): Array<[string, number]> =>
  [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

describe('the repeat window', () => {
  it('makes the 200-days-apart persons repeats within 365 days and not within 100, by definition', () => {
    const yes = (days: number) => repeatOracle(records, days).filter((f) => f === 'Yes').length;
    expect([yes(365), yes(100)]).toEqual([12 + 9, 9]);
  });

  for (const days of [365, 100]) {
    it(`counts the table, the facets and the trend over ${days} days alike, as the histories say`, async () => {
      const window = { days };
      const expected = expectedByYear(records, days);
      const table = (await world.dispatcher.call('engine.query', {
        cohort: 'victims',
        rows: ['financial_year'],
        cols: ['repeat_record'],
        disclosure: null,
        window,
      })) as QueryResult;
      const trend = (await world.dispatcher.call('engine.trend', {
        cohort: 'victims',
        by: 'financial_year',
        series: 'repeat_record',
        disclosure: null,
        window,
      })) as QueryResult;
      expect(sorted(cells(table))).toEqual(sorted(expected));
      expect(sorted(cells(trend))).toEqual(sorted(expected));

      const facets = await world.dispatcher.call('engine.facets', { cohort: 'victims', filters: [], window });
      const facet = facets.facets.find((f) => f.field === 'repeat_record');
      const byFlag = (flag: string) => [...expected].filter(([k]) => k.endsWith(flag)).reduce((a, [, n]) => a + n, 0);
      expect(facet?.categories.filter((c) => c.count > 0)).toEqual([
        { label: 'Yes', count: byFlag('Yes') },
        { label: 'No', count: byFlag('No') },
      ]);

      // A filter on a repeat field, by person: the panel's total under it and the trend's agree.
      const repeatPersons = [{ field: 'repeat_person', in: ['Yes'] }];
      const filtered = await world.dispatcher.call('engine.facets', {
        cohort: 'victims',
        filters: repeatPersons,
        window,
      });
      const personTrend = (await world.dispatcher.call('engine.trend', {
        cohort: 'victims',
        by: 'financial_year',
        filters: repeatPersons,
        disclosure: null,
        window,
      })) as QueryResult;
      const repeatPeople = new Set(
        records.filter((_r, i) => repeatOracle(records, days)[i] === 'Yes').map((r) => r.person),
      );
      const theirRecords = records.filter((r) => repeatPeople.has(r.person)).length;
      expect(filtered.total).toBe(theirRecords);
      expect(personTrend.total).toBe(theirRecords);
    });
  }

  it('re-runs a saved trend figure over its own window', async () => {
    const query = {
      cohort: 'victims',
      rows: ['financial_year'],
      cols: ['repeat_record'],
      window: { days: 100 },
    } as const;
    await world.dispatcher.call('figures.save', {
      figure: { name: 'repeats by year', title: 'Repeat victimisations by year', chart: 'line', query },
      overwrite: true,
    });
    const saved = await world.dispatcher.call('figures.get', { name: 'repeats by year' });
    expect(saved.figure.query.window).toEqual({ days: 100 });
    const path = world.file('repeats.csv');
    await world.dispatcher.call('export.figure', { name: 'repeats by year', format: 'csv', path });
    const table = readFileSync(path, 'utf8').split('\r\n\r\n')[0] ?? '';
    const lines = parse(table, { relax_column_count: true }) as string[][];
    const header = lines.find((l) => l.includes('Yes')) ?? [];
    const yes = header.indexOf('Yes');
    const expected = expectedByYear(records, 100);
    for (const year of ['2021/22', '2022/23']) {
      const line = lines.find((l) => l[0] === year) ?? [];
      expect([year, Number(line[yes])]).toEqual([year, expected.get(`${year} Yes`) ?? 0]);
    }
  });

  it('counts the finest cells of a release over the window, as the protection reads them', async () => {
    // The protection reads the true count of each finest cell; a repeat field over 100 days
    // counted over the default 365 would make its program about other numbers than the table's.
    const release = new ReleaseSession(world.services.session.current(), world.services.analysis);
    const leaves = ['Yes', 'No'].map((flag) => ({ key: { repeat_record: flag }, scope: {} }));
    // 100 days: the window the saved figure above published in this release (one window a release).
    for (const days of [100]) {
      const flags = repeatOracle(records, days);
      const spec = QuerySpecSchema.parse({
        cohort: 'victims',
        rows: ['financial_year'],
        cols: ['repeat_record'],
        window: { days },
      });
      const input = await release.inputFor(spec, { counts: [], rowTotals: [], colTotals: [], total: 0 });
      expect(await input.leafValues!(leaves, 'records')).toEqual(
        ['Yes', 'No'].map((flag) => flags.filter((f) => f === flag).length),
      );
    }
  });
});
