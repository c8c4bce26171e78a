// Journeys across cohorts against plain loops over the same generated workspace: each
// person's first dated record per cohort (under the filters that cohort has), then every pair
// of cohorts they are in ordered by it, within the window or later, ties read in role order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { BUILT_IN_CODEBOOK, COHORTS } from '../../../shared/codebook.ts';
import { JOURNEY_ROLES, JOURNEY_TARGETS } from '../../../shared/journeys.ts';
import type { Filter } from '../../../shared/query.ts';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import { createLabelViews, whereClause } from './sqlOracle.ts';
import { createSyntheticWorkspace } from './syntheticWorkspace.ts';
import { querySpec } from './specs.ts';

let db: BetterSqlite3.Database;
let engine: Engine;

beforeAll(async () => {
  db = createSyntheticWorkspace({ rows: { victims: 6000, suspects: 4000, offenders: 2500 }, seed: 23 });
  createLabelViews(db, COHORTS);
  engine = createEngine();
  await engine.loadFromStore(db, BUILT_IN_CODEBOOK);
});
afterAll(async () => {
  await engine.dispose();
  db.close();
});

const COHORT_FIELDS: Record<string, string[]> = Object.fromEntries(
  COHORTS.map((cohort) => [
    cohort,
    BUILT_IN_CODEBOOK.columns.filter((c) => c.cohorts.includes(cohort)).map((c) => c.name),
  ]),
);

/** Per person, the earliest ISO date in the cohort ('' when every record of theirs is undated). */
function firstDates(cohort: string, filters: Filter[]): Map<number, string> {
  const own = filters.filter((f) => COHORT_FIELDS[cohort]?.includes(f.field));
  const rows = db.prepare(`SELECT person_id AS p, date AS d FROM ${cohort}_labels ${whereClause(own)}`).all() as {
    p: number | null;
    d: string | null;
  }[];
  const firsts = new Map<number, string>();
  for (const { p, d } of rows) {
    if (p === null) continue;
    const seen = firsts.get(p);
    if (seen === undefined) firsts.set(p, d ?? '');
    else if (d !== null && (seen === '' || d < seen)) firsts.set(p, d);
  }
  return firsts;
}

const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

function expectedJourneys(filters: Filter[], windowDays: number): { counts: number[][]; undated: number } {
  const firsts = COHORTS.map((cohort) => firstDates(cohort, filters));
  const counts = JOURNEY_ROLES.map(() => new Array<number>(6).fill(0));
  let undated = 0;
  const persons = new Set(firsts.flatMap((m) => [...m.keys()]));
  for (const p of persons) {
    for (let a = 0; a < 3; a++) {
      for (let b = a + 1; b < 3; b++) {
        const da = firsts[a]?.get(p);
        const dbb = firsts[b]?.get(p);
        if (da === undefined || dbb === undefined) continue;
        if (da === '' || dbb === '') {
          undated += 1;
          continue;
        }
        const bFirst = dayOf(dbb) < dayOf(da);
        const first = bFirst ? b : a;
        const then = bFirst ? a : b;
        const later = Math.abs(dayOf(dbb) - dayOf(da)) > windowDays;
        const row = counts[first] as number[];
        row[then * 2 + (later ? 1 : 0)]! += 1;
      }
    }
  }
  return { counts, undated };
}

describe('journeys across cohorts', () => {
  it.each([
    { windowDays: undefined, filters: [] as Filter[] },
    { windowDays: 0, filters: [] as Filter[] },
    { windowDays: 365, filters: [] as Filter[] },
    {
      windowDays: 90,
      filters: [
        { kind: 'in', field: 'sex', in: ['Male'] },
        { kind: 'equals', field: 'domestic_abuse', equals: true },
        { kind: 'dateRange', field: 'date', from: '2019-01-01' },
      ] as Filter[],
    },
  ])('orders every pair of cohorts a person is in (window $windowDays)', async ({ windowDays, filters }) => {
    const result = await engine.query(
      querySpec({
        cohort: 'journeys',
        measure: 'persons',
        filters,
        ...(windowDays === undefined ? {} : { journeyWindowDays: windowDays }),
      }),
    );
    const expected = expectedJourneys(filters, windowDays ?? 30);
    expect(result.counts).toEqual(expected.counts);
    expect(result.rows.keys).toEqual(JOURNEY_ROLES.map((r) => [r]));
    expect(result.cols.keys).toEqual(JOURNEY_TARGETS.map((t) => [t]));
    // Nobody is seen first and then again in the same cohort.
    result.counts.forEach((row, r) => {
      expect(row[r * 2]).toBe(0);
      expect(row[r * 2 + 1]).toBe(0);
    });
    expect(result.total).toBe(expected.counts.flat().reduce((a, b) => a + b, 0));
    expect(result.total).toBeGreaterThan(20);
    expect(result.rowTotals).toEqual(expected.counts.map((row) => row.reduce((a, b) => a + b, 0)));
    const undatedWarning = result.meta.warnings.find((w) => w.includes('have no date'));
    if (expected.undated > 0) expect(undatedWarning).toMatch(new RegExp(`^${expected.undated} pair`));
    else expect(undatedWarning).toBeUndefined();
  });

  it('says which filters a cohort without the column ignores, and refuses rows, groups and stray windows', async () => {
    const result = await engine.query(
      querySpec({ cohort: 'journeys', filters: [{ kind: 'equals', field: 'domestic_abuse', equals: true }] }),
    );
    expect(result.meta.warnings.join(' ')).toMatch(/offenders: no domestic_abuse column/);
    await expect(engine.query(querySpec({ cohort: 'journeys', rows: ['sex'] }))).rejects.toMatchObject({
      code: 'INVALID_SPEC',
    });
    expect(() => querySpec({ cohort: 'victims', journeyWindowDays: 30 })).toThrow(/journeys only/);
    expect(() => querySpec({ cohort: 'journeys', journeyWindowDays: -1 })).toThrow();
  });
});
