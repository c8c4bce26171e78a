// The geography lookup card on the Data screen in a real Chromium: a street-crime file with
// only LSOA codes gets no district (the context card says a lookup would give one), the
// generated ONS lookup is imported from the card with the keyboard, and the same file then
// gets its districts, checked against engine.query.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLsoaLookup } from '../../src-main/sample/generator/lsoaLookup.ts';
import { startApp, type RunningApp, openWorkspaceFromStart } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';
import { streetCrimeCsv } from '../helpers/streetCrime.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';

const ROWS = 600;
let running: RunningApp;
let fixture: FixtureWorkspace;
let lookup: string;
let street: string;

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: {} });
  lookup = join(fixture.dir, 'LSOA11_LAD19.csv');
  await writeLsoaLookup(lookup);
  street = join(fixture.dir, 'street-codes.csv');
  writeFileSync(street, streetCrimeCsv(ROWS, { lsoaNames: false }));
  running = await startApp();
  const { page } = running;
  await openWorkspaceFromStart(page, fixture.path, fixture.passphrase);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Data' }).click();
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

async function inspectStreetFile(name: string): Promise<void> {
  const { page } = running;
  await page.getByRole('textbox', { name: 'Dataset name' }).fill(name);
  await page.getByRole('textbox', { name: 'Dataset files (CSV or Excel), one a line' }).fill(street);
  await page.getByRole('button', { name: 'Inspect columns' }).click();
  await page.getByRole('table', { name: 'Context dataset columns' }).waitFor();
}

describe('The geography lookup card', () => {
  it('says no lookup is loaded, and the context import says one would give the district', async () => {
    const { page } = running;
    const card = page.getByRole('region', { name: 'Geography lookup (LSOA to district)' });
    await expect
      .poll(async () => await card.getByTestId('lsoa-lookup-status').textContent())
      .toMatch(/No lookup loaded/);
    await inspectStreetFile('street_before');
    await page.getByText(/“LSOA code” holds LSOA codes: once the ONS LSOA to district lookup is imported/).waitFor();
  });

  it('imports the ONS lookup from the keyboard and shows what it holds', async () => {
    const { page } = running;
    const card = page.getByRole('region', { name: 'Geography lookup (LSOA to district)' });
    const input = card.getByRole('textbox', { name: 'Lookup file (CSV or Excel)' });
    await input.focus();
    await page.keyboard.type(lookup);
    await page.keyboard.press('Enter');
    await card.getByRole('status').filter({ hasText: 'Imported 500 LSOAs from LSOA11_LAD19.csv' }).waitFor();
    const status = await card.getByTestId('lsoa-lookup-status').textContent();
    expect(status).toMatch(/Loaded: 500 LSOAs of the six districts, from LSOA11_LAD19\.csv/);
    expect(status).toMatch(/16 rows for districts outside Cambridgeshire and Peterborough were ignored/);
    await expect(card.getByRole('button', { name: 'Replace the lookup' }).isVisible()).resolves.toBe(true);
    const api = await pageApi<{ lookup: { lsoas: number; districts: Record<string, number> } }>(
      page,
      'geography.lookup',
      {},
    );
    expect(api.lookup.lsoas).toBe(500);
    await card.scrollIntoViewIfNeeded();
    await running.screenshot('geography-lookup');
  });

  it('then derives the district of the codes-only file through the lookup', async () => {
    const { page } = running;
    await inspectStreetFile('street_codes');
    await page.getByText('The district is derived from “LSOA code” through the geography lookup.').waitFor();
    await page.getByRole('button', { name: 'Import as a context dataset' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Imported ${ROWS} rows` })
      .waitFor();
    const result = await pageApi<{ rows: { keys: string[][] }; counts: number[][]; total: number }>(
      page,
      'engine.query',
      { cohort: 'context:street_codes', rows: ['district'], disclosure: null },
    );
    const byDistrict = Object.fromEntries(result.rows.keys.map((k, i) => [k[0], result.counts[i]?.[0]]));
    // The lookup holds every LSOA of the six districts: the code it lacks (E01033000) is Outside area.
    expect(byDistrict).toMatchObject({
      Fenland: 120,
      Peterborough: 120,
      Cambridge: 120,
      Huntingdonshire: 120,
      'Outside area': 120,
    });
    expect(result.total).toBe(ROWS);
  });
});
