// Browser mode as usable as the desktop, in a real Chromium: a workspace created, an extract
// imported and a figure exported with no path typed (the in-app file chooser, by keyboard, and
// the suggested file name accepted as it is), the contact set on the Start screen printed on
// the exported XLSX's cover; and the address opened without its launch link
// shows a page that says how to open the workbench, and nothing of the app.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../../src-main/sample/generator/generate.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';
import { districtFigure } from '../unit/report/figureSpecs.ts';

const PASS = 'browser mode test passphrase';
const CONTACT = 'Community Safety Analysts, analysts@example.gov.uk';
const ROWS = 400;
let running: RunningApp;
let home: string;

const today = (): string => {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

beforeAll(async () => {
  home = realpathSync(mkdtempSync(join(tmpdir(), 'vso-e2e-home-')));
  mkdirSync(join(home, 'extracts'));
  mkdirSync(join(home, 'figures'));
  await generateFixture({
    cohort: 'victims',
    rows: ROWS,
    seed: 9,
    dialect: 'canonical',
    out: join(home, 'extracts', 'victims-2024.csv'),
  });
  writeFileSync(join(home, 'extracts', 'readme.md'), 'not an extract');
  writeFileSync(join(home, 'extracts', '.hidden.csv'), 'a,b\n');
  running = await startApp({ fileRoots: { home, mounts: [] } });
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  rmSync(home, { recursive: true, force: true });
});

const chooser = () => running.page.getByRole('dialog');
const focusedLabel = () =>
  running.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id);

