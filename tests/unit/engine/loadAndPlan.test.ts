// The snapshot loader sizes its arrays from the rowid span and finds NULL codes while
// decoding, so it must stay exact when rows were deleted (rowid gaps) and when a column
// is all NULL; the cube planner widens a cube with likely fields (codebook order) and with the
// fields queries used, on the same period and on others, and forgets them with the snapshot.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CODEBOOK, COHORTS } from '../../../shared/codebook.ts';
import { compileFilters } from '../../../src-main/engine/compileFilters.ts';
import { SPECULATIVE_MAX_CARD, SPECULATIVE_MAX_DIMS } from '../../../src-main/engine/cube.ts';
import { CubePlanner } from '../../../src-main/engine/cubePlanner.ts';
import { loadSnapshot } from '../../../src-main/engine/loadSnapshot.ts';
import { createLabelViews, sqlCounts } from './sqlOracle.ts';
import { createSyntheticWorkspace } from './syntheticWorkspace.ts';

describe('loadSnapshot with deleted rows', () => {
  it('reads exactly the remaining rows, with the same counts as SQL', () => {
    const db = createSyntheticWorkspace({ rows: { victims: 2500, suspects: 10, offenders: 10 }, seed: 11 });
    db.exec('DELETE FROM victims WHERE id % 3 = 0 OR id < 40; UPDATE victims SET ethnicity = NULL');
    createLabelViews(db, COHORTS);
    const snapshot = loadSnapshot(db, BUILT_IN_CODEBOOK, 'victims');
    const remaining = (db.prepare('SELECT count(*) AS n FROM victims').get() as { n: number }).n;
    expect(snapshot.rowCount).toBe(remaining);
    expect(snapshot.personIds.length).toBe(remaining);
    for (const field of ['offence_group', 'ethnicity', 'domestic_abuse', 'month']) {
      const column = snapshot.dimensions[field];
      if (!column) throw new Error(`no ${field}`);
      expect(column.codes.length).toBe(remaining);
      const counts = new Map<string, number>();
      for (const code of column.codes)
        counts.set(column.labels[code] as string, (counts.get(column.labels[code] as string) ?? 0) + 1);
      expect(counts, field).toEqual(sqlCounts(db, 'victims', [field], [], 'records'));
    }
    expect(snapshot.dimensions.ethnicity?.labels.at(-1)).toMatch(/Unknown|Not stated/);
    db.close();
  });
});

describe('CubePlanner', () => {
  it('widens a cube with likely fields, then with the fields queries used, here and on other periods', () => {
    const db = createSyntheticWorkspace({ rows: { victims: 500, suspects: 10, offenders: 10 }, seed: 5 });
    const snapshot = loadSnapshot(db, BUILT_IN_CODEBOOK, 'victims');
    db.close();
    const planner = new CubePlanner();
    const year = { field: 'date', from: '2019-04-01', to: '2020-03-31' };
    const likely = Object.values(snapshot.dimensions)
      .filter((d) => !d.open && d.labels.length <= SPECULATIVE_MAX_CARD)
      .map((d) => d.name);
    const first = planner.plan(
      snapshot,
      compileFilters(snapshot, [year, { field: 'sex', in: ['Female'] }]),
      new Map([['offence_group', 1]]),
      20,
    );
    const fields = first.entry.shape.fields;
    expect(fields.slice(0, 2).sort()).toEqual(['offence_group', 'sex']);
    // The extras: the first small closed fields of the codebook that still fit.
    expect(fields.length).toBeGreaterThan(2);
    expect(fields.length).toBeLessThanOrEqual(2 + SPECULATIVE_MAX_DIMS);
    for (const extra of fields.slice(2)) expect(likely).toContain(extra);
    // A query on one of those fields is read off the same cube.
    const guessed = fields[2] as string;
    const second = planner.plan(snapshot, compileFilters(snapshot, [year]), new Map([[guessed, 1]]), 20);
    expect(second.entry.id).toBe(first.entry.id);
    // A field outside it makes a new cube that keeps the fields used on this period.
    const outside = likely.find((f) => !fields.includes(f)) as string;
    const third = planner.plan(snapshot, compileFilters(snapshot, [year]), new Map([[outside, 1]]), 20);
    expect(third.entry.id).not.toBe(first.entry.id);
    expect(third.entry.shape.fields).toEqual(expect.arrayContaining([outside, 'offence_group', 'sex', guessed]));
    // Another period starts from the fields used on this one.
    const otherYear = planner.plan(
      snapshot,
      compileFilters(snapshot, [{ ...year, to: '2021-03-31' }]),
      new Map([['sex', 1]]),
      20,
    );
    expect(otherYear.entry.shape.fields).toEqual(expect.arrayContaining(['sex', outside, 'offence_group', guessed]));
    // Forgotten with the cohort's snapshot: the same cube as a planner that never saw a query.
    planner.forget('victims');
    const fresh = (p: CubePlanner) =>
      p.plan(snapshot, compileFilters(snapshot, [{ ...year, to: '2022-03-31' }]), new Map([['ethnicity', 1]]), 20);
    expect(fresh(planner).entry.shape.fields).toEqual(fresh(new CubePlanner()).entry.shape.fields);
    expect(fresh(new CubePlanner()).entry.shape.fields).not.toEqual(
      expect.arrayContaining([outside, 'offence_group', guessed]),
    );
  });
});
