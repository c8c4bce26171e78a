// A cohort imported with no person identifier (the real stop-and-search file: searches, no
// person reference) through the real dispatcher on a real encrypted workspace: data.summary
// gives its records and no persons, and engine.query refuses distinct persons there with the
// reason, while records are counted; a cohort with persons still counts them.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { apiUnderTest, type ApiUnderTest } from '../../helpers/apiUnderTest.ts';

const PASS = 'correct horse battery staple';
const STOP_SEARCH = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../fixtures/real/2019-08-cambridgeshire-stop-and-search.csv',
);
let apiTest: ApiUnderTest;
let dispatcher: Dispatcher;
let call: Dispatcher['call'];

beforeAll(async () => {
  apiTest = apiUnderTest('vso-no-persons-');
  ({ dispatcher, call } = apiTest);
  await dispatcher.call('workspace.create', { path: join(apiTest.dir, 'w.vsow'), passphrase: PASS });
  await call('import.run', { cohort: 'suspects', path: STOP_SEARCH, unmapped: 'unknown' });
  const victims = join(apiTest.dir, 'victims.csv');
  writeFileSync(victims, 'Nominal Ref,Offence Date,Gender\nNM1,01/05/2021,F\nNM1,02/05/2021,F\nNM2,03/05/2021,M\n');
  await call('import.run', { cohort: 'victims', path: victims });
});

afterAll(async () => {
  await apiTest?.close();
});

describe('a cohort with no person identifiers', () => {
  it('has records and no persons in data.summary', async () => {
    const { datasets } = await call('data.summary', {});
    expect(datasets.find((d) => d.name === 'suspects')).toMatchObject({ records: 201, persons: 0 });
    expect(datasets.find((d) => d.name === 'victims')).toMatchObject({ records: 3, persons: 2 });
  });

  it('refuses distinct persons with the reason, and counts records', async () => {
    await expect(
      dispatcher.call('engine.query', { cohort: 'suspects', measure: 'persons', rows: ['sex'], disclosure: null }),
    ).rejects.toMatchObject({ code: 'INVALID_SPEC', message: expect.stringMatching(/has no person identifiers/) });
    const records = await call('engine.query', {
      cohort: 'suspects',
      measure: 'records',
      rows: ['sex'],
      disclosure: null,
    });
    expect(records.rowTotals.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(201);
    const persons = await call('engine.query', {
      cohort: 'victims',
      measure: 'persons',
      rows: ['sex'],
      disclosure: null,
    });
    expect(persons.rowTotals.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(2);
  });
});
