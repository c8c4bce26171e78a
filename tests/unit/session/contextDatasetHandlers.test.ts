// Context datasets through the real dispatcher on a real encrypted workspace: a street-level
// crime file imported before the workspace opens is listed by data.summary, described by
// data.datasetColumns, and answered by engine.query, engine.facets and engine.trend with
// disclosure control, every result valid against the contract's schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { apiUnderTest, type ApiUnderTest } from '../../helpers/apiUnderTest.ts';
import { inferContextColumns } from '../../../src-main/import/contextColumns.ts';
import { importContextDataset } from '../../../src-main/import/contextDataset.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { streetCrimeCsv } from '../../helpers/streetCrime.ts';

const PASS = 'correct horse battery staple';
const ROWS = 1000;
let dir: string;
let apiTest: ApiUnderTest;
let dispatcher: Dispatcher;
let call: Dispatcher['call'];

beforeAll(async () => {
  apiTest = apiUnderTest('vso-context-');
  ({ dir, dispatcher, call } = apiTest);
  const file = join(dir, 'ctx.vsow');
  const csv = join(dir, 'street.csv');
  writeFileSync(csv, streetCrimeCsv(ROWS));
  const ws = Workspace.create(file, PASS);
  try {
    const inferred = await inferContextColumns(csv);
    await importContextDataset(ws, {
      name: 'street_crime',
      label: 'Street crime 2023',
      path: csv,
      columns: inferred.columns,
      districtFrom: inferred.districtFrom,
    });
  } finally {
    ws.close();
  }
  await dispatcher.call('workspace.open', { path: file, passphrase: PASS });
});

afterAll(async () => {
  await apiTest?.close();
});

describe('context datasets through the API', () => {
  it('lists the dataset in data.summary after the cohorts', async () => {
    const { datasets } = await call('data.summary', {});
    expect(datasets.map((d) => d.name)).toEqual(['victims', 'suspects', 'offenders', 'context:street_crime']);
    const ctx = datasets[3];
    expect(ctx).toMatchObject({
      label: 'Street crime 2023',
      records: ROWS,
      persons: 0,
      firstDate: '2023-01',
      lastDate: '2023-09',
      financialYears: ['2022/23', '2023/24'],
    });
    expect(ctx?.completeness.crime_type).toBe(1);
    // Anti-social behaviour (a fifth) has no outcome; the out-of-county LSOA is Outside area, a known place.
    expect(ctx?.completeness.last_outcome_category).toBeCloseTo(0.8, 5);
    expect(ctx?.completeness.district).toBe(1);
  });

  it('describes its dimensions with data.datasetColumns', async () => {
    const described = await call('data.datasetColumns', { dataset: 'context:street_crime' });
    expect(described).toMatchObject({ name: 'context:street_crime', label: 'Street crime 2023', hasPersons: false });
    const byName = new Map(described.columns.map((c) => [c.name, c]));
    expect(byName.get('crime_type')).toMatchObject({ label: 'Crime type', kind: 'category' });
    expect(byName.get('district')?.categories).toContain('Fenland');
    expect(byName.get('month')).toMatchObject({ label: 'Month', kind: 'ordinal' });
    expect(byName.get('longitude')?.kind).toBe('number');
    const victims = await call('data.datasetColumns', { dataset: 'victims' });
    expect(victims.hasPersons).toBe(true);
    // The overlap's columns are its own combinations and the cohorts' columns its filters may name.
    const overlap = await call('data.datasetColumns', { dataset: 'overlap' });
    expect(overlap.columns[0]).toMatchObject({ name: 'combination', kind: 'category' });
    expect(overlap.columns.find((c) => c.name === 'sex')?.kind).toBe('category');
    expect(overlap.columns.some((c) => c.name === 'crime_type')).toBe(false);
  });

  it('answers engine.query with disclosure control, and facets and trends', async () => {
    const published = await call('engine.query', {
      cohort: 'context:street_crime',
      rows: ['crime_type'],
      cols: ['district'],
    });
    expect(published.disclosure?.rule.threshold).toBe(5);
    const raw = await call('engine.query', {
      cohort: 'context:street_crime',
      rows: ['crime_type'],
      cols: ['district'],
      disclosure: null,
    });
    expect(raw.total).toBe(ROWS);
    const facets = await call('engine.facets', {
      cohort: 'context:street_crime',
      filters: [{ field: 'district', in: ['Fenland'] }],
    });
    expect(facets.total).toBe(ROWS / 5);
    expect(facets.facets.find((f) => f.field === 'crime_type')?.label).toBe('Crime type');
    const trend = await call('engine.trend', { cohort: 'context:street_crime', by: 'month', disclosure: null });
    expect(trend.rowTotals.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(ROWS);
    await expect(
      dispatcher.call('engine.query', { cohort: 'context:street_crime', measure: 'persons', rows: ['district'] }),
    ).rejects.toMatchObject({ code: 'INVALID_SPEC', message: expect.stringMatching(/has no persons/) });
  });
});
