// An empty cohort counts nothing: a new workspace (no imports) and a context dataset whose
// file held a header and no rows, through the real dispatcher on a real encrypted workspace.
// Every view (cross-tab by records and persons, facets, trend) must total zero; the oracle is
// the number of rows stored, which data.summary reports as zero.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { inferContextColumns } from '../../../src-main/import/contextColumns.ts';
import { importContextDataset } from '../../../src-main/import/contextDataset.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { apiUnderTest, type ApiUnderTest } from '../../helpers/apiUnderTest.ts';

const PASS = 'correct horse battery staple';
let apiTest: ApiUnderTest;
let dispatcher: Dispatcher;
let call: Dispatcher['call'];

beforeAll(async () => {
  apiTest = apiUnderTest('vso-empty-');
  ({ dispatcher, call } = apiTest);
  const file = join(apiTest.dir, 'empty.vsow');
  const csv = join(apiTest.dir, 'headers-only.csv');
  writeFileSync(csv, 'Crime type,Falls within,Month\n');
  const ws = Workspace.create(file, PASS);
  try {
    const inferred = await inferContextColumns(csv);
    await importContextDataset(ws, { name: 'nothing', label: 'Nothing yet', path: csv, columns: inferred.columns });
  } finally {
    ws.close();
  }
  await dispatcher.call('workspace.open', { path: file, passphrase: PASS });
});

afterAll(async () => {
  await apiTest?.close();
});

const sum = (values: ReadonlyArray<number | null>): number => values.reduce<number>((a, b) => a + (b ?? 0), 0);

describe('an empty workspace counts nothing', () => {
  it('stores no records in any dataset', async () => {
    const { datasets } = await call('data.summary', {});
    expect(datasets.map((d) => d.name)).toEqual(['victims', 'suspects', 'offenders', 'context:nothing']);
    for (const d of datasets) expect(d.records, d.name).toBe(0);
  });

  for (const cohort of ['victims', 'suspects', 'offenders'] as const) {
    it(`${cohort}: cross-tabs by records and persons, facets and the trend are all zero`, async () => {
      for (const measure of ['records', 'persons'] as const) {
        const result = await call('engine.query', {
          cohort,
          rows: ['district'],
          cols: ['sex'],
          measure,
          disclosure: null,
        });
        expect(result.meta.recordsMatched, `${cohort} ${measure}`).toBe(0);
        expect(result.total).toBe(0);
        expect(sum(result.rowTotals)).toBe(0);
        expect(sum(result.counts.flat())).toBe(0);
      }
      // With disclosure control on, nothing is a small count either.
      const protectedResult = await call('engine.query', { cohort, rows: ['district'] });
      expect(protectedResult.total).toBe(0);
      expect(protectedResult.suppressed).toEqual([]);
      const facets = await call('engine.facets', { cohort, filters: [] });
      expect(facets.total).toBe(0);
      for (const facet of facets.facets) expect(sum(facet.categories.map((c) => c.count)), facet.field).toBe(0);
      const trend = await call('engine.trend', { cohort, by: 'financial_year' });
      expect(sum(trend.counts.flat())).toBe(0);
    });
  }

  it('overlap: no persons in any combination of cohorts', async () => {
    const result = await call('engine.query', { cohort: 'overlap', disclosure: null });
    expect(result.total ?? 0).toBe(0);
    expect(sum(result.counts.flat())).toBe(0);
  });

  it('a context dataset with no rows counts nothing', async () => {
    const { columns } = await call('data.datasetColumns', { dataset: 'context:nothing' });
    const fields = columns.filter((c) => c.kind === 'category' || c.kind === 'ordinal').map((c) => c.name);
    const result = await call('engine.query', {
      cohort: 'context:nothing',
      rows: fields.slice(0, 1),
      disclosure: null,
    });
    expect(result.meta.recordsMatched).toBe(0);
    expect(result.total).toBe(0);
    expect(sum(result.counts.flat())).toBe(0);
    const facets = await call('engine.facets', { cohort: 'context:nothing', filters: [] });
    expect(facets.total).toBe(0);
  });
});
