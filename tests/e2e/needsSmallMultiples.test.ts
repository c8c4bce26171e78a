// Needs together side by side by sex in a real Chromium, on a fresh sample app: one heatmap per
// sex, and each panel's printed numbers and [c]s, square by square in the order Plotly drew
// them, are that panel's columns of the matrix the API answers for the same spec.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../shared/query.ts';
import type { RunningApp } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';
import { startSampleApp, type SampleApp } from '../helpers/sampleApp.ts';

const PASSPHRASE = 'sample passphrase for the needs panels test';
let sample: SampleApp;
let running: RunningApp;

beforeAll(async () => {
  sample = await startSampleApp(PASSPHRASE);
  running = sample.running;
}, 600_000);

afterAll(async () => {
  await sample?.close();
});

const squeeze = (s: string | null): string => (s ?? '').replace(/\s+/g, '');

/** Every annotation Plotly drew, in the figure's order (its data-index): squares panel by panel, then the panels' names. */
async function drawn(page: Page): Promise<string[]> {
  return page
    .getByTestId('chart')
    .locator('g.annotation')
    .evaluateAll((groups) =>
      groups
        .map((g) => ({ at: Number(g.getAttribute('data-index')), text: g.textContent ?? '' }))
        .sort((a, b) => a.at - b.at)
        .map((a) => a.text),
    )
    .then((texts) => texts.map(squeeze));
}

/** What each panel should print: its squares row by row, then the panels' names. */
function expected(result: QueryResult): string[] {
  const panels = [...new Set(result.cols.keys.map((k) => k[0] ?? ''))];
  const squares = panels.flatMap((panel) =>
    result.counts.flatMap((line) =>
      line
        .filter((_v, c) => result.cols.keys[c]?.[0] === panel)
        .map((v) => (v === null ? '[c]' : v.toLocaleString('en-GB'))),
    ),
  );
  return [...squares, ...panels].map(squeeze);
}

describe('offender needs together, side by side', () => {
  it('draws one heatmap per sex, each with the API’s numbers', { timeout: 900_000 }, async () => {
    const { page } = running;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Explore' }).click();
    await page.getByRole('radio', { name: 'Needs together' }).click();
    await expect.poll(() => page.getByLabel('Chart type').inputValue(), { timeout: 30_000 }).toBe('heatmap');
    await page.getByLabel('Side by side by').selectOption('sex');
    const bySex = await pageApi<QueryResult>(page, 'engine.query', {
      cohort: 'needs',
      measure: 'persons',
      rows: ['need'],
      cols: ['sex', 'with_need'],
    });
    const sexes = [...new Set(bySex.cols.keys.map((k) => k[0]))];
    expect(sexes.length).toBeGreaterThan(1);
    expect(bySex.cols.keys.length).toBe(sexes.length * 10);
    // Under load the stored Explore view can land after the clicks and reset them: choose again until drawn.
    const chosen = async (): Promise<string[]> => {
      const radio = page.getByRole('radio', { name: 'Needs together' });
      if (!(await radio.isChecked())) await radio.click();
      const side = page.getByLabel('Side by side by');
      if ((await side.count()) > 0 && (await side.inputValue()) !== 'sex') await side.selectOption('sex');
      return drawn(page);
    };
    await expect.poll(chosen, { timeout: 600_000, interval: 5_000 }).toEqual(expected(bySex));
    // One heatmap trace per sex, on x axes of their own.
    const traces = await page.getByTestId('chart').evaluate((chart) => {
      const gd = chart.classList.contains('js-plotly-plot') ? chart : chart.querySelector('.js-plotly-plot');
      return ((gd as unknown as { data?: Array<{ xaxis: string }> } | null)?.data ?? []).map((t) => t.xaxis);
    });
    expect(traces).toEqual(sexes.map((_s, p) => (p === 0 ? 'x' : `x${p + 1}`)));
    await page.getByTestId('chart').scrollIntoViewIfNeeded();
    await running.screenshot('needs-together-by-sex');
  });
});
