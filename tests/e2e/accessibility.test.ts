// Every screen of the app checked by axe-core in a real Chromium, on the sample workspace:
// Start (with the guided start, the sample's passphrase, the unlock form), Explore with a
// table and a chart, Report's three tabs with an infographic open, Data with each step of
// the import wizard, Audit, Help, and the dialogs that can open over them. No violation of
// impact serious or critical may remain; the test prints any it finds. Along the way, the
// keyboard: each screen's heading takes focus when it opens, and the grid answers Home, End,
// PageUp and PageDown. With VSO_COMPARE_CSS=<an earlier build's stylesheet>, each screen is
// also compared with itself under that stylesheet (computed styles and pixels): a CSS refactor
// that changes nothing passes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { RESULTS_DIR, startApp, type RunningApp } from '../helpers/app.ts';
import { describeFindings, seriousViolations } from '../helpers/axe.ts';
import { compareWithStylesheet } from '../helpers/stylesheetCompare.ts';

const STOP_AND_SEARCH = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/real/2019-08-cambridgeshire-stop-and-search.csv',
);
/** A loaded machine may answer late: polls wait for the screen, they assert no timing. */
const SETTLED = { timeout: 30_000 };
const COMPARED_CSS = process.env.VSO_COMPARE_CSS;
// Comparing every element's computed style twice per screen takes minutes on a loaded machine.
if (COMPARED_CSS !== undefined) vi.setConfig({ testTimeout: 900_000 });
let running: RunningApp;
let dir: string;
let passphrase = '';

/**
 * axe's serious and critical findings on the page as it stands, as text ('' when none), and
 * with VSO_COMPARE_CSS the elements styled differently under that stylesheet (pixels that differ
 * are printed, for a look).
 */
async function audit(page: Page, screen: string): Promise<string> {
  const found = describeFindings(screen, await seriousViolations(page));
  const differences =
    COMPARED_CSS === undefined
      ? { styles: '', pixels: '' }
      : await compareWithStylesheet(page, COMPARED_CSS, screen, RESULTS_DIR);
  if (differences.pixels !== '') process.stdout.write(`${differences.pixels}\n`);
  const report = [found, differences.styles].filter((text) => text !== '').join('\n');
  if (report !== '') process.stdout.write(`${report}\n`);
  return report;
}

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen, exact: true }).click();
}