describe('the in-app file chooser', () => {
  it('chooses where to create a workspace, with the suggested name', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'Choose where to create the workspace' }).click();
    await chooser().getByRole('heading', { name: 'New workspace' }).waitFor();
    expect(await chooser().getByLabel('File name').inputValue()).toBe('vso-workspace.vsow');
    expect(await chooser().getByRole('navigation', { name: 'Folder path' }).textContent()).toBe('Home');
    await chooser().getByRole('button', { name: 'Save' }).click();
    await chooser().waitFor({ state: 'detached' });
    expect(await page.locator('#create-path').inputValue()).toBe(join(home, 'vso-workspace.vsow'));
    expect(await focusedLabel()).toBe('Choose where to create the workspace');
    await page.getByLabel('Passphrase', { exact: true }).first().fill(PASS);
    await page.getByLabel('Repeat passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('heading', { name: /Workspace open/ }).waitFor();

    // The contact printed on spreadsheet covers, set on the Start screen.
    await page.getByLabel('Team and email address').fill(CONTACT);
    await page.getByRole('button', { name: 'Save contact' }).click();
    await page.getByRole('status').filter({ hasText: 'Contact saved.' }).waitFor();
    expect(await pageApi(page, 'workspace.contact', {})).toEqual({ contact: CONTACT });
  });

  it('imports an extract chosen by keyboard: folders first, only extracts, hidden files left out', async () => {
    const { page } = running;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Data' }).click();
    await page.getByRole('combobox', { name: 'Cohort' }).selectOption('victims');
    await page.getByRole('button', { name: 'Choose the extract file' }).click();
    const list = chooser().getByRole('listbox');
    await list.getByRole('option', { name: /extracts/ }).waitFor();
    await expect.poll(focusedLabel).toBe(`Contents of ${home}`);
    // The workspace file is not an extract: the folders alone are listed here.
    expect(await list.locator('.fc-name').allTextContents()).toEqual(['extracts (folder)', 'figures (folder)']);
    await page.keyboard.press('Enter');
    await expect.poll(() => list.getAttribute('aria-label')).toBe(`Contents of ${join(home, 'extracts')}`);
    expect(await list.locator('.fc-name').allTextContents()).toEqual(['victims-2024.csv']);
    // Backspace goes up; the breadcrumb comes back down, and the list keeps the focus.
    await page.keyboard.press('Backspace');
    await expect.poll(() => list.getAttribute('aria-label')).toBe(`Contents of ${home}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => list.getAttribute('aria-label')).toBe(`Contents of ${join(home, 'extracts')}`);
    await chooser().getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: 'Home' }).click();
    await expect.poll(() => list.getAttribute('aria-label')).toBe(`Contents of ${home}`);
    await expect.poll(focusedLabel).toBe(`Contents of ${home}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => list.getAttribute('aria-label')).toBe(`Contents of ${join(home, 'extracts')}`);
    await chooser().getByRole('checkbox', { name: 'Show hidden files' }).check();
    await list.getByRole('option', { name: /\.hidden\.csv/ }).waitFor();
    await chooser().getByRole('checkbox', { name: 'Show hidden files' }).uncheck();
    await list.getByRole('option', { name: /\.hidden\.csv/ }).waitFor({ state: 'detached' });
    await list.focus();
    await page.keyboard.press('End');
    expect(await list.getByRole('option', { selected: true }).textContent()).toContain('victims-2024.csv');
    await running.screenshot('browser-mode-chooser');
    await page.keyboard.press('Enter');
    await chooser().waitFor({ state: 'detached' });
    expect(await page.locator('#import-path').inputValue()).toBe(join(home, 'extracts', 'victims-2024.csv'));
    expect(await focusedLabel()).toBe('Choose the extract file');

    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await page.getByTestId('would-accept').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /^Import [\d,]+ rows$/ }).click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    const { counts } = (await pageApi<{ info: { counts: { victims: number } } }>(page, 'workspace.status', {})).info;
    expect(counts.victims).toBeGreaterThan(0);
    expect(counts.victims).toBeLessThanOrEqual(ROWS);
  });

  it('exports a figure at once to the suggested name, then to a folder chosen in the chooser', async () => {
    const { page } = running;
    await pageApi(page, 'figures.save', { figure: districtFigure('Victims by district') });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Report' }).click();
    await page.getByRole('button', { name: 'Export Victims by district' }).click();
    const suggested = join(home, `victims-by-district-and-sex-${today()}.png`);
    await expect.poll(() => page.locator('#figure-export-path').inputValue()).toBe(suggested);
    await page.getByRole('button', { name: 'Export PNG' }).click();
    await expect.poll(() => page.getByTestId('export-written').textContent(), { timeout: 30_000 }).toContain(suggested);
    expect(readFileSync(suggested).subarray(1, 4).toString()).toBe('PNG');

    await page.getByRole('radio', { name: 'SVG (vector)' }).click();
    // Escape closes the chooser, changes nothing and gives focus back.
    await page.getByRole('button', { name: 'Choose the file to write' }).click();
    await chooser().waitFor();
    // Focus stays in the dialog, however far the user tabs, either way.
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < 16; i += 1) {
        await page.keyboard.press(key);
        expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null), `${key} ${i}`).toBe(true);
      }
    }
    await page.keyboard.press('Escape');
    await chooser().waitFor({ state: 'detached' });
    expect(await page.locator('#figure-export-path').inputValue()).toBe(suggested.replace(/\.png$/, '.svg'));
    expect(await focusedLabel()).toBe('Choose the file to write');

    await page.getByRole('button', { name: 'Choose the file to write' }).click();
    const list = chooser().getByRole('listbox');
    await list.getByRole('option', { name: /figures/ }).waitFor();
    expect(await chooser().getByLabel('File name').inputValue()).toBe(`victims-by-district-and-sex-${today()}.svg`);
    await list.focus();
    await page.keyboard.press('End');
    expect(await list.getByRole('option', { selected: true }).textContent()).toContain('figures');
    await page.keyboard.press('Enter');
    await expect.poll(() => list.getAttribute('aria-label')).toBe(`Contents of ${join(home, 'figures')}`);
    await chooser().getByRole('button', { name: 'Save' }).click();
    await chooser().waitFor({ state: 'detached' });
    const chosen = join(home, 'figures', `victims-by-district-and-sex-${today()}.svg`);
    expect(await page.locator('#figure-export-path').inputValue()).toBe(chosen);
    await page.getByRole('button', { name: 'Export SVG' }).click();
    await expect.poll(() => page.getByTestId('export-written').textContent(), { timeout: 30_000 }).toContain(chosen);
    expect(readFileSync(chosen, 'utf8')).toContain('<svg');

    // The table as XLSX beside it: its cover carries the workspace's contact.
    await page.getByRole('radio', { name: 'Excel table' }).click();
    const xlsx = chosen.replace(/\.svg$/, '.xlsx');
    expect(await page.locator('#figure-export-path').inputValue()).toBe(xlsx);
    await page.getByRole('button', { name: 'Export XLSX' }).click();
    await expect.poll(() => page.getByTestId('export-written').textContent(), { timeout: 30_000 }).toContain(xlsx);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const cover = workbook.getWorksheet('Cover')!;
    expect(cover.getCell(cover.getColumn(1).values.indexOf('Contact') + 1, 1).value).toBe(CONTACT);
    await running.screenshot('browser-mode-export');
  });
});

describe('the address without its launch link', () => {
  it('shows a page that says how to open the workbench, with no script and no way to the API', async () => {
    const context = await running.browser.newContext();
    try {
      const page = await context.newPage();
      const response = await page.goto(running.app.bridge.url);
      expect(response?.status()).toBe(401);
      await page.getByRole('heading', { level: 1, name: 'Open VSO Workbench with the link that starts it' }).waitFor();
      expect(await page.getByRole('main').textContent()).toContain('npx vso serve');
      expect(await page.locator('script').count()).toBe(0);
      const status = await page.evaluate(async () => {
        const reply = await fetch('/rpc', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: 'request', id: 'x', method: 'app.info', args: {} }),
        });
        return reply.status;
      });
      expect(status).toBe(401);
      await page.screenshot({ path: join('test-results', 'browser-mode-no-session.png') });
    } finally {
      await context.close();
    }
  });
});
