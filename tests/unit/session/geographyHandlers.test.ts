// The geography lookup through the real dispatcher on a real encrypted workspace: none at
// first (and the context preview of a codes-only street-crime file says a lookup would give
// its district), a wrong file refused with its name and columns, the generated lookup
// imported, then the same file previewed, imported and queried with its districts derived
// from LSOA codes. Every result is checked against the contract's schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLsoaLookup } from '../../../src-main/sample/generator/lsoaLookup.ts';
import { LSOA_COUNTS } from '../../../src-main/sample/generator/personPool.ts';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { apiUnderTest, type ApiUnderTest } from '../../helpers/apiUnderTest.ts';
import { streetCrimeCsv } from '../../helpers/streetCrime.ts';

const PASS = 'correct horse battery staple';
const ROWS = 500;
let dir: string;
let apiTest: ApiUnderTest;
let dispatcher: Dispatcher;
let call: Dispatcher['call'];
let street: string;

beforeAll(async () => {
  apiTest = apiUnderTest('vso-geography-');
  ({ dir, dispatcher, call } = apiTest);
  street = join(dir, 'street-codes.csv');
  writeFileSync(street, streetCrimeCsv(ROWS, { lsoaNames: false }));
  await dispatcher.call('workspace.create', { path: join(dir, 'geo.vsow'), passphrase: PASS });
});

afterAll(async () => {
  await apiTest?.close();
});

describe('geography lookup through the API', () => {
  it('holds no lookup at first, and the context preview says one would give the district', async () => {
    expect(await call('geography.lookup', {})).toEqual({ lookup: null });
    const preview = await call('import.contextPreview', { path: street });
    expect(preview).toMatchObject({ districtFrom: null, lsoaCodeColumn: 'LSOA code' });
    expect(preview.districtHint).toMatch(/LSOA to district lookup/);
  });

  it('refuses a file that is not a lookup, naming it and its columns', async () => {
    const wrong = join(dir, 'population.csv');
    writeFileSync(wrong, 'district,population\nFenland,100\n');
    await expect(dispatcher.call('geography.import', { path: wrong })).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringMatching(
        /^population\.csv has no LSOA code column: .*\(its columns: district, population\)/,
      ),
    });
    await expect(dispatcher.call('geography.import', { path: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(dispatcher.call('geography.import', { path: wrong, extra: 1 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('imports the lookup with progress and reports it', async () => {
    const path = join(dir, 'LSOA11_LAD19.csv');
    await writeLsoaLookup(path);
    const phases: string[] = [];
    // `call` checks the result against the contract's schema.
    const imported = await call('geography.import', { path }, { progress: (p) => phases.push(p.phase) });
    expect(imported.replaced).toBe(0);
    expect(imported.lookup).toMatchObject({ fileName: 'LSOA11_LAD19.csv', lsoas: 500, outsideArea: 16 });
    expect(imported.lookup.districts).toEqual(LSOA_COUNTS);
    expect(phases).toContain('Reading the lookup');
    expect((await call('geography.lookup', {})).lookup).toEqual(imported.lookup);
  });

  it('then derives the district of a codes-only context dataset from the lookup', async () => {
    const preview = await call('import.contextPreview', { path: street });
    expect(preview).toMatchObject({ districtFrom: 'LSOA code', districtHint: null });
    const imported = await call('import.context', {
      path: street,
      name: 'street_codes',
      columns: preview.columns,
      districtFrom: preview.districtFrom,
    });
    expect(imported.districts).toEqual({
      Fenland: 100,
      Peterborough: 100,
      Cambridge: 100,
      Huntingdonshire: 100,
      // The lookup holds every LSOA of the six districts: a code it lacks lies outside them.
      'Outside area': 100,
    });
    expect(imported.unknownValues).toEqual({});
    expect(imported.warnings).toHaveLength(0);
    const result = await call('engine.query', {
      cohort: 'context:street_codes',
      rows: ['district'],
      disclosure: null,
    });
    const byDistrict = Object.fromEntries(result.rows.keys.map((k, i) => [k[0], result.counts[i]?.[0]]));
    expect(byDistrict).toMatchObject({
      Fenland: 100,
      Peterborough: 100,
      Cambridge: 100,
      Huntingdonshire: 100,
      'Outside area': 100,
    });
    expect(result.total).toBe(ROWS);
  });
});