/** The id of the element that has focus, once it settles. */
async function focusedId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.activeElement?.id);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-e2e-a11y-'));
  process.env.VSO_CONFIG_DIR = join(dir, 'config');
  running = await startApp({ guidedStart: true });
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('accessibility of every screen (axe-core: no serious or critical violation)', () => {
  it('Start, with the guided start over it', async () => {
    const { page } = running;
    await page.getByRole('dialog', { name: 'Open the sample' }).waitFor();
    expect(await audit(page, 'Start with the guided start')).toBe('');
  });

  it('Start with the sample open and its passphrase shown; the guided start moves on', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'Try it with sample data' }).click();
    const shown = page.getByTestId('sample-passphrase');
    await shown.waitFor({ timeout: 240_000 });
    passphrase = (await shown.textContent()) ?? '';
    // The tour follows what was done: the sample is open, so its next step shows.
    await page.getByRole('dialog', { name: 'Filter' }).waitFor();
    expect(await audit(page, 'Start with the sample passphrase')).toBe('');
    await page.getByRole('button', { name: 'I have noted it' }).click();
    await page.getByRole('button', { name: 'Skip the tour' }).click();
  }, 300_000);

  it('the unlock form of a locked workspace', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'Lock now' }).click();
    await page.getByRole('heading', { name: 'Workspace locked' }).waitFor();
    expect(await audit(page, 'Start: unlock')).toBe('');
    await page.locator('#unlock-pass').fill(passphrase);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
  });

  it('Explore with a cross-tab, statistics and a chart; its heading has focus', async () => {
    const { page } = running;
    await go(page, 'Explore');
    await page.getByTestId('chart').waitFor();
    await page.getByRole('grid').waitFor();
    await expect.poll(() => focusedId(page), SETTLED).toBe('screen-title');
    await page.getByRole('checkbox', { name: 'Statistics' }).check();
    await page.getByTestId('stat-chi2').waitFor();
    expect(await audit(page, 'Explore')).toBe('');
  });

  it('Explore: the grid answers Home, End, PageUp and PageDown', async () => {
    const { page } = running;
    const grid = page.getByRole('grid');
    // The grid's rows and columns below its header row and header column, totals included.
    const rows = Number(await grid.getAttribute('aria-rowcount')) - 1;
    const cols = Number(await grid.getAttribute('aria-colcount')) - 1;
    expect(rows).toBeGreaterThan(2);
    const at = (): Promise<string | null | undefined> =>
      page.evaluate(() => document.activeElement?.getAttribute('data-cell'));
    await page.locator('[data-cell="0:0"]').focus();
    await page.keyboard.press('End');
    await expect.poll(at, SETTLED).toBe(`0:${cols - 1}`);
    await page.keyboard.press('Home');
    await expect.poll(at, SETTLED).toBe('0:0');
    await page.keyboard.press('PageDown');
    await expect.poll(at, SETTLED).toBe(`${Math.min(10, rows - 1)}:0`);
    await page.keyboard.press('PageUp');
    await expect.poll(at, SETTLED).toBe('0:0');
    await page.keyboard.press('Control+End');
    await expect.poll(at, SETTLED).toBe(`${rows - 1}:${cols - 1}`);
    await page.keyboard.press('Control+Home');
    await expect.poll(at, SETTLED).toBe('0:0');
  });

  it('Explore with a map', async () => {
    const { page } = running;
    await page.getByLabel('Rows field 1', { exact: true }).selectOption('district');
    await page.getByLabel('Chart type').selectOption('map');
    await page.getByTestId('chart').waitFor();
    expect(await audit(page, 'Explore: map')).toBe('');
  });

  it('Report: figures, an infographic, the report pack', async () => {
    const { page } = running;
    await go(page, 'Report');
    await page.getByRole('table', { name: 'Saved figures' }).waitFor();
    await expect.poll(() => focusedId(page), SETTLED).toBe('screen-title');
    expect(await audit(page, 'Report: figures')).toBe('');
    await page
      .getByRole('table', { name: 'Saved figures' })
      .getByRole('button', { name: /^Export / })
      .first()
      .click();
    await page.getByRole('button', { name: 'Close the export form' }).waitFor();
    expect(await audit(page, 'Report: export a figure')).toBe('');
    await page.getByRole('button', { name: 'Close the export form' }).click();
    await page.getByRole('tab', { name: 'Infographic' }).click();
    await page.getByRole('button', { name: 'Use the victims template' }).click();
    await page.getByLabel('Infographic name').waitFor();
    expect(await audit(page, 'Report: infographic')).toBe('');
    await page.getByRole('tab', { name: 'Report pack' }).click();
    expect(await audit(page, 'Report: report pack')).toBe('');
  });

  it('the dialog that asks before unsaved work is left', async () => {
    const { page } = running;
    await page.getByRole('tab', { name: 'Infographic' }).click();
    await page.getByLabel('Infographic name').fill('Not kept');
    await go(page, 'Data');
    const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
    await dialog.waitFor();
    expect(await audit(page, 'Leave without saving')).toBe('');
    await page.getByRole('button', { name: 'Discard and leave' }).click();
  });

  it('Data and each step of the import wizard', async () => {
    const { page } = running;
    await page.getByRole('heading', { name: 'Data', level: 1 }).waitFor();
    await expect.poll(() => focusedId(page), SETTLED).toBe('screen-title');
    expect(await audit(page, 'Data')).toBe('');
    await page.getByRole('combobox', { name: 'Cohort' }).selectOption('suspects');
    await page.getByLabel('Extract file (CSV or Excel)').fill(STOP_AND_SEARCH);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    expect(await audit(page, 'Import wizard: columns')).toBe('');
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await page.getByTestId('would-accept').waitFor({ timeout: 60_000 });
    expect(await audit(page, 'Import wizard: check')).toBe('');
    await page.getByTestId('source-bands').getByRole('checkbox').check();
    await page.getByRole('combobox', { name: 'Values left without a category' }).selectOption('unknown');
    await page.getByRole('textbox', { name: 'Profile name' }).fill('Police stop and search');
    await page.getByRole('button', { name: /^Import [\d,]+ rows$/ }).click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    expect(await audit(page, 'Import wizard: done')).toBe('');
  });

  it('the wizard offering a saved profile, and refusing a mapping at Check', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('combobox', { name: 'Cohort' }).selectOption('suspects');
    await page.getByLabel('Extract file (CSV or Excel)').fill(STOP_AND_SEARCH);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByTestId('profile-offer').waitFor();
    // The new step's name has focus, so the offer above the mapping is read next.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-current'))).toBe('step');
    expect(await audit(page, 'Import wizard: a profile offered')).toBe('');
    await page.getByRole('button', { name: 'Use profile “Police stop and search”' }).click();
    await page.getByTestId('profile-applied').waitFor();
    await page.getByRole('combobox', { name: 'Map column Date' }).selectOption('');
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await page.getByRole('button', { name: 'Back to columns' }).waitFor();
    expect(await audit(page, 'Import wizard: check refused')).toBe('');
    await page.getByRole('button', { name: 'Back to columns' }).click();
    await page.locator('#main').getByRole('button', { name: 'Back', exact: true }).click();
  });

  it('the confirmation before an import is removed', async () => {
    const { page } = running;
    const history = page.getByRole('table', { name: 'Import batches' });
    await history.getByRole('row').nth(1).waitFor();
    await page.getByRole('button', { name: 'Remove…' }).first().click();
    await page.getByRole('alertdialog').waitFor();
    // The safe answer has focus.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep them');
    expect(await audit(page, 'Remove an import')).toBe('');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Keep them' }).click();
  });

  it('Audit, Help, and Start again', async () => {
    const { page } = running;
    await go(page, 'Audit');
    await page.getByRole('heading', { name: 'Audit', level: 1 }).waitFor();
    await expect.poll(() => focusedId(page), SETTLED).toBe('screen-title');
    expect(await audit(page, 'Audit')).toBe('');
    await page.getByRole('button', { name: 'Start a new release' }).click();
    await page.getByRole('alertdialog').waitFor();
    expect(await audit(page, 'Audit: start a new release')).toBe('');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Help', exact: true }).click();
    await page.getByRole('heading', { name: 'Help', level: 1 }).waitFor();
    await expect.poll(() => focusedId(page), SETTLED).toBe('screen-title');
    expect(await audit(page, 'Help')).toBe('');
    await go(page, 'Start');
    await page.getByRole('heading', { name: 'Start', level: 1 }).waitFor();
    await expect.poll(() => focusedId(page), SETTLED).toBe('screen-title');
  });
});
