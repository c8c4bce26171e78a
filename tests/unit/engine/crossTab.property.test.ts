// Property test: for many random specs (filters of every kind, 1-3 dimensions, both
// measures), the engine's cells and totals equal SQLite's GROUP BY and COUNT(DISTINCT).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { BUILT_IN_CODEBOOK, COHORTS, isComputedField, type Cohort } from '../../../shared/codebook.ts';
import type { Filter } from '../../../shared/query.ts';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import { createLabelViews, sqlCounts } from './sqlOracle.ts';
import { createSyntheticWorkspace } from './syntheticWorkspace.ts';
import { querySpec } from './specs.ts';

let db: BetterSqlite3.Database;
let engine: Engine;

beforeAll(async () => {
  db = createSyntheticWorkspace({
    rows: { victims: 6000, suspects: 4000, offenders: 3000 },
    seed: 7,
    storePeriodsFor: ['suspects'],
  });
  createLabelViews(db, COHORTS, ['suspects']);
  engine = createEngine();
  await engine.loadFromStore(db, BUILT_IN_CODEBOOK);
});
afterAll(async () => {
  await engine.dispose();
  db.close();
});

function dimensions(cohort: Cohort): { name: string; labels: string[]; kind: string }[] {
  const snapshot = engine.snapshot(cohort);
  if (!snapshot) throw new Error('not loaded');
  // The fields computed from the records have no SQL column: their own tests check them.
  return Object.values(snapshot.dimensions)
    .filter((d) => !isComputedField(d.name))
    .map((d) => ({ name: d.name, labels: d.labels, kind: d.kind }));
}

const specArbitrary = fc.constantFrom(...COHORTS).chain((cohort) => {
  const dims = dimensions(cohort).filter((d) => d.name !== 'lsoa' || Math.random() < 1);
  const filter: fc.Arbitrary<Filter> = fc.oneof(
    fc
      .constantFrom(...dims)
      .chain((d) =>
        fc.subarray(d.labels, { minLength: 1 }).map((labels) => ({ kind: 'in' as const, field: d.name, in: labels })),
      ),
    fc
      .constantFrom(...dims)
      .chain((d) => fc.subarray(d.labels).map((labels) => ({ kind: 'notIn' as const, field: d.name, notIn: labels }))),
    fc
      .constantFrom(...dims.filter((d) => d.kind === 'flag'))
      .chain((d) => fc.boolean().map((equals) => ({ kind: 'equals' as const, field: d.name, equals }))),
    fc
      .tuple(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 900 }), fc.boolean())
      .map(([offset, span, open]) => {
        const from = new Date(Date.UTC(2018, 2, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const to = new Date(Date.UTC(2018, 2, 1) + (offset + span) * 86_400_000).toISOString().slice(0, 10);
        return open
          ? { kind: 'dateRange' as const, field: 'date', from }
          : { kind: 'dateRange' as const, field: 'date', from, to };
      }),
    fc
      .tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 6 }))
      .map(([min, span]) => ({ kind: 'numberRange' as const, field: 'imd_decile', min, max: min + span })),
  );
  return fc.record({
    cohort: fc.constant(cohort),
    fields: fc.shuffledSubarray(
      dims.map((d) => d.name),
      { minLength: 1, maxLength: 3 },
    ),
    split: fc.integer({ min: 0, max: 3 }),
    filters: fc.array(filter, { maxLength: 4 }),
    measure: fc.constantFrom('records' as const, 'persons' as const),
  });
});

async function expectSameAsSql(spec: {
  cohort: Cohort;
  fields: string[];
  split: number;
  filters: Filter[];
  measure: 'records' | 'persons';
}): Promise<void> {
  const { cohort, fields, split, filters, measure } = spec;
  const cut = Math.min(split, fields.length);
  const rows = fields.slice(0, cut);
  const cols = fields.slice(cut);
  const result = await engine.query(querySpec({ cohort, filters, rows, cols, measure, disclosure: null }));
  const cells = sqlCounts(db, cohort, [...rows, ...cols], filters, measure);
  const seen = new Set<string>();
  result.rows.keys.forEach((rk, i) =>
    result.cols.keys.forEach((ck, j) => {
      const key = [...rk, ...ck].join('\t');
      seen.add(key);
      expect(result.counts[i]?.[j], `cell ${key}`).toBe(cells.get(key) ?? 0);
    }),
  );
  for (const key of cells.keys()) expect(seen.has(key), `SQL group ${key} is a key of the result`).toBe(true);
  const rowTotals = sqlCounts(db, cohort, rows, filters, measure);
  result.rows.keys.forEach((rk, i) => expect(result.rowTotals[i]).toBe(rowTotals.get(rk.join('\t')) ?? 0));
  const colTotals = sqlCounts(db, cohort, cols, filters, measure);
  result.cols.keys.forEach((ck, j) => expect(result.colTotals[j]).toBe(colTotals.get(ck.join('\t')) ?? 0));
  expect(result.total).toBe(sqlCounts(db, cohort, [], filters, measure).get('') ?? 0);
}

