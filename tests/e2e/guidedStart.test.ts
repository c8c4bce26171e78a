// The guided start can be skipped for now (it comes back on the next start) or turned off
// for good (it stays away after a reload), in a real Chromium with a fresh profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app.ts';

let running: RunningApp;

beforeAll(async () => {
  running = await startApp({ guidedStart: true });
});

afterAll(async () => {
  await running?.close();
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
    expect(await page.getByRole('dialog').count()).toBe(0);
  });
});
