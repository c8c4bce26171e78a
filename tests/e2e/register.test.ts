// The publication register on the Audit screen in a real Chromium over the loopback bridge:
// two figures exported from the Report screen (a table, and the same table without Mixed) are
// listed with when, where to and why cells were hidden; "Start a new release" asks first, is
// audited, and leaves the new release empty. Screenshots go to test-results/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFigure } from '../../src-main/store/figures.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';
import { fillSavePath } from '../helpers/savePath.ts';

let running: RunningApp;
let fixture: FixtureWorkspace;
let out: string;

const QUERY = {
  cohort: 'victims',
  filters: [],
  rows: ['district'],
  cols: ['sex'],
  measure: 'records' as const,
  percent: 'none' as const,
  stats: false,
  disclosure: { threshold: 5, secondary: true, round: null, suppressZeros: false },
};

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 3000 }, seed: 11 });
  out = mkdtempSync(join(tmpdir(), 'vso-e2e-register-'));
  running = await startApp({ width: 1440, height: 1000 });
}, 120_000);

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
  if (out) rmSync(out, { recursive: true, force: true });
});

async function exportFigure(name: string, file: string): Promise<void> {
  const { page } = running;
  await page.getByRole('button', { name: `Export ${name}` }).click();
  await fillSavePath(page.locator('#figure-export-path'), join(out, file));
  await page.getByRole('button', { name: 'Export XLSX' }).click();
  await expect
    .poll(() => page.getByTestId('export-written').textContent(), { timeout: 120_000 })
    .toContain(join(out, file));
  await page.getByRole('button', { name: 'Close the export form' }).click();
}

describe('the publication register', () => {
  it('lists what the release published and why cells were hidden', async () => {
    const { page } = running;
    await page.locator('#open-path').fill(fixture.path);
    await page.locator('#open-pass').fill(fixture.passphrase);
    await page.getByRole('button', { name: 'Open workspace' }).click();
    await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
    // A write of the test's own waits its turn in the app's write queue, as the app's do.
    await running.app.services.session.exclusive(async () => {
      const db = running.app.services.session.current().db;
      saveFigure(
        db,
        { name: 'Victims by district', title: 'Victims by district', notes: '', chart: 'table', query: QUERY },
        null,
        false,
      );
      saveFigure(
        db,
        {
          name: 'Without Mixed',
          title: 'Victims by district, not Mixed',
          notes: '',
          chart: 'table',
          query: { ...QUERY, filters: [{ kind: 'notIn', field: 'ethnicity', notIn: ['Mixed'] }] },
        },
        null,
        false,
      );
    });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Audit' }).click();
    await page.getByRole('cell', { name: 'Nothing published in this release yet.' }).waitFor();

    await nav.getByRole('button', { name: 'Report' }).click();
    await exportFigure('Victims by district', 'district.xlsx');
    await exportFigure('Without Mixed', 'without-mixed.xlsx');

    await nav.getByRole('button', { name: 'Audit' }).click();
    const register = page.getByRole('table', { name: 'Publication register' });
    await register.getByRole('cell', { name: 'Without Mixed' }).waitFor();
    await expect.poll(() => register.locator('tbody tr').count()).toBe(2);
    const newest = register.locator('tbody tr').first();
    expect(await newest.textContent()).toContain(join(out, 'without-mixed.xlsx'));
    expect(await newest.textContent()).toMatch(
      /cells? hidden because of ‘Victims by district’, exported \d{4}-\d{2}-\d{2}/,
    );
    await running.screenshot('audit-register');
  }, 300_000);

  it('starts a new release after a confirmation, audited, with nothing published yet', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'Start a new release' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(/End “Release \d{4}” \(2 outputs\)/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);

    await page.getByRole('button', { name: 'Start a new release' }).click();
    await page.getByLabel('Name of the new release').fill('Needs assessment 2027');
    await page.getByRole('button', { name: 'Start the new release' }).click();
    await page.getByRole('cell', { name: 'Nothing published in this release yet.' }).waitFor();
    const release = page.getByLabel('Release', { exact: true });
    // The list of releases is read on its own: poll until it shows the new one.
    await expect
      .poll(() => release.locator('option:checked').textContent())
      .toContain('Needs assessment 2027 (open, 0 outputs)');
    await expect.poll(() => release.textContent()).toMatch(/Release \d{4} \(ended .*, 2 outputs\)/);
    await page.getByLabel('Filter by action').selectOption('release.start');
    await page.getByRole('table', { name: 'Audit log' }).getByText('Release started').waitFor();
    await running.screenshot('audit-new-release');
  }, 120_000);
});
