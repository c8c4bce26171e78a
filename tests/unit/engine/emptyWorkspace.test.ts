// An empty workspace counts nothing: no record, no person, in tables, facets and the overlap
// (its snapshot's arrays once held one zero row, counted as a victim).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_CODEBOOK, COHORTS } from '../../../shared/codebook.ts';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import { createSyntheticWorkspace } from './syntheticWorkspace.ts';
import { facetSpec, querySpec } from './specs.ts';

describe('an empty workspace', () => {
  const db = createSyntheticWorkspace({ rows: { victims: 0, suspects: 0, offenders: 0 }, seed: 5, file: ':memory:' });
  let engine: Engine;

  beforeAll(async () => {
    engine = createEngine({ workers: 2 });
    await engine.loadFromStore(db, BUILT_IN_CODEBOOK);
  }, 120_000);

  afterAll(async () => {
    await engine.dispose();
    db.close();
  });

  it('counts no record and no person in any cohort', async () => {
    for (const cohort of COHORTS) {
      // The store agrees that there is nothing to count.
      expect((db.prepare(`SELECT count(*) AS n FROM ${cohort}`).get() as { n: number }).n).toBe(0);
      for (const measure of ['records', 'persons'] as const) {
        const result = await engine.query(querySpec({ cohort, rows: ['sex'], measure, disclosure: null }));
        expect(result.total).toBe(0);
        expect(result.counts.flat().every((n) => n === 0)).toBe(true);
        expect(result.meta.recordsMatched).toBe(0);
      }
      expect(engine.snapshot(cohort)?.personIds.length).toBe(0);
    }
  });

  it('shows empty facets and an empty overlap', async () => {
    const facets = await engine.facets(facetSpec({ cohort: 'victims', filters: [] }));
    expect(facets.recordsMatched).toBe(0);
    expect(facets.facets.every((f) => f.counts.every((n) => n === 0))).toBe(true);
    const overlap = await engine.query(querySpec({ cohort: 'overlap', measure: 'persons', disclosure: null }));
    expect(overlap.total).toBe(0);
  });
});
