// Context datasets: the police open-data street-level crime file (12 columns) imported under
// a name, its codebook inferred (categories, month, numbers, free text left out) and the
// district derived from the LSOA name, in a real workspace (schema: migration 003).
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inferContextColumns, safeColumnNames } from '../../../src-main/import/contextColumns.ts';
import { hasContextTables, importContextDataset } from '../../../src-main/import/contextDataset.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { streetCrimeCsv, TYPES } from '../../helpers/streetCrime.ts';
import { count, createWorkspace, TempDir } from './importTestKit.ts';

const dir = new TempDir();
let ws: Workspace;
beforeEach(() => {
  ws = createWorkspace(dir, `ctx-${Date.now()}.vsow`);
});
afterEach(() => ws.close());
afterAll(() => dir.remove());

describe('context datasets', () => {
  it('has the context tables in a new workspace', () => {
    expect(hasContextTables(ws)).toBe(true);
  });

  it('makes safe, unique column names', () => {
    expect(safeColumnNames(['Crime ID', 'LSOA code', 'id', '2nd', 'Crime  ID'])).toEqual([
      'crime_id',
      'lsoa_code',
      'id_src',
      'c_2nd',
      'crime_id_2',
    ]);
  });

  it('infers the street-level crime codebook and derives the district from the LSOA name', async () => {
    const path = dir.write('street.csv', streetCrimeCsv(1000));
    const inferred = await inferContextColumns(path);
    const kinds = Object.fromEntries(inferred.columns.map((c) => [c.source, c.kind]));
    expect(kinds).toMatchObject({
      'Crime ID': 'text',
      Month: 'month',
      'Reported by': 'category',
      Longitude: 'number',
      Latitude: 'number',
      Location: 'text',
      'LSOA code': 'category',
      'LSOA name': 'category',
      'Crime type': 'category',
      'Last outcome category': 'category',
    });
    expect(inferred.columns.find((c) => c.source === 'Location')?.included).toBe(false);
    expect(inferred.districtFrom).toBe('LSOA name');

    const result = await importContextDataset(ws, {
      name: 'street_crime',
      path,
      columns: inferred.columns,
      districtFrom: inferred.districtFrom,
    });
    expect(result.rows).toBe(1000);
    expect(result.districts).toEqual({
      Fenland: 200,
      Peterborough: 200,
      Cambridge: 200,
      Huntingdonshire: 200,
      Unknown: 200,
    });
    expect(count(ws, 'SELECT count(*) AS n FROM ctx_street_crime')).toBe(1000);
    const columns = (ws.db.prepare('PRAGMA table_info(ctx_street_crime)').all() as Array<{ name: string }>).map(
      (c) => c.name,
    );
    expect(columns).not.toContain('location');
    expect(columns).not.toContain('crime_id');
    expect(columns).toContain('district');
    const types = ws.db
      .prepare(
        `SELECT k.label AS label, count(*) AS n FROM ctx_street_crime t JOIN context_categories k ON k.dataset_id = ? AND k.column_name = 'crime_type' AND k.code = t.crime_type GROUP BY k.label ORDER BY k.label`,
      )
      .all(result.datasetId) as Array<{ label: string; n: number }>;
    expect(types.map((t) => t.label)).toEqual([...TYPES].sort());
    expect(types.every((t) => t.n === 200)).toBe(true);
  });

  it('refuses a second dataset of the same name and rolls back nothing half-made', async () => {
    const path = dir.write('street2.csv', streetCrimeCsv(50));
    const inferred = await inferContextColumns(path);
    await importContextDataset(ws, { name: 'twice', path, columns: inferred.columns });
    await expect(importContextDataset(ws, { name: 'twice', path, columns: inferred.columns })).rejects.toThrow(
      /already exists/,
    );
    await expect(importContextDataset(ws, { name: 'Bad Name', path, columns: inferred.columns })).rejects.toThrow(
      /cannot name a dataset/,
    );
    expect(count(ws, 'SELECT count(*) AS n FROM context_datasets')).toBe(1);
  });
});
