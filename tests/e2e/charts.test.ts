// The on-screen chart in a real Chromium: imported text stays text (a crime type that is an
// HTML link shows as words, and the chart holds no <a> element), a suppressed cell shows [c]
// where its bar would be, the district map draws Cambridge inside South Cambridgeshire, and
// "Show empty categories" draws the empty Unknown district and keeps it across screens and in a
// saved figure.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferContextColumns } from '../../src-main/import/contextColumns.ts';
import { importContextDataset } from '../../src-main/import/contextDataset.ts';
import { Workspace } from '../../src-main/store/workspace.ts';
import { startApp, type RunningApp, openWorkspaceFromStart } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';
import { streetCrimeCsv } from '../helpers/streetCrime.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';

const HOSTILE = '<a href="https://evil.example/leak">Leak</a> <b>bold</b>';
let running: RunningApp;
let fixture: FixtureWorkspace;

/** The street crime file with three rows of a crime type that is markup (3 < 5: suppressed). */
function hostileCsv(): string {
  let changed = 0;
  return streetCrimeCsv(1000)
    .split('\n')
    .map((line) => {
      if (changed >= 3 || !line.includes(',Shoplifting,')) return line;
      changed += 1;
      return line.replace(',Shoplifting,', `,"${HOSTILE.replace(/"/g, '""')}",`);
    })
    .join('\n');
}

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 1500 }, seed: 5 });
  const csv = join(fixture.dir, 'street.csv');
  writeFileSync(csv, hostileCsv());
  const ws = Workspace.open(fixture.path, fixture.passphrase);
  try {
    const inferred = await inferContextColumns(csv);
    await importContextDataset(ws, {
      name: 'street_crime',
      label: 'Street crime',
      path: csv,
      columns: inferred.columns,
      districtFrom: inferred.districtFrom,
    });
  } finally {
    ws.close();
  }
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

describe('Charts on screen', () => {
  it('shows an imported category that is HTML as its text, never as a link', async () => {
    const { page } = running;
    await page.getByRole('radio', { name: 'Street crime' }).click();
    await page.getByLabel('Rows field 1', { exact: true }).selectOption('crime_type');
    const chart = page.getByTestId('chart');
    // Plotly sets a wrapped label line by line: compare without the spaces between lines.
    const squeeze = (text: string | null): string => (text ?? '').replace(/\s+/g, '');
    await expect.poll(async () => squeeze(await chart.textContent())).toContain(squeeze(HOSTILE));
    expect(await chart.locator('a').count()).toBe(0);
    // Plotly would have drawn <b> as a bold tspan: none carries the word.
    expect(await chart.locator('tspan[style*="bold"]').count()).toBe(0);
    await chart.scrollIntoViewIfNeeded();
    await running.screenshot('charts-hostile-category');
  });

  it('marks the suppressed bar [c] on screen', async () => {
    const { page } = running;
    const chart = page.getByTestId('chart');
    // The three rows of the hostile crime type are below the threshold of 5.
    await expect
      .poll(async () => await chart.locator('.annotation-text', { hasText: '[c]' }).count())
      .toBeGreaterThan(0);
    await page.getByLabel('Chart type').selectOption('stacked100');
    await expect
      .poll(async () => await chart.locator('.annotation-text', { hasText: '[c]' }).count())
      .toBeGreaterThan(0);
    await running.screenshot('charts-suppressed-marks');
  });

  it('draws the district map with Cambridge visible inside South Cambridgeshire', async () => {
    const { page } = running;
    await page.getByRole('radio', { name: 'Victims' }).click();
    await page.getByLabel('Rows field 1', { exact: true }).selectOption('district');
    const removeColumn = page.getByRole('button', { name: 'Remove columns field 1' });
    if ((await removeColumn.count()) > 0) await removeColumn.click();
    await page.getByLabel('Chart type').selectOption('map');
    const chart = page.getByTestId('chart');
    await expect.poll(async () => await chart.locator('.scatterlayer .trace').count()).toBeGreaterThan(5);
    await chart.scrollIntoViewIfNeeded();
    // Each district's fill is one path: Cambridge's is drawn, South Cambridgeshire's has a hole (two rings).
    const fills = await chart
      .locator('.scatterlayer .trace path.js-fill')
      .evaluateAll((paths) => paths.map((p) => (p.getAttribute('d') ?? '').split('M').length - 1));
    expect(fills.some((rings) => rings >= 2)).toBe(true);
    const box = await chart.locator('.scatterlayer').boundingBox();
    expect(box).not.toBeNull();
    await running.screenshot('charts-map');
  });

  it('shows the empty Unknown district when asked, across screens and in a saved figure', async () => {
    const { page } = running;
    const chart = page.getByTestId('chart');
    const box = page.getByLabel('Show empty categories');
    const ticks = async (): Promise<string[]> => chart.locator('.xtick text').allTextContents();
    // The generated records all have a district: Unknown is a category of the codebook with none.
    await page.getByLabel('Chart type').selectOption('bar');
    await expect.poll(ticks).toContain('Cambridge');
    expect(await ticks()).not.toContain('Unknown');
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await expect.poll(ticks).toContain('Unknown');
    await chart.scrollIntoViewIfNeeded();
    await running.screenshot('charts-empty-categories');

    await page.getByLabel('Figure name').fill('Districts with empty');
    await page.getByRole('button', { name: 'Save as figure' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const saved = await pageApi<{ figure: { keepEmpty: boolean } }>(page, 'figures.get', {
      name: 'Districts with empty',
    });
    expect(saved.figure.keepEmpty).toBe(true);

    // Kept in Explore's view across another screen.
    const menu = page.getByRole('navigation', { name: 'Main' });
    await menu.getByRole('button', { name: 'Report' }).click();
    await menu.getByRole('button', { name: 'Explore' }).click();
    await expect.poll(() => box.isChecked()).toBe(true);
    await expect.poll(ticks).toContain('Unknown');

    // Unticked, then the saved figure reopened: ticked again, Unknown drawn again.
    await box.uncheck();
    await expect.poll(ticks).not.toContain('Unknown');
    await page
      .getByRole('list', { name: 'Saved figures' })
      .getByRole('button', { name: 'Districts with empty', exact: true })
      .click();
    await expect.poll(() => box.isChecked()).toBe(true);
    await expect.poll(ticks).toContain('Unknown');
  });
});
