// Screens that keep their work, in a real Chromium on a workspace built by the real importer:
// Explore's view survives Explore → Report → Explore and a close and reopen of the workspace;
// a saved rate figure reopens as rates (grid and measure) and is not turned into counts
// unasked; an empty cohort counts nothing on screen; an infographic's unsaved edits are asked
// about before leaving; the keyboard path to the builder is short and each facet list is one
// tab stop.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openWorkspaceFromStart, startApp, type RunningApp } from '../helpers/app.ts';
import { numberIn, pageApi } from '../helpers/pageApi.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';
import { POPULATION_SAMPLE_PATH } from '../../src-main/sample/generator/population.ts';

const POPULATION = 'Residents 2021';
const RATE_FIGURE = 'Victim rate by district';
let running: RunningApp;
let fixture: FixtureWorkspace;

interface Result {
  rows: { keys: string[][] };
  counts: Array<Array<number | null>>;
  rates?: Array<Array<number | null>>;
  total: number | null;
}

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen }).click();
}

/** The grid's first column of cells as text, row by row. */
async function firstColumn(page: Page, rows: number): Promise<string[]> {
  const cells: string[] = [];
  for (let r = 0; r < rows; r++) cells.push((await page.locator(`[data-cell="${r}:0"]`).textContent()) ?? '');
  return cells;
}

/**
 * The result total once the query for the current view has answered: the results say they are
 * busy from the moment the view changes until its answer is shown.
 */
async function settledTotal(page: Page): Promise<string | null> {
  await expect.poll(() => page.locator('.explore-results').getAttribute('aria-busy')).toBe('false');
  return page.getByTestId('result-total').textContent();
}

beforeAll(async () => {
  // No suspects: that cohort of this workspace is empty.
  fixture = await buildFixtureWorkspace({ rows: { victims: 3000, offenders: 800 }, seed: 23 });
  running = await startApp();
  const { page } = running;
  await openWorkspaceFromStart(page, fixture.path, fixture.passphrase);
  await pageApi(page, 'population.import', { path: POPULATION_SAMPLE_PATH, name: 'Residents 2021' });
  await pageApi(page, 'figures.save', {
    figure: {
      name: RATE_FIGURE,
      title: 'Victims per 1,000 residents by district',
      chart: 'map',
      query: { cohort: 'victims', rows: ['district'], rate: { per: 1000, population: POPULATION } },
    },
  });
  await go(page, 'Explore');
  await page.getByTestId('facet-total').waitFor();
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  rmSync(fixture.dir, { recursive: true, force: true });
});

