// Intervals in Explore, in a real Chromium: the Intervals box puts each published percentage's
// 95% range in its cell, equal to the engine's limits for the same spec, marks year-on-year
// changes only where the engine says they are more than noise, names the methods in the
// footnote, and is kept when the figure is saved and opened again.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp, openWorkspaceFromStart } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';

let running: RunningApp;
let fixture: FixtureWorkspace;

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 4000 }, seed: 9 });
  running = await startApp();
  await openWorkspaceFromStart(running.page, fixture.path, fixture.passphrase);
  await running.page.getByRole('button', { name: 'Explore' }).click();
  await running.page.getByTestId('facet-total').waitFor();
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

interface Engine {
  counts: Array<Array<number | null>>;
  rowTotals: Array<number | null>;
  colTotals: Array<number | null>;
  intervals: { percents: { lower: Array<Array<number | null>>; upper: Array<Array<number | null>> } };
  changes: { flags: Array<Array<'up' | 'down' | 'same' | null>> };
}

const one = (v: number): string => v.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

describe('Intervals in Explore', () => {
  it('shows each percentage with the engine’s range, and marks only the changes the engine marks', async () => {
    const { page } = running;
    await page.getByLabel('Rows field 1', { exact: true }).selectOption('financial_year');
    await page.getByLabel('Percentages').selectOption('row');
    await page.getByRole('checkbox', { name: 'Intervals', exact: true }).check();
    await page.getByTestId('ct-range').first().waitFor();
    const engine = await pageApi<Engine>(page, 'engine.query', {
      cohort: 'victims',
      rows: ['financial_year'],
      cols: ['sex'],
      percent: 'row',
      intervals: true,
    });
    let shown = 0;
    for (const [r, line] of engine.counts.entries()) {
      for (const [c] of line.entries()) {
        const lower = engine.intervals.percents.lower[r]?.[c] ?? null;
        const upper = engine.intervals.percents.upper[r]?.[c] ?? null;
        const range = page.locator(`[data-cell="${r}:${c}"] [data-testid="ct-range"]`);
        if (lower === null || upper === null) {
          expect(await range.count()).toBe(0);
          continue;
        }
        expect(await range.textContent()).toBe(`(${one(lower)}–${one(upper)}%)`);
        shown += 1;
        const flag = engine.changes.flags[r]?.[c] ?? null;
        const change = page.locator(`[data-cell="${r}:${c}"] [data-testid="ct-change"]`);
        if (flag === 'up' || flag === 'down') expect(await change.getAttribute('data-change')).toBe(flag);
        else expect(await change.count()).toBe(0);
      }
    }
    expect(shown).toBeGreaterThan(3);
    const footnote = await page.getByRole('list', { name: 'Footnote' }).textContent();
    expect(footnote).toContain('Wilson score intervals');
    expect(footnote).toContain('Newcombe');
    await running.screenshot('explore-intervals');
  });

  it('draws the percentages with their ranges as error bars and marks the same changes on the chart', async () => {
    const { page } = running;
    await page.getByLabel('Chart type').selectOption('line');
    const chart = page.getByTestId('chart');
    const engine = await pageApi<Engine>(page, 'engine.query', {
      cohort: 'victims',
      rows: ['financial_year'],
      cols: ['sex'],
      percent: 'row',
      intervals: true,
    });
    // One whisker per published percentage the chart draws (Plotly's errorbar groups); a sex
    // with no records (a column total of 0) is not drawn.
    const drawn = <T>(matrix: T[][]): T[] =>
      matrix.flatMap((line, r) => line.filter((_v, c) => engine.rowTotals[r] !== 0 && engine.colTotals[c] !== 0));
    const published = drawn(engine.intervals.percents.lower).filter((v) => v !== null).length;
    await expect.poll(async () => chart.locator('g.errorbar').count()).toBe(published);
    const marked = drawn(engine.changes.flags).filter((f) => f === 'up' || f === 'down').length;
    const marks = async () =>
      (await chart.locator('.annotation-text').allTextContents()).filter((t) => t === '▲' || t === '▼').length;
    await expect.poll(marks).toBe(marked);
    expect(await chart.locator('.ytick').first().textContent()).toMatch(/%$/);
    expect(
      await page
        .getByTestId('ct-range')
        .first()
        .evaluate((e) => getComputedStyle(e).fontSize),
    ).toBe('11px');

    // Counts from October 2019: the first year holds half a year, so the next one's rise is more
    // than noise; the chart marks exactly the cells the table marks.
    await page.getByLabel('Percentages').selectOption('none');
    await page.getByLabel('Period kind').selectOption('custom');
    await page.getByLabel('From date').fill('2019-10-01');
    await expect.poll(async () => page.getByTestId('ct-change').count()).toBeGreaterThan(0);
    const badges = page.getByTestId('ct-change');
    await expect.poll(marks).toBe(await badges.count());
    const badge = badges.first();
    expect(await badge.getAttribute('data-change')).toBe('up');
    expect(await badge.evaluate((e) => getComputedStyle(e).borderTopStyle)).toBe('solid');
    expect(await badge.getAttribute('aria-label')).toMatch(/^Up from the previous year/);
    await badge.scrollIntoViewIfNeeded();
    await running.screenshot('explore-intervals-table');
    await chart.scrollIntoViewIfNeeded();
    await running.screenshot('explore-intervals-chart');
    await page.getByLabel('Period kind').selectOption('all');
    await page.getByLabel('Percentages').selectOption('row');
  });

  it('keeps Intervals in a saved figure', async () => {
    const { page } = running;
    await page.getByLabel('Chart title').fill('Victims by year with intervals');
    await page.getByLabel('Figure name').fill('Years with intervals');
    await page.getByRole('button', { name: 'Save as figure' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page.getByRole('checkbox', { name: 'Intervals', exact: true }).uncheck();
    await page
      .getByRole('list', { name: 'Saved figures' })
      .getByRole('button', { name: 'Years with intervals', exact: true })
      .click();
    await expect.poll(() => page.getByRole('checkbox', { name: 'Intervals', exact: true }).isChecked()).toBe(true);
    await expect
      .poll(async () => {
        const saved = await pageApi<{ figure: { query: { intervals?: boolean } } }>(page, 'figures.get', {
          name: 'Years with intervals',
        }).catch(() => null);
        return saved?.figure.query.intervals ?? null;
      })
      .toBe(true);
  });
});
