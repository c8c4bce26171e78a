// Context datasets: the police open-data street-level crime file (12 columns) imported under
// a name, its codebook inferred (categories, month, numbers, free text left out) and the
// district derived from the LSOA name, or, where only LSOA codes remain, through the
// geography lookup (a hint when there is none), in a real workspace (migrations 003, 004).
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inferContextColumns, safeColumnNames } from '../../../src-main/import/contextColumns.ts';
import { hasContextTables, importContextDataset } from '../../../src-main/import/contextDataset.ts';
import { importLsoaLookup } from '../../../src-main/import/lsoaLookup.ts';
import { lsoaLookupRows, writeLsoaLookup } from '../../../src-main/sample/generator/lsoaLookup.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { LSOAS, streetCrimeCsv, TYPES } from '../../helpers/streetCrime.ts';
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
    // King's Lynn and West Norfolk 001A: an LSOA of another district is Outside area.
    expect(result.districts).toEqual({
      Fenland: 200,
      Peterborough: 200,
      Cambridge: 200,
      Huntingdonshire: 200,
      'Outside area': 200,
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

  it('without a lookup, names no district for LSOA codes but says a lookup would derive it', async () => {
    const path = dir.write('codes-only.csv', streetCrimeCsv(100, { lsoaNames: false }));
    const inferred = await inferContextColumns(path);
    expect(inferred.headers).not.toContain('LSOA name');
    expect(inferred.lsoaCodeColumn).toBe('LSOA code');
    expect(inferred.districtFrom).toBeNull();
    expect(inferred.districtHint).toMatch(/“LSOA code” holds LSOA codes: .*LSOA to district lookup/);
    // Forced to derive it anyway, every code gives no district, with a warning that says why.
    const result = await importContextDataset(ws, {
      name: 'codes_no_lookup',
      path,
      columns: inferred.columns,
      districtFrom: 'LSOA code',
    });
    expect(result.districts).toEqual({ Unknown: 100 });
    expect(count(ws, 'SELECT count(*) AS n FROM ctx_codes_no_lookup WHERE district IS NULL')).toBe(100);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^LSOA code: 100 row\(s\) hold LSOA codes but this workspace has no geography lookup/),
    ]);
  });

  it('derives the district from LSOA codes through the geography lookup, as the names would', async () => {
    const lookupPath = dir.file('lookup.csv');
    await writeLsoaLookup(lookupPath);
    await importLsoaLookup(ws, lookupPath);

    // With both columns, the LSOA name is still preferred: it needs no lookup.
    const both = await inferContextColumns(dir.write('both.csv', streetCrimeCsv(100)), { hasLsoaLookup: true });
    expect(both.districtFrom).toBe('LSOA name');
    expect(both.districtHint).toBeNull();

    const path = dir.write('codes.csv', streetCrimeCsv(1000, { lsoaNames: false }));
    const inferred = await inferContextColumns(path, { hasLsoaLookup: true });
    expect(inferred.districtFrom).toBe('LSOA code');
    expect(inferred.districtHint).toBeNull();
    const result = await importContextDataset(ws, {
      name: 'codes',
      path,
      columns: inferred.columns,
      districtFrom: inferred.districtFrom,
    });
    expect(result.rows).toBe(1000);
    // The same counts as from the LSOA names: the lookup holds every LSOA of the six districts,
    // so the code it lacks is Outside area.
    expect(result.districts).toEqual({
      Fenland: 200,
      Peterborough: 200,
      Cambridge: 200,
      Huntingdonshire: 200,
      'Outside area': 200,
    });
    expect(result.unknownValues).toEqual({});
    expect(result.warnings).toEqual([]);
    // Row by row, each stored district is the lookup's district of the row's LSOA code.
    const pairs = ws.db
      .prepare(
        `SELECT l.label AS code, d.label AS district, count(*) AS n FROM ctx_codes t
         JOIN context_categories l ON l.dataset_id = ? AND l.column_name = 'lsoa_code' AND l.code = t.lsoa_code
         LEFT JOIN context_categories d ON d.dataset_id = ? AND d.column_name = 'district' AND d.code = t.district
         GROUP BY l.label, d.label ORDER BY l.label`,
      )
      .all(result.datasetId, result.datasetId) as Array<{ code: string; district: string | null; n: number }>;
    const lookup = new Map(lsoaLookupRows({ outsideArea: false }).map((r) => [r.lsoaCode, r.districtName]));
    expect(pairs).toEqual(
      LSOAS.map(([code]) => ({ code, district: lookup.get(code) ?? 'Outside area', n: 200 })).sort((a, b) =>
        a.code.localeCompare(b.code),
      ),
    );
    expect(count(ws, 'SELECT count(*) AS n FROM ctx_codes WHERE district IS NULL')).toBe(0);
  });
});
