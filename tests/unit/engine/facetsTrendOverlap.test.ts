// Facets, trends, the victim-offender overlap and record exports, each against an
// independent SQLite computation on the same generated workspace.
import { tableFromIPC } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { BUILT_IN_CODEBOOK, COHORTS, isComputedField } from '../../../shared/codebook.ts';
import type { Filter } from '../../../shared/query.ts';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import { createLabelViews, sqlCounts, whereClause } from './sqlOracle.ts';
import { createSyntheticWorkspace } from './syntheticWorkspace.ts';
import { facetSpec, querySpec, recordsSpec, trendSpec } from './specs.ts';

let db: BetterSqlite3.Database;
let engine: Engine;

beforeAll(async () => {
  db = createSyntheticWorkspace({ rows: { victims: 8000, suspects: 5000, offenders: 3000 }, seed: 11 });
  createLabelViews(db, COHORTS);
  engine = createEngine();
  await engine.loadFromStore(db, BUILT_IN_CODEBOOK);
});
afterAll(async () => {
  await engine.dispose();
  db.close();
});

const filters: Filter[] = [
  { kind: 'in', field: 'district', in: ['Fenland', 'Peterborough', 'Cambridge'] },
  { kind: 'notIn', field: 'sex', notIn: ['Unknown'] },
  { kind: 'equals', field: 'domestic_abuse', equals: true },
  { kind: 'dateRange', field: 'date', from: '2019-04-01', to: '2021-03-31' },
];

describe('facet counts', () => {
  it.each(['records', 'persons'] as const)('count each facet under every filter but its own (%s)', async (measure) => {
    const result = await engine.facets(facetSpec({ cohort: 'victims', filters, measure }));
    expect(result.facets.length).toBe(Object.keys(engine.snapshot('victims')?.dimensions ?? {}).length);
    // The fields computed from the records have no SQL column: their own tests check them.
    for (const facet of result.facets.filter((f) => !isComputedField(f.field))) {
      const others = filters.filter((f) => f.field !== facet.field);
      const expected = sqlCounts(db, 'victims', [facet.field], others, measure);
      facet.categories.forEach((label, i) =>
        expect(facet.counts[i], `${facet.field}=${label}`).toBe(expected.get(label) ?? 0),
      );
      expect(facet.ownFilterIgnored).toBe(filters.some((f) => f.field === facet.field));
    }
    expect(result.recordsMatched).toBe(sqlCounts(db, 'victims', [], filters, 'records').get('') ?? 0);
  });
});

describe('facet counts over a period', () => {
  // The workers read record facets off the period's run of their day layout when the period
  // is a filter of its own: wherever it stands among the filters, the counts are SQL's.
  it('count each facet under every filter but its own, for any period and filter order', async () => {
    const fields = ['district', 'sex', 'age_band', 'domestic_abuse', 'month'];
    const other = fc.constantFrom<Filter>(
      { kind: 'in', field: 'district', in: ['Fenland', 'Peterborough', 'Cambridge'] },
      { kind: 'notIn', field: 'sex', notIn: ['Unknown'] },
      { kind: 'equals', field: 'domestic_abuse', equals: true },
      { kind: 'in', field: 'age_band', in: ['18-24', '25-34', '35-44'] },
      { kind: 'notIn', field: 'month', notIn: ['2019-05'] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1300 }),
        fc.integer({ min: 0, max: 500 }),
        fc.uniqueArray(other, { selector: (f) => f.field, maxLength: 4 }),
        fc.nat(),
        async (offset, span, others, at) => {
          const day = (n: number): string => new Date(Date.UTC(2018, 2, 1) + n * 86_400_000).toISOString().slice(0, 10);
          const all = [...others];
          all.splice(at % (others.length + 1), 0, {
            kind: 'dateRange',
            field: 'date',
            from: day(offset),
            to: day(offset + span),
          });
          const result = await engine.facets(
            facetSpec({ cohort: 'victims', filters: all, fields, measure: 'records' }),
          );
          for (const facet of result.facets) {
            const expected = sqlCounts(
              db,
              'victims',
              [facet.field],
              all.filter((f) => f.field !== facet.field),
              'records',
            );
            facet.categories.forEach((label, i) =>
              expect(facet.counts[i], `${facet.field}=${label}`).toBe(expected.get(label) ?? 0),
            );
          }
          expect(result.recordsMatched).toBe(sqlCounts(db, 'victims', [], all, 'records').get('') ?? 0);
        },
      ),
      { numRuns: 30, seed: 20261127 },
    );
  });
});