describe('cross-tabs against SQLite', () => {
  it('gives the same cells, row, column and grand totals as GROUP BY / COUNT(DISTINCT person_id)', async () => {
    await fc.assert(
      fc.asyncProperty(specArbitrary, async ({ cohort, fields, split, filters, measure }) => {
        await expectSameAsSql({ cohort, fields, split, filters, measure });
      }),
      { numRuns: 150, seed: 20261127 },
    );
  });

  // An analyst's session: one period, then query after query on it (the workers build count
  // cubes over the period's run of the day layout and list its rows for distinct persons;
  // later queries reuse both).
  it('gives the same counts over a session of queries on one period', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1200 }),
        fc.integer({ min: 30, max: 500 }),
        fc.array(specArbitrary, { minLength: 3, maxLength: 8 }),
        async (offset, span, specs) => {
          const from = new Date(Date.UTC(2018, 2, 1) + offset * 86_400_000).toISOString().slice(0, 10);
          const to = new Date(Date.UTC(2018, 2, 1) + (offset + span) * 86_400_000).toISOString().slice(0, 10);
          for (const spec of specs) {
            const filters: Filter[] = [
              { kind: 'dateRange', field: 'date', from, to },
              ...spec.filters.filter((f) => f.field !== 'date'),
            ];
            await expectSameAsSql({ ...spec, filters });
          }
        },
      ),
      { numRuns: 25, seed: 20261128 },
    );
  });

  // A fresh session on a period: the workers count a wider cube in idle time after the first
  // query (profile fields first), and follow-ups on those fields are read off it.
  it('gives the same counts when follow-ups are read off a cube counted while idle', async () => {
    const victims = engine.snapshot('victims');
    if (!victims) throw new Error('not loaded');
    const profile = ['district', 'age_band', 'sex', 'offence_group', 'domestic_abuse'];
    const labelsOf = (field: string): string[] => victims.dimensions[field]?.labels ?? [];
    const followUp = fc.record({
      fields: fc.shuffledSubarray(profile, { minLength: 1, maxLength: 2 }),
      split: fc.integer({ min: 0, max: 2 }),
      filters: fc.array(
        fc
          .constantFrom(...profile)
          .chain((field) =>
            fc.subarray(labelsOf(field), { minLength: 1 }).map((labels): Filter => ({ kind: 'in', field, in: labels })),
          ),
        { maxLength: 2 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1200 }),
        fc.integer({ min: 30, max: 500 }),
        fc.constantFrom(...profile),
        fc.array(followUp, { minLength: 1, maxLength: 4 }),
        async (offset, span, first, followUps) => {
          await engine.loadSnapshots([victims]); // forgets cubes and fields used
          const from = new Date(Date.UTC(2018, 2, 1) + offset * 86_400_000).toISOString().slice(0, 10);
          const to = new Date(Date.UTC(2018, 2, 1) + (offset + span) * 86_400_000).toISOString().slice(0, 10);
          const period: Filter = { kind: 'dateRange', field: 'date', from, to };
          const measure = 'records' as const;
          await expectSameAsSql({ cohort: 'victims', fields: [first], split: 1, filters: [period], measure });
          for (const next of followUps)
            await expectSameAsSql({ cohort: 'victims', ...next, filters: [period, ...next.filters], measure });
        },
      ),
      { numRuns: 25, seed: 20261129 },
    );
  });

  it('keeps every category of closed columns and only observed ones of open columns', async () => {
    const result = await engine.query(
      querySpec({
        cohort: 'victims',
        rows: ['age_band'],
        cols: ['lsoa'],
        filters: [{ kind: 'in', field: 'sex', in: ['Female'] }],
      }),
    );
    expect(result.rows.keys.map((k) => k[0])).toEqual([
      '0-9',
      '10-17',
      '18-24',
      '25-34',
      '35-44',
      '45-54',
      '55-64',
      '65+',
      'Unknown',
    ]);
    const lsoas = result.cols.keys.map((k) => k[0]);
    expect(lsoas).not.toContain('lsoa unused');
    const observed = db.prepare('SELECT count(DISTINCT lsoa) AS n FROM victims_labels').get() as { n: number };
    expect(lsoas.length).toBe(observed.n);
  });
});