describe('screens keep their work', () => {
  it('reopens a saved rate figure as rates, and keeps it so across screens', async () => {
    const { page } = running;
    await page
      .getByRole('list', { name: 'Saved figures' })
      .getByRole('button', { name: RATE_FIGURE, exact: true })
      .click();
    await expect.poll(() => page.getByLabel('Measure').inputValue()).toBe('rate');
    // The select shows a restored value once its options (the tables, the charts this layout allows) load.
    await expect.poll(() => page.getByLabel('Population table').inputValue()).toBe(POPULATION);
    await expect.poll(() => page.getByLabel('Chart type').inputValue()).toBe('map');
    await page.getByTestId('rate-unit').waitFor();
    const engine = await pageApi<Result>(page, 'engine.query', {
      cohort: 'victims',
      rows: ['district'],
      rate: { per: 1000, population: POPULATION },
    });
    const expected = (engine.rates ?? []).map((line, r) => {
      const rate = line[0];
      const count = engine.counts[r]?.[0];
      // A missing rate is [c] where its count is suppressed, [x] where there is no population (Outside area).
      const shownRate =
        rate === null || rate === undefined
          ? count === null || count === undefined
            ? '[c]'
            : '[x]'
          : rate.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      const shownCount = count === null || count === undefined ? '[c]' : count.toLocaleString('en-GB');
      return `${shownRate}${shownCount}`;
    });
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => firstColumn(page, expected.length)).toEqual(expected);
    await running.screenshot('explore-rate-figure');

    await go(page, 'Report');
    await page.getByRole('heading', { name: 'Report' }).waitFor();
    await go(page, 'Explore');
    await expect.poll(() => page.getByLabel('Measure').inputValue()).toBe('rate');
    expect(await page.getByLabel('Figure name').inputValue()).toBe(RATE_FIGURE);
    await expect.poll(() => firstColumn(page, expected.length)).toEqual(expected);
  });

  it('asks before "Update figure" turns a rate map into counts', async () => {
    const { page } = running;
    await page.getByLabel('Measure').selectOption('records');
    await page.getByRole('button', { name: 'Update figure' }).click();
    const ask = page.getByTestId('kind-change');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('rates per 1,000 residents');
    // The safe answer has focus; keeping it leaves the saved figure a rate figure.
    await page.getByRole('button', { name: 'Keep it as it was' }).click();
    const saved = await pageApi<{ figure: { query: { rate?: unknown } } }>(page, 'figures.get', { name: RATE_FIGURE });
    expect(saved.figure.query.rate).toEqual({ per: 1000, population: POPULATION });
  });

  it('keeps period, filters, measure and statistics across screens and a reopen', async () => {
    const { page } = running;
    await page.getByRole('radio', { name: 'Offenders' }).click();
    await page.getByTestId('facet-total').waitFor();
    await page.getByLabel('Period kind').selectOption('financialYear');
    await page.getByRole('button', { name: /^Fenland/ }).click();
    await page.getByLabel('Measure').selectOption('persons');
    await page.getByRole('checkbox', { name: 'Statistics' }).check();
    await page.getByLabel('Chart title').fill('Offenders kept');
    const chips = page.getByRole('list', { name: 'Active filters' }).getByRole('listitem');
    await expect.poll(() => chips.count()).toBe(1);
    const before = await settledTotal(page);

    const check = async (): Promise<void> => {
      await expect.poll(() => page.getByRole('radio', { name: 'Offenders' }).getAttribute('aria-checked')).toBe('true');
      await expect.poll(() => page.getByLabel('Period kind').inputValue()).toBe('financialYear');
      await expect.poll(() => page.getByLabel('Measure').inputValue()).toBe('persons');
      expect(await page.getByRole('checkbox', { name: 'Statistics' }).isChecked()).toBe(true);
      expect(await page.getByLabel('Chart title').inputValue()).toBe('Offenders kept');
      expect(await chips.allTextContents()).toEqual([expect.stringContaining('Fenland')]);
      await expect.poll(() => page.getByTestId('result-total').textContent()).toBe(before);
    };

    await go(page, 'Report');
    await go(page, 'Data');
    await go(page, 'Explore');
    await check();

    // Closed and opened again: the view comes back from the workspace.
    // The view is written after a pause in editing: wait until the workspace holds it.
    await expect
      .poll(async () => (await pageApi<{ view: { title: string } | null }>(page, 'screen.explore.get', {})).view?.title)
      .toBe('Offenders kept');
    await pageApi(page, 'workspace.close', {});
    await go(page, 'Start');
    await openWorkspaceFromStart(page, fixture.path, fixture.passphrase);
    await go(page, 'Explore');
    await check();
    await running.screenshot('explore-restored');
  });

  it('counts nothing for an empty cohort', async () => {
    const { page } = running;
    const summary = await pageApi<{ datasets: Array<{ name: string; records: number }> }>(page, 'data.summary', {});
    expect(summary.datasets.find((d) => d.name === 'suspects')?.records).toBe(0);
    await page.getByRole('radio', { name: 'Suspects' }).click();
    await expect.poll(async () => numberIn(await page.getByTestId('facet-total').textContent())).toBe(0);
    await expect.poll(async () => numberIn(await page.getByTestId('result-total').textContent())).toBe(0);
    await page.getByTestId('empty-dataset').waitFor();
    const counts = await page.locator('.facet-count').allTextContents();
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((c) => numberIn(c) === 0)).toBe(true);
    await running.screenshot('explore-empty-cohort');
  });

  it('asks before leaving an infographic with unsaved changes', async () => {
    const { page } = running;
    await go(page, 'Report');
    await page.getByRole('tab', { name: 'Infographic' }).click();
    await page.getByRole('button', { name: 'Use the victims template' }).click();
    await page.getByLabel('Infographic name').fill('Kept for later');
    await page.getByText('unsaved changes').waitFor();
    await go(page, 'Explore');
    const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Kept for later');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stay');
    await running.screenshot('leave-unsaved-dialog');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.getByLabel('Infographic name').inputValue()).toBe('Kept for later');
    await go(page, 'Explore');
    await page.getByRole('button', { name: 'Discard and leave' }).click();
    await page.getByRole('heading', { name: 'Explore' }).waitFor();
  });

  it('reaches the builder from the heading in a few keys, each facet list one tab stop', async () => {
    const { page } = running;
    await page.getByRole('radio', { name: 'Victims' }).click();
    await page.getByTestId('facet-total').waitFor();
    await go(page, 'Audit');
    await go(page, 'Explore');
    // The screen's heading has focus when the screen opens.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('screen-title');

    // By the skip link: Tab, Enter, Tab.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the table builder');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Rows field 1$/);

    // Without it: count the stops, and how many fell inside each facet list. The facets load
    // after the screen opens; on a loaded machine tabbing before they arrive passes no list.
    await page.locator('.facet-panel[aria-busy="false"] .facet-list').first().waitFor();
    await page.locator('#screen-title').focus();
    let presses = 0;
    const listStops = new Map<string, number>();
    for (; presses < 200;) {
      await page.keyboard.press('Tab');
      presses++;
      const where = await page.evaluate(() => {
        const active = document.activeElement;
        return {
          label: active?.getAttribute('aria-label') ?? '',
          list: active?.closest('.facet-list')?.getAttribute('aria-label') ?? null,
        };
      });
      if (where.list !== null) listStops.set(where.list, (listStops.get(where.list) ?? 0) + 1);
      if (where.label === 'Rows field 1') break;
    }
    const openLists = await page.locator('.facet-list').count();
    expect(listStops.size).toBe(openLists);
    expect([...listStops.values()].every((n) => n === 1)).toBe(true);
    process.stdout.write(`Tab presses from Explore's heading to "Rows": ${presses} (skip link: 2 and Enter)\n`);
    expect(presses).toBeLessThan(108);

    // Arrow keys move within a facet list.
    const firstList = page.locator('.facet-list').first();
    await firstList.locator('.facet-value').first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.previousElementSibling !== null)).toBe(
      true,
    );
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.nextElementSibling === null)).toBe(true);
  });

  it('wraps wide column headers and keeps their full text', async () => {
    const { page } = running;
    await page.getByLabel('Remove columns field 1').click();
    await page.getByLabel('Add a columns field').selectOption('district');
    const header = page.getByRole('columnheader', { name: 'South Cambridgeshire' });
    await header.waitFor();
    expect(await header.getAttribute('title')).toBe('South Cambridgeshire');
    // Its text starts inside the cell: nothing is cut from the left.
    const cut = await header.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const text = range.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return text.left < box.left - 0.5 || text.right > box.right + 0.5;
    });
    expect(cut).toBe(false);
    await running.screenshot('explore-wide-headers');
  });
});
