// The guided start can be skipped for now (it comes back on the next start) or turned off
// for good (it stays away after a reload, and in a fresh browser profile too, as browser
// mode may open one each time), in a real Chromium with a fresh profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from '../helpers/app.ts';

let running: RunningApp;
let dir: string;

/** Whether the app shows the guided start, once it has read the preferences. */
async function guidedStart(page: Page): Promise<string | null> {
  const app = page.locator('[data-guided-start]');
  await app.waitFor();
  return app.getAttribute('data-guided-start');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-e2e-tour-'));
  // The preference lives in the config folder: this test's own.
  process.env.VSO_CONFIG_DIR = join(dir, 'config');
  running = await startApp({ guidedStart: true });
});

afterAll(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the guided start', () => {
  it('comes back after "Skip the tour", and not after "Don’t show it again"', async () => {
    const { page } = running;
    const tour = page.getByRole('dialog', { name: 'Open the sample' });
    await tour.waitFor();
    await page.getByRole('button', { name: 'Skip the tour' }).click();
    expect(await tour.count()).toBe(0);
    await page.reload();
    await tour.waitFor();
    await page.getByRole('button', { name: 'Don’t show it again' }).click();
    expect(await page.evaluate(() => localStorage.getItem('vso.guidedStartDone'))).toBe('1');
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await guidedStart(page)).toBe('hidden');
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('stays off at the next start, in a fresh browser profile', async () => {
    // As `npm start` in browser mode: a new app (new launch code) and a new, empty browser profile.
    const next = await startApp({ guidedStart: true });
    try {
      const { page } = next;
      expect(await page.evaluate(() => localStorage.getItem('vso.guidedStartDone'))).toBeNull();
      expect(await guidedStart(page)).toBe('hidden');
      expect(await page.getByRole('dialog').count()).toBe(0);
    } finally {
      await next.close();
    }
  });
});
