// The time-to-outcome card in a release, in a real Chromium: a workspace of suspects whose
// records with and without an outcome date are known per offence group, and two tables exported
// first by the `vso` command line (real processes): suspects (persons) by district, sex and
// offence group, and suspects (records) by offence group. Exporting the card's table from
// Explore then says which cells it hid because of those outputs, and which output it could not
// be protected together with (neither is in the file); the card also saves its table as a figure.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src-main/import/runImport.ts';
import { Workspace } from '../../src-main/store/workspace.ts';
import { openWorkspaceFromStart, startApp, type RunningApp } from '../helpers/app.ts';
import { runVso } from '../helpers/cli.ts';
import { fillSavePath } from '../helpers/savePath.ts';

const PASSPHRASE = 'correct horse battery staple';
/** Per offence group: records with an outcome date, and without one. */
const GROUPS: Record<string, { timed: number; untimed: number }> = {
  Burglary: { timed: 30, untimed: 12 },
  Theft: { timed: 35, untimed: 9 },
  Robbery: { timed: 6, untimed: 2 },
  'Criminal damage and arson': { timed: 3, untimed: 0 },
};

let running: RunningApp;
let dir: string;
let path: string;

const ukDate = (days: number): string => {
  const [y, m, d] = new Date(days * 86_400_000).toISOString().slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
};

function exportTable(name: string, title: string, spec: unknown): void {
  const specPath = join(dir, `${name}.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  const run = runVso(
    ['export', 'table', path, '--spec', specPath, '--out', join(dir, `${name}.csv`), '--title', title],
    { VSO_PASSPHRASE: PASSPHRASE, VSO_CONFIG_DIR: dir },
    180_000,
  );
  expect(run.code, run.stderr).toBe(0);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-e2e-outcome-release-'));
  path = join(dir, 'team.vsow');
  const lines = ['Person Ref,Offence Date,Outcome Date,Offence Group,Gender,District Name'];
  let person = 0;
  for (const [group, { timed, untimed }] of Object.entries(GROUPS))
    for (let i = 0; i < timed + untimed; i++) {
      const offence = 18_700 + ((i * 37) % 300);
      lines.push(
        `P${++person},${ukDate(offence)},${i < timed ? ukDate(offence + ((i * 13) % 200)) : ''},${group},F,Fenland`,
      );
    }
  const extract = join(dir, 'suspects.csv');
  writeFileSync(extract, lines.join('\n'));
  const workspace = Workspace.create(path, PASSPHRASE);
  try {
    await runImport(workspace, { cohort: 'suspects', path: extract });
  } finally {
    workspace.close();
  }
  exportTable('persons', 'Suspects by district', {
    cohort: 'suspects',
    rows: ['district', 'sex'],
    cols: ['offence_group'],
    measure: 'persons',
    filters: [{ field: 'outcome_timed', equals: true }],
  });
  exportTable('records', 'Suspects by offence group', { cohort: 'suspects', rows: ['offence_group'] });
  running = await startApp({ width: 1440, height: 1000 });
  await openWorkspaceFromStart(running.page, path, PASSPHRASE);
  await running.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Explore' }).click();
  await running.page.getByRole('radio', { name: 'Suspects' }).click();
}, 600_000);

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the time-to-outcome card in a release', () => {
  it('names the cells hidden because of earlier outputs, and the output it could not be protected with', async () => {
    const { page } = running;
    const remove = (name: string) => page.getByRole('button', { name, exact: true });
    for (const name of ['Remove columns field 2', 'Remove rows field 2'])
      while ((await remove(name).count()) > 0) await remove(name).click();
    await page.getByLabel('Rows field 1', { exact: true }).selectOption('offence_group');
    await page.getByLabel('Columns field 1', { exact: true }).selectOption('sex');
    await page.getByTestId('time-to-outcome').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'CSV', exact: true }).click();
    const out = join(dir, 'outcome.csv');
    await fillSavePath(page.locator('#outcome-export-path'), out);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect
      .poll(() => page.getByTestId('outcome-export-written').textContent(), { timeout: 120_000 })
      .toContain(out);
    const reasons = await page.getByTestId('outcome-export-reasons').locator('li').allTextContents();
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.join(' ')).toMatch(/cells? hidden because of .*‘Suspects by offence group’/);
    const notes = await page.getByTestId('unlinked-notes').textContent();
    expect(notes).toContain('‘Suspects by district’');
    // The file carries the reasons as notes, as every export does, but never the advice.
    const file = readFileSync(out, 'utf8');
    expect(file).toContain('hidden because of');
    expect(file).not.toMatch(/Not protected together/);
  });

  it('saves its table as a figure', async () => {
    const { page } = running;
    await page.locator('#outcome-figure-name').fill('Days to outcome by offence group');
    await page.getByRole('button', { name: 'Save figure' }).click();
    await expect
      .poll(() => page.getByTestId('outcome-figure-saved').textContent(), { timeout: 60_000 })
      .toContain('Days to outcome by offence group');
  });

  it('reopens the saved figure in Explore as its median and quartiles chart', async () => {
    const { page } = running;
    const nav = page.getByRole('navigation', { name: 'Main' });
    // Back to Explore from another screen: its list of saved figures is read again.
    await nav.getByRole('button', { name: 'Report' }).click();
    await nav.getByRole('button', { name: 'Explore' }).click();
    await page
      .getByRole('list', { name: 'Saved figures' })
      .getByRole('button', { name: 'Days to outcome by offence group', exact: true })
      .click();
    await expect.poll(() => page.getByLabel('Chart type').inputValue(), { timeout: 60_000 }).toBe('outcome');
    const plot = page.locator('.js-plotly-plot').first();
    await expect.poll(() => plot.locator('.scatterlayer .trace').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // Each drawn median has its quartile range as an error bar.
    await expect.poll(() => plot.locator('.errorbar').count()).toBeGreaterThan(0);
    await plot.scrollIntoViewIfNeeded();
    await running.screenshot('time-to-outcome-figure');
  });
});
