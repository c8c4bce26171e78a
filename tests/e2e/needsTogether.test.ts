// The needs-together heatmap of the sample workspace in a real Chromium, on a fresh app: the
// numbers Plotly prints are the protected matrix the API answers for the same filters.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../shared/query.ts';
import type { RunningApp } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';
import { startSampleApp, type SampleApp } from '../helpers/sampleApp.ts';

const PASSPHRASE = 'sample passphrase for the needs test';
let sample: SampleApp;
let running: RunningApp;

beforeAll(async () => {
  sample = await startSampleApp(PASSPHRASE);
  running = sample.running;
}, 600_000);

afterAll(async () => {
  await sample?.close();
});

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen }).click();
}

const squeeze = (s: string | null): string => (s ?? '').replace(/\s+/g, '');

describe('offender needs together on Explore', () => {
  /** The numbers printed in the squares and the [c] marks, sorted, as Plotly drew them. */
  async function printed(page: Page): Promise<string[]> {
    return (await page.getByTestId('chart').locator('.annotation-text').allTextContents()).map(squeeze).sort();
  }

  const expectedPrints = (result: QueryResult): string[] =>
    result.counts
      .flat()
      .map((v) => (v === null ? '[c]' : v.toLocaleString('en-GB')))
      .map(squeeze)
      .sort();

  // The matrix is 55 tables protected through the release, twice (screen and API) per filter:
  // seconds on a quiet machine, minutes on a loaded two-core one, so this test gets ten.
  it('draws the needs matrix as a heatmap, filtered by the offenders’ facets', { timeout: 600_000 }, async () => {
    const { page } = running;
    await go(page, 'Explore');
    await page.getByRole('radio', { name: 'Needs together' }).click();
    await expect.poll(() => page.getByLabel('Chart type').inputValue(), { timeout: 30_000 }).toBe('heatmap');
    const all = await pageApi<QueryResult>(page, 'engine.query', {
      cohort: 'needs',
      measure: 'persons',
      rows: ['need'],
      cols: ['with_need'],
    });
    expect(all.rows.keys.length).toBe(10);
    await expect.poll(() => printed(page), { timeout: 240_000 }).toEqual(expectedPrints(all));
    const needs = all.rows.keys.map((k) => squeeze(k[0] ?? '')).sort();
    for (const axis of ['.ytick text', '.xtick text'])
      expect((await page.getByTestId('chart').locator(axis).allTextContents()).map(squeeze).sort()).toEqual(needs);

    await page.getByRole('button', { name: /^Female/ }).click();
    const women = await pageApi<QueryResult>(page, 'engine.query', {
      cohort: 'needs',
      measure: 'persons',
      rows: ['need'],
      cols: ['with_need'],
      filters: [{ kind: 'in', field: 'sex', in: ['Female'] }],
    });
    // Each square is a count of its own: the women's have no small count, so none is hidden.
    expect(women.total).toBeLessThan(all.total!);
    expect(women.counts.flat().some((v) => v === null)).toBe(false);
    await expect.poll(() => printed(page), { timeout: 240_000 }).toEqual(expectedPrints(women));
    await page.getByTestId('chart').scrollIntoViewIfNeeded();
    await running.screenshot('needs-together-heatmap');
  });
});
