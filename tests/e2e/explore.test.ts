// The Explore screen in a real Chromium on a workspace built by the real importer: facet
// filters and counts against the engine, a two-way table with statistics, chart types,
// click-to-filter, saving and reopening a figure, and keyboard use.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp, openWorkspaceFromStart } from '../helpers/app.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';
import { numberIn, pageApi } from '../helpers/pageApi.ts';

let running: RunningApp;
let fixture: FixtureWorkspace;

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 6000, suspects: 3000, offenders: 1500 }, seed: 11 });
  running = await startApp();
  const { page } = running;
  await openWorkspaceFromStart(page, fixture.path, fixture.passphrase);
  await page.getByRole('button', { name: 'Explore' }).click();
  await page.getByTestId('facet-total').waitFor();
  await page.getByTestId('chart').waitFor();
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  rmSync(fixture.dir, { recursive: true, force: true });
});

describe('Explore', () => {
  it('shows facet counts equal to the engine’s', async () => {
    const { page } = running;
    await running.screenshot('explore-initial');
    const engine = await pageApi<{
      facets: Array<{ field: string; categories: Array<{ label: string; count: number }> }>;
      total: number;
    }>(page, 'engine.facets', { cohort: 'victims', filters: [] });
    expect(numberIn(await page.getByTestId('facet-total').textContent())).toBe(engine.total);
    const district = engine.facets.find((f) => f.field === 'district');
    const fenland = district?.categories.find((c) => c.label === 'Fenland');
    const button = page.getByRole('button', { name: /^Fenland/ });
    expect(numberIn(await button.locator('.facet-count').textContent())).toBe(fenland?.count);
  });

  it('applies and clears facet filters, counts following the engine', async () => {
    const { page } = running;
    await page.getByRole('button', { name: /^Fenland/ }).click();
    await page.getByRole('list', { name: 'Active filters' }).waitFor();
    const filtered = await pageApi<{ total: number }>(page, 'engine.query', {
      cohort: 'victims',
      filters: [{ field: 'district', in: ['Fenland'] }],
      rows: ['offence_group'],
      cols: ['sex'],
      disclosure: null,
    });
    await expect.poll(async () => numberIn(await page.getByTestId('facet-total').textContent())).toBe(filtered.total);
    await page.getByRole('button', { name: 'Exclude Unknown (Sex)' }).click();
    await expect
      .poll(async () => await page.getByRole('list', { name: 'Active filters' }).getByRole('listitem').count())
      .toBe(2);
    await running.screenshot('explore-filtered');
    await page.getByRole('button', { name: 'Clear all' }).click();
    const all = await pageApi<{ total: number }>(page, 'engine.facets', { cohort: 'victims', filters: [] });
    await expect.poll(async () => numberIn(await page.getByTestId('facet-total').textContent())).toBe(all.total);
  });

  it('builds a two-way table with row percentages and statistics matching the engine', async () => {
    const { page } = running;
    await page.getByLabel('Percentages').selectOption('row');
    await page.getByLabel('Statistics').check();
    await page.getByTestId('stat-chi2').waitFor();
    const engine = await pageApi<{
      stats: {
        df: number | null;
        publication: { printed: { chi2: string | null; p: string | null; cramersV: string | null } };
        adjustedResiduals: Array<Array<number | null>>;
      };
      total: number;
      counts: Array<Array<number | null>>;
      percents: number[][];
    }>(page, 'engine.query', {
      cohort: 'victims',
      rows: ['offence_group'],
      cols: ['sex'],
      percent: 'row',
      stats: true,
    });
    // The screen prints the statistics exactly as published with the protected table; [c] where withheld.
    const printed = engine.stats.publication.printed;
    expect(await page.getByTestId('stat-chi2').textContent()).toBe(printed.chi2 ?? '[c]');
    expect(await page.getByTestId('stat-p').textContent()).toBe(printed.p ?? '[c]');
    expect(await page.getByTestId('stat-v').textContent()).toBe(printed.cramersV ?? '[c]');
    expect(await page.getByTestId('stat-df').textContent()).toBe(String(engine.stats.df ?? '[c]'));
    // A suppressed cell's residual is [c] in its tooltip; a published cell's is its number.
    engine.counts.forEach((line, r) =>
      line.forEach((count, c) => {
        if (count === null) expect(engine.stats.adjustedResiduals[r]?.[c]).toBeNull();
      }),
    );
    const hidden = engine.counts.flatMap((line, r) => line.flatMap((count, c) => (count === null ? [[r, c]] : [])))[0];
    if (hidden) {
      expect(await page.locator(`[data-cell="${hidden[0]}:${hidden[1]}"]`).getAttribute('title')).toContain(
        'expected count and residual [c]',
      );
    }
    const firstPercent = engine.percents[0]?.[0];
    const cell = page.locator('[data-cell="0:0"] .ct-pct');
    expect(await cell.textContent()).toBe(
      firstPercent === null || firstPercent === undefined ? '[c]' : `${firstPercent.toFixed(1)}%`,
    );
    await page.getByRole('heading', { name: 'Chart' }).scrollIntoViewIfNeeded();
    await running.screenshot('explore-chart');
    await running.screenshot('explore-crosstab-stats');
  });

  it('switches chart types and filters by clicking a bar', async () => {
    const { page } = running;
    const chart = page.getByTestId('chart');
    for (const type of ['stacked', 'stacked100', 'hbar', 'bar']) {
      const before = await chart.getAttribute('data-rendered');
      await page.getByLabel('Chart type').selectOption(type);
      await expect.poll(() => chart.getAttribute('data-rendered')).not.toBe(before);
    }
    await running.screenshot('explore-chart-bar');
    const bar = page.locator('[data-testid="chart"] .barlayer .point path').first();
    await bar.scrollIntoViewIfNeeded();
    const box = await bar.boundingBox();
    expect(box).not.toBeNull();
    if (box) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByRole('list', { name: 'Active filters' }).waitFor();
    const chips = await page.getByRole('list', { name: 'Active filters' }).getByRole('listitem').allTextContents();
    expect(chips.some((c) => c.startsWith('Offence group:'))).toBe(true);
    await page.getByRole('button', { name: 'Clear all' }).click();
  });

  it('saves a figure and reopens it exactly', async () => {
    const { page } = running;
    await page.getByLabel('Chart title').fill('Victims by offence group and sex');
    await page.getByLabel('Figure name').fill('Offence by sex');
    await page.getByRole('button', { name: 'Save as figure' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page.getByLabel('Percentages').selectOption('none');
    await page.getByLabel('Chart title').fill('something else');
    await page
      .getByRole('list', { name: 'Saved figures' })
      .getByRole('button', { name: 'Offence by sex', exact: true })
      .click();
    await expect.poll(() => page.getByLabel('Chart title').inputValue()).toBe('Victims by offence group and sex');
    expect(await page.getByLabel('Percentages').inputValue()).toBe('row');
    const saved = await pageApi<{ figure: { query: { rows: string[]; cols: string[]; percent: string } } }>(
      page,
      'figures.get',
      { name: 'Offence by sex' },
    );
    expect(saved.figure.query).toMatchObject({ rows: ['offence_group'], cols: ['sex'], percent: 'row' });
  });

  it('can be driven by keyboard: builder fields and the table grid', async () => {
    const { page } = running;
    await page.getByLabel('Rows field 1', { exact: true }).focus();
    await page.keyboard.press('ArrowDown'); // a native select changes value with the arrow keys
    await expect.poll(() => page.getByLabel('Rows field 1', { exact: true }).inputValue()).not.toBe('offence_group');
    await page.getByLabel('Rows field 1', { exact: true }).selectOption('district');
    const firstCell = page.locator('[data-cell="0:0"]');
    await firstCell.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('0:1');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('1:1');
    await running.screenshot('explore-keyboard');
  });

  it('shows the victim–offender overlap as a table of persons by combination', async () => {
    const { page } = running;
    await page.getByRole('radio', { name: 'Overlap' }).click();
    const grid = page.getByRole('grid');
    await expect.poll(async () => (await grid.getByRole('rowheader').allTextContents()).length).toBe(8); // 7 combinations and the total
    const engine = await pageApi<{ rows: { keys: string[][] }; total: number | null }>(page, 'engine.query', {
      cohort: 'overlap',
    });
    expect(await grid.getByRole('rowheader').first().textContent()).toBe(engine.rows.keys[0]?.[0]);
    await running.screenshot('explore-overlap');
    await page.getByRole('radio', { name: 'Victims' }).click();
  });
});
