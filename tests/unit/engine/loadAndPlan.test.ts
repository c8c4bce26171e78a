// The snapshot loader sizes its arrays from the rowid span and finds NULL codes while
// decoding, so it must stay exact when rows were deleted (rowid gaps) and when a column
// is all NULL; the cube planner gives a first query on new ranges a cube over its own fields
// and those recent queries on other ranges used (no guesses), and widens the cube with likely
// fields only once a second query on those ranges arrives.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CODEBOOK, COHORTS } from '../../../shared/codebook.ts';
import { compileFilters } from '../../../src-main/engine/compileFilters.ts';
import { maxAccumulatedCells } from '../../../src-main/engine/cube.ts';
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
  it('builds a first query its own cube, then widens it with used and likely fields', () => {
    const db = createSyntheticWorkspace({ rows: { victims: 500, suspects: 10, offenders: 10 }, seed: 5 });
    const snapshot = loadSnapshot(db, BUILT_IN_CODEBOOK, 'victims');
    db.close();
    const planner = new CubePlanner();
    const year = { kind: 'dateRange' as const, field: 'date', from: '2019-04-01', to: '2020-03-31' };
    const first = planner.plan(
      snapshot,
      compileFilters(snapshot, [year, { kind: 'in', field: 'sex', in: ['Female'] }]),
      new Map([['offence_group', 1]]),
      20,
    );
    expect(first.entry.shape.fields.sort()).toEqual(['offence_group', 'sex']);
    const second = planner.plan(snapshot, compileFilters(snapshot, [year]), new Map([['district', 1]]), 20);
    expect(second.entry.id).not.toBe(first.entry.id);
    expect(second.entry.shape.fields).toEqual(expect.arrayContaining(['district', 'offence_group', 'sex']));
    expect(second.entry.shape.fields.length).toBeGreaterThan(3);
    const again = planner.plan(
      snapshot,
      compileFilters(snapshot, [year, { kind: 'notIn', field: 'district', notIn: [] }]),
      new Map([['sex', 1]]),
      20,
    );
    expect(again.entry.id).toBe(second.entry.id);
    const otherYear = planner.plan(
      snapshot,
      compileFilters(snapshot, [{ ...year, to: '2021-03-31' }]),
      new Map([['sex', 1]]),
      20,
    );
    // The fields the analyst used on the other year, and nothing guessed.
    expect(otherYear.entry.shape.fields.sort()).toEqual(['district', 'offence_group', 'sex']);
    planner.forget('victims');
    const afresh = planner.plan(
      snapshot,
      compileFilters(snapshot, [{ ...year, to: '2022-03-31' }]),
      new Map([['sex', 1]]),
      20,
    );
    expect(afresh.entry.shape.fields).toEqual(['sex']);
  });
});

describe('CubePlanner.widen', () => {
  it('proposes, for idle time, the built cube plus profile fields before others, within the cap, once', () => {
    const db = createSyntheticWorkspace({ rows: { victims: 500, suspects: 10, offenders: 10 }, seed: 5 });
    const snapshot = loadSnapshot(db, BUILT_IN_CODEBOOK, 'victims');
    db.close();
    const planner = new CubePlanner();
    const year = { kind: 'dateRange' as const, field: 'date', from: '2019-04-01', to: '2020-03-31' };
    const built = planner.plan(snapshot, compileFilters(snapshot, [year]), new Map([['offence_group', 1]]), 20).entry;
    const wider = planner.widen(snapshot, built);
    if (wider === null) throw new Error('nothing to widen with');
    const fields = wider.shape.fields;
    expect(fields[0]).toBe('offence_group');
    expect(fields.length).toBeGreaterThan(1);
    expect(wider.shape.cells).toBeLessThanOrEqual(maxAccumulatedCells(snapshot.rowCount));
    expect(wider.bakedKey).toBe(built.bakedKey);
    // Profile fields (quasi-identifiers and sensitive fields) come before the rest.
    const profile = new Set(
      BUILT_IN_CODEBOOK.columns
        .filter((c) => c.role === 'quasi_identifier' || c.role === 'sensitive')
        .map((c) => c.name),
    );
    const firstOther = fields.findIndex((f, i) => i > 0 && !profile.has(f));
    if (firstOther > 0) expect(fields.slice(firstOther).every((f) => !profile.has(f))).toBe(true);
    expect(fields).toContain('district');
    // Once proposed, the same ranges get no second speculation; a covered query is planned onto it.
    expect(planner.widen(snapshot, built)).toBeNull();
    const next = planner.plan(
      snapshot,
      compileFilters(snapshot, [year, { kind: 'in', field: 'district', in: ['Fenland'] }]),
      new Map([['offence_group', 1]]),
      20,
    );
    expect(next.entry.id).toBe(wider.id);
    // Only a cube over plain ranges is widened (a cube that baked in a category filter is not).
    const baked = {
      ...built,
      baked: { ...built.baked, masks: compileFilters(snapshot, [{ kind: 'in', field: 'sex', in: ['Male'] }]).masks },
    };
    expect(planner.widen(snapshot, baked)).toBeNull();
  });
});
