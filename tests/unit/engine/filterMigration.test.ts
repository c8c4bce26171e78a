// Filters are a tagged union; specs saved before the tag still parse, each filter tagged by
// the keys it has. A figure saved in the old shape reopens from a real workspace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FilterSchema, LegacyFilterSchema, tagLegacyFilter, type Filter } from '../../../shared/query.ts';
import { getFigure } from '../../../src-main/store/figures.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';

const LEGACY: Array<[unknown, Filter['kind']]> = [
  [{ field: 'district', in: ['Fenland'] }, 'in'],
  [{ field: 'age_band', notIn: ['Unknown'] }, 'notIn'],
  [{ field: 'domestic_abuse', equals: true }, 'equals'],
  [{ field: 'date', from: '2019-04-01', to: '2020-03-31' }, 'dateRange'],
  [{ field: 'date', to: '2020-03-31' }, 'dateRange'],
  [{ field: 'imd_decile', min: 2 }, 'numberRange'],
  [{ field: 'imd_decile', max: 9 }, 'numberRange'],
];

describe('filter migration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vso-filter-migration-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(LEGACY)('tags the old shape %j as %s, keeping every other key', (legacy, kind) => {
    const tagged = tagLegacyFilter(LegacyFilterSchema.parse(legacy));
    expect(tagged).toEqual({ kind, ...(legacy as object) });
    // The contract's schema does the same as it parses, and takes the tagged shape as it is.
    expect(FilterSchema.parse(legacy)).toEqual(tagged);
    expect(FilterSchema.parse(tagged)).toEqual(tagged);
  });

  it('refuses what no kind fits, old shape or new', () => {
    for (const bad of [
      { field: 'date' },
      { field: 'district', in: ['A'], notIn: ['B'] },
      { kind: 'in', field: 'district', notIn: ['B'] },
      { kind: 'dateRange', field: 'date' },
      { kind: 'between', field: 'date', from: '2020-01-01' },
    ]) {
      expect(FilterSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('reopens a figure saved with untagged filters', () => {
    const workspace = Workspace.create(join(dir, 'old-figure.vsow'), 'a long test passphrase 1234');
    try {
      const saved = {
        name: 'Old figure',
        title: 'Victims by sex',
        notes: '',
        chart: 'bar',
        query: {
          cohort: 'victims',
          rows: ['sex'],
          filters: LEGACY.map(([legacy]) => legacy),
        },
      };
      workspace.db
        .prepare(
          "INSERT INTO figures (name, spec, result_hash, changed, created_at, updated_at) VALUES (?, ?, NULL, 0, '2024-01-01', '2024-01-01')",
        )
        .run(saved.name, JSON.stringify(saved));
      const reopened = getFigure(workspace.db, 'Old figure');
      expect(reopened.figure.query.filters.map((f) => f.kind)).toEqual(LEGACY.map(([, kind]) => kind));
      expect(reopened.figure.query.filters).toEqual(LEGACY.map(([legacy, kind]) => ({ kind, ...(legacy as object) })));
    } finally {
      workspace.close();
    }
  });
});
