// A newcomer's first minutes, from the visible controls only (roles and labels, as a screen
// reader finds them): the guided start, the sample workspace, a filter, a cross-tab with
// statistics, a saved figure and an exported infographic, in under three minutes.
// With VSO_DOCS_SCREENSHOTS=1 (npm run docs:screenshots) its pictures become the user guide's.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererFingerprint, SCREENSHOT_MANIFEST } from '../../scripts/rendererFingerprint.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';

const FOR_DOCS = process.env.VSO_DOCS_SCREENSHOTS === '1';
const DOCS_DIR = 'docs/images';
let running: RunningApp;
let dir: string;
const started = Date.now();
const taken: string[] = [];

/** A picture for the guide (when regenerating it) and always one in test-results/. */
async function picture(name: string): Promise<void> {
  const { page } = running;
  await page.addStyleTag({ content: '.tour { visibility: hidden !important; }' }).then(async (style) => {
    await running.screenshot(`newcomer-${name}`);
    if (FOR_DOCS) {
      mkdirSync(DOCS_DIR, { recursive: true });
      await page.screenshot({ path: join(DOCS_DIR, `${name}.png`) });
      taken.push(`${name}.png`);
    }
    await style.evaluate((element) => (element as HTMLElement).remove());
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-newcomer-'));
  process.env.VSO_CONFIG_DIR = join(dir, 'config');
  running = await startApp({ guidedStart: true, width: 1440, height: 900 });
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a newcomer', () => {
  it('is welcomed by the guided start and creates the sample workspace', async () => {
    const { page } = running;
    const tour = page.getByRole('dialog', { name: 'Open the sample' });
    await tour.waitFor();
    await page.getByRole('button', { name: 'Try it with sample data' }).click();
    const passphrase = page.getByTestId('sample-passphrase');
    await passphrase.waitFor({ timeout: 120_000 });
    expect((await passphrase.textContent())?.length).toBeGreaterThan(12);
    expect(await page.getByTestId('status-workspace').textContent()).toContain('Synthetic data');
    expect(await page.title()).toContain('SYNTHETIC SAMPLE DATA');
    await picture('01-start');
    await page.getByRole('button', { name: 'I have noted it' }).click();
  });

  it('filters and builds a cross-tab with statistics, as the tour says', async () => {
    const { page } = running;
    // The tour follows what was done: the sample is open, so it is at its next step already.
    await page.getByRole('dialog', { name: 'Filter' }).waitFor();
    await page.getByRole('button', { name: 'Take me there' }).click();
    await page.getByRole('heading', { name: 'Explore', level: 1 }).waitFor();
    await page.getByTestId('chart').waitFor();
    await page.getByRole('button', { name: /^Peterborough/ }).click();
    await page
      .getByRole('list', { name: 'Active filters' })
      .getByRole('listitem')
      .filter({ hasText: 'Peterborough' })
      .waitFor();

    await page.getByRole('dialog', { name: 'Build a cross-tab' }).waitFor();
    await page.getByRole('checkbox', { name: 'Statistics' }).check();
    await page.getByTestId('stat-chi2').waitFor();
    await page.getByRole('textbox', { name: 'Chart title' }).fill('Victims in Peterborough by offence group and sex');
    await page.locator('#main').evaluate((main) => main.scrollTo(0, 0));
    await picture('02-explore');
  });

  it('saves a figure', async () => {
    const { page } = running;
    await page.getByRole('dialog', { name: 'Save a figure' }).waitFor();
    await page.getByRole('textbox', { name: 'Figure name' }).fill('Peterborough victims by offence and sex');
    await page.getByRole('button', { name: 'Save as figure' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page
      .getByRole('list', { name: 'Saved figures' })
      .getByRole('button', { name: 'Peterborough victims by offence and sex', exact: true })
      .waitFor();
  });

  it('exports an infographic from the victims template', async () => {
    const { page } = running;
    await page.getByRole('dialog', { name: 'Export an infographic' }).waitFor();
    await page.getByRole('button', { name: 'Take me there' }).click();
    await page.getByRole('tab', { name: 'Infographic' }).click();
    await page.getByRole('button', { name: 'Use the victims template' }).click();
    await expect
      .poll(() => page.getByTestId('infographic-svg').locator('text').count(), { timeout: 60_000 })
      .toBeGreaterThan(5);
    const out = FOR_DOCS ? join(process.cwd(), DOCS_DIR, '03-infographic.png') : join(dir, 'victims.png');
    // The export asks before replacing a file; the guide's picture is retaken, so the old one goes first.
    if (FOR_DOCS) rmSync(out, { force: true });
    await page.getByRole('radiogroup', { name: 'Export format' }).getByRole('radio', { name: 'PNG' }).click();
    await page.getByLabel(/Print quality, 300 dpi/).setChecked(false);
    await page.getByLabel('Save as').fill(out);
    await page.getByRole('button', { name: 'Export PNG' }).click();
    await expect.poll(() => page.getByTestId('export-written').textContent(), { timeout: 60_000 }).toContain(out);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).subarray(1, 4).toString('latin1')).toBe('PNG');
    if (FOR_DOCS) taken.push('03-infographic.png');
    await running.screenshot('newcomer-infographic');
    await page.getByRole('button', { name: 'Finish' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('vso.guidedStartDone'))).toBe('1');
  });

  it('took less than three minutes', () => {
    expect(Date.now() - started).toBeLessThan(180_000);
    if (FOR_DOCS) {
      writeFileSync(
        SCREENSHOT_MANIFEST,
        `${JSON.stringify({ rendererFingerprint: rendererFingerprint(), images: taken.sort(), generatedAt: new Date().toISOString() }, null, 2)}\n`,
      );
    }
  });
});