describe('trends', () => {
  it('counts by financial year with a series, and by month', async () => {
    const byYear = await engine.trend(
      trendSpec({
        cohort: 'suspects',
        by: 'financial_year',
        series: 'sex',
        filters: filters.slice(0, 2),
      }),
    );
    const expected = sqlCounts(db, 'suspects', ['financial_year', 'sex'], filters.slice(0, 2), 'records');
    expect(byYear.rows.keys.map((k) => k[0])).toEqual(['2018/19', '2019/20', '2020/21', '2021/22', 'Unknown']);
    byYear.rows.keys.forEach((rk, i) =>
      byYear.cols.keys.forEach((ck, j) => expect(byYear.counts[i]?.[j]).toBe(expected.get(`${rk[0]}\t${ck[0]}`) ?? 0)),
    );
    const byMonth = await engine.trend(trendSpec({ cohort: 'offenders', by: 'month', measure: 'persons' }));
    const months = sqlCounts(db, 'offenders', ['month'], [], 'persons');
    expect(byMonth.rows.keys.length).toBe(months.size);
    byMonth.rows.keys.forEach((rk, i) => expect(byMonth.counts[i]?.[0]).toBe(months.get(rk[0] as string)));
  });
});

describe('victim-offender overlap', () => {
  it('counts persons in each combination of cohorts, each cohort filtered by its own fields', async () => {
    const overlapFilters: Filter[] = [
      { kind: 'in', field: 'sex', in: ['Male'] },
      { kind: 'equals', field: 'domestic_abuse', equals: true },
    ];
    const result = await engine.overlap(querySpec({ cohort: 'overlap', filters: overlapFilters }));
    const people = (cohort: string, where: Filter[]) =>
      new Set(
        (
          db.prepare(`SELECT DISTINCT person_id AS p FROM ${cohort}_labels ${whereClause(where)}`).all() as {
            p: number | null;
          }[]
        ).flatMap((r) => (r.p === null ? [] : [r.p])),
      );
    const v = people('victims', overlapFilters);
    const s = people('suspects', overlapFilters);
    const o = people('offenders', [overlapFilters[0] as Filter]);
    const all = new Set([...v, ...s, ...o]);
    const byBits = new Array<number>(8).fill(0);
    for (const p of all) byBits[(v.has(p) ? 1 : 0) | (s.has(p) ? 2 : 0) | (o.has(p) ? 4 : 0)]!++;
    expect(result.counts.map((r) => r[0])).toEqual([1, 2, 4, 3, 5, 6, 7].map((b) => byBits[b]));
    expect(result.total).toBe(all.size);
    expect(result.meta.warnings.join(' ')).toMatch(/offenders: no domestic_abuse column/);
    const viaQuery = await engine.query(querySpec({ cohort: 'overlap', filters: overlapFilters }));
    expect(viaQuery.counts).toEqual(result.counts);
  });
});

describe('record export', () => {
  it('writes the filtered records as Arrow IPC with dictionary columns', async () => {
    const bytes = await engine.exportRecordsArrow(recordsSpec({ cohort: 'victims', filters }));
    const table = tableFromIPC(bytes);
    const expected = sqlCounts(db, 'victims', ['offence_group'], filters, 'records');
    expect(table.numRows).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    const counted = new Map<string, number>();
    for (const value of table.getChild('offence_group')?.toArray() ?? [])
      counted.set(String(value), (counted.get(String(value)) ?? 0) + 1);
    expect(counted).toEqual(expected);
    const dates = table.getChild('date')?.toArray() as (number | Date | null)[];
    expect(dates.every((d) => d !== null)).toBe(true);
  });
});
