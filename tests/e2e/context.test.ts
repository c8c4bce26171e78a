// A context dataset (the police street-level crime file) in a real Chromium: imported by the
// real importer beside a small victims cohort, opened from the Explore screen's switch, its
// facets clicked and the total checked against engine.query; its tile on the Data screen.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferContextColumns } from '../../src-main/import/contextColumns.ts';
import { importContextDataset } from '../../src-main/import/contextDataset.ts';
import { Workspace } from '../../src-main/store/workspace.ts';
import { startApp, type RunningApp, openWorkspaceFromStart } from '../helpers/app.ts';
import { streetCrimeCsv } from '../helpers/streetCrime.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';
import { numberIn, pageApi } from '../helpers/pageApi.ts';

const ROWS = 3000;
let running: RunningApp;
let fixture: FixtureWorkspace;

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 1500 }, seed: 5 });
  const csv = join(fixture.dir, 'street.csv');
  writeFileSync(csv, streetCrimeCsv(ROWS));
  const ws = Workspace.open(fixture.path, fixture.passphrase);
  try {
    const inferred = await inferContextColumns(csv);
    await importContextDataset(ws, {
      name: 'street_crime',
      label: 'Street crime',
      path: csv,
      columns: inferred.columns,
      districtFrom: inferred.districtFrom,
    });
  } finally {
    ws.close();
  }
  running = await startApp();
  const { page } = running;
  await openWorkspaceFromStart(page, fixture.path, fixture.passphrase);
  await page.getByRole('button', { name: 'Explore' }).click();
  await page.getByTestId('facet-total').waitFor();
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

describe('A context dataset in Explore', () => {
  it('is listed after the cohorts and opens with its own facets and dimensions', async () => {
    const { page } = running;
    const cohorts = page.getByRole('radiogroup', { name: 'Cohort' }).getByRole('radio');
    await expect
      .poll(async () => await cohorts.allTextContents())
      .toEqual(['Victims', 'Suspects', 'Offenders', 'Overlap', 'Journeys', 'Needs together', 'Street crime']);
    await page.getByRole('radio', { name: 'Street crime' }).click();
    await expect.poll(async () => numberIn(await page.getByTestId('facet-total').textContent())).toBe(ROWS);
    await page.getByRole('button', { name: /^Burglary/ }).waitFor();
    await expect(page.getByLabel('Measure').isDisabled()).resolves.toBe(true);
    await page.getByTestId('chart').waitFor();
    await expect.poll(async () => numberIn(await page.getByTestId('result-total').textContent())).toBe(ROWS);
    await running.screenshot('context-explore');
  });

  it('filters by a facet, the total following engine.query', async () => {
    const { page } = running;
    await page.getByTitle('Only Fenland', { exact: true }).click();
    await page.getByRole('list', { name: 'Active filters' }).waitFor();
    const engine = await pageApi<{ total: number }>(page, 'engine.query', {
      cohort: 'context:street_crime',
      filters: [{ field: 'district', in: ['Fenland'] }],
      rows: ['crime_type'],
      disclosure: null,
    });
    expect(engine.total).toBe(ROWS / 5);
    await expect.poll(async () => numberIn(await page.getByTestId('facet-total').textContent())).toBe(engine.total);
    await expect.poll(async () => numberIn(await page.getByTestId('result-total').textContent())).toBe(engine.total);
    await running.screenshot('context-explore-filtered');
  });

  it('shows the dataset as a tile on the Data screen', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'Data', exact: true }).click();
    await expect
      .poll(async () => numberIn(await page.getByTestId('tile-records-context:street_crime').textContent()))
      .toBe(ROWS);
  });

  it('imports another context dataset from the Data screen and explores it', async () => {
    const { page } = running;
    const csv = join(fixture.dir, 'street-2.csv');
    writeFileSync(csv, streetCrimeCsv(500));
    await page.getByRole('textbox', { name: 'Dataset name' }).fill('street_two');
    await page.getByRole('textbox', { name: 'Dataset label' }).fill('Street crime, second file');
    await page.getByRole('textbox', { name: 'Dataset files (CSV or Excel), one a line' }).fill(csv);
    await page.getByRole('button', { name: 'Inspect columns' }).click();
    const columns = page.getByRole('table', { name: 'Context dataset columns' });
    await columns.waitFor();
    expect(await page.getByRole('combobox', { name: 'Kind of Crime type' }).inputValue()).toBe('category');
    await running.screenshot('context-import');
    await page.getByRole('button', { name: 'Import as a context dataset' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported 500 rows' }).waitFor();
    await expect
      .poll(async () => numberIn(await page.getByTestId('tile-records-context:street_two').textContent()))
      .toBe(500);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Explore' }).click();
    await page.getByRole('radio', { name: 'Street crime, second file' }).click();
    await expect.poll(async () => numberIn(await page.getByTestId('facet-total').textContent())).toBe(500);
  });
});
