// Merged categories (`groups` in the query spec) on a real engine over a generated workspace:
// the merged table is checked against plain SQL that relabels the members with a CASE and
// counts records, or distinct persons (a person in two merged categories counts once), with
// and without a period; a group takes its first member's place; bad groups are refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AGE_BANDS, BUILT_IN_CODEBOOK } from '../../../shared/codebook.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CategoryGroups, Filter, QuerySpecInput } from '../../../shared/query.ts';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import { createLabelViews, whereClause } from './sqlOracle.ts';
import { createSyntheticWorkspace } from './syntheticWorkspace.ts';
import { querySpec } from './specs.ts';

let dir: string;
let db: BetterSqlite3.Database;
let engine: Engine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-groups-'));
  db = createSyntheticWorkspace({ rows: { victims: 4000 }, seed: 19, file: join(dir, 'w.vsow') });
  createLabelViews(db, ['victims']);
  engine = createEngine();
  await engine.loadFromStore(db, BUILT_IN_CODEBOOK);
});
afterAll(async () => {
  await engine.dispose();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** A field's label with its members relabelled, as SQL. */
function relabelled(field: string, groups: CategoryGroups): string {
  const own = groups[field] ?? [];
  if (own.length === 0) return `"${field}"`;
  const whens = own.map((g) => `WHEN "${field}" IN (${g.members.map(quote).join(', ')}) THEN ${quote(g.label)}`);
  return `CASE ${whens.join(' ')} ELSE "${field}" END`;
}

function sqlMerged(
  fields: readonly string[],
  groups: CategoryGroups,
  filters: readonly Filter[],
  measure: 'records' | 'persons',
): Map<string, number> {
  const key = fields.map((f) => relabelled(f, groups)).join(' || char(9) || ');
  const count = measure === 'records' ? 'count(*)' : 'count(DISTINCT person_id)';
  const rows = db
    .prepare(`SELECT ${key} AS k, ${count} AS n FROM victims_labels ${whereClause(filters)} GROUP BY k`)
    .all() as { k: string; n: number }[];
  return new Map(rows.map((r) => [r.k, r.n]));
}

async function engineCells(spec: QuerySpecInput): Promise<Map<string, number>> {
  const result = await engine.query(querySpec({ ...spec, disclosure: null }));
  const cells = new Map<string, number>();
  result.rows.keys.forEach((rk, i) =>
    result.cols.keys.forEach((ck, j) => {
      const n = result.counts[i]?.[j] ?? 0;
      if (n !== null && n > 0) cells.set([...rk, ...ck].join('\t'), n);
    }),
  );
  return cells;
}

const groups: CategoryGroups = {
  age_band: [
    { label: 'Under 18', members: ['0-9', '10-17'] },
    { label: '55 and over', members: ['55-64', '65+'] },
  ],
  sex: [{ label: 'Female or unknown', members: ['Unknown', 'Female'] }],
};

describe('merged categories', () => {
  for (const measure of ['records', 'persons'] as const)
    for (const [period, filters] of [
      ['all dates', []],
      ['one year', [{ field: 'date', from: '2019-04-01', to: '2020-03-31' }]],
      ['a category filter', [{ field: 'ethnicity', in: ['White', 'Asian'] }]],
    ] as Array<[string, Filter[]]>)
      it(`counts ${measure} over ${period} as SQL does with the members relabelled`, async () => {
        const spec = { cohort: 'victims', rows: ['age_band'], cols: ['sex'], measure, filters, groups };
        const cells = await engineCells(spec);
        expect(cells).toEqual(sqlMerged(['age_band', 'sex'], groups, filters, measure));
        expect(cells.size).toBeGreaterThan(4);
      });

  it('counts a person in two merged age bands once (persons are merged before counting)', async () => {
    const ageGroups = { age_band: groups.age_band ?? [] };
    const spec = { cohort: 'victims', rows: ['age_band'], measure: 'persons' as const, groups: ageGroups };
    const merged = await engine.query(querySpec({ ...spec, disclosure: null }));
    const plain = await engine.query(querySpec({ ...spec, groups: undefined, disclosure: null }));
    const under18 = merged.rows.keys.findIndex((k) => k[0] === 'Under 18');
    const sumOfParts = ['0-9', '10-17'].reduce(
      (n, band) => n + (plain.counts[plain.rows.keys.findIndex((k) => k[0] === band)]?.[0] ?? 0),
      0,
    );
    const merged18 = merged.counts[under18]?.[0] ?? 0;
    expect(merged18).toBe(sqlMerged(['age_band'], ageGroups, [], 'persons').get('Under 18'));
    expect(merged18).toBeLessThan(sumOfParts);
    expect(merged.total).toBe(plain.total);
  });

  it('puts each group where its first member was, the other categories in codebook order', async () => {
    const result = await engine.query(querySpec({ cohort: 'victims', rows: ['age_band'], cols: ['sex'], groups }));
    expect(result.rows.keys.map((k) => k[0])).toEqual([
      'Under 18',
      '18-24',
      '25-34',
      '35-44',
      '45-54',
      '55 and over',
      'Unknown',
    ]);
    expect(result.cols.keys.map((k) => k[0])).toEqual(['Female or unknown', 'Male']);
    expect(AGE_BANDS.length).toBe(9);
  });

  it('refuses groups that do not fit the table', async () => {
    const code = async (spec: QuerySpecInput): Promise<string> => {
      try {
        await engine.query(querySpec(spec));
        return 'none';
      } catch (error) {
        return error instanceof AppError ? `${error.code}: ${error.message}` : String(error);
      }
    };
    const base = { cohort: 'victims', rows: ['age_band'] };
    expect(await code({ ...base, groups: { age_band: [{ label: 'x', members: ['0-9', 'Teen'] }] } })).toMatch(
      /INVALID_SPEC: .*“Teen”, which is not a category of age_band/,
    );
    expect(await code({ ...base, groups: { age_band: [{ label: '65+', members: ['0-9', '10-17'] }] } })).toMatch(
      /INVALID_SPEC: The group label “65\+” of age_band is also one of its categories/,
    );
    expect(await code({ ...base, groups: { sex: [{ label: 'x', members: ['Male', 'Female'] }] } })).toMatch(
      /INVALID_SPEC: .*row and column fields only/,
    );
    expect(
      await code({
        ...base,
        groups: {
          age_band: [
            { label: 'a', members: ['0-9', '10-17'] },
            { label: 'b', members: ['10-17', '18-24'] },
          ],
        },
      }),
    ).toMatch(/INVALID_SPEC: .*one group of its field/);
  });
});
