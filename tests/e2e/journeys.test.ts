// Journeys across cohorts on the Explore screen in a real Chromium: the Journeys switch beside
// the overlap draws the flow chart of the table the engine answers (one band per flow with
// persons, one node per role, a [c] on every suppressed flow and never its count), its window
// changes the table, and a saved figure keeps the chart and the window.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../shared/query.ts';
import { startApp, type RunningApp, openWorkspaceFromStart } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';

let running: RunningApp;
let fixture: FixtureWorkspace;

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 2000, suspects: 2000, offenders: 2000 }, seed: 5 });
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

/** What the flow chart of this published table draws: bands (non-zero cells of kept lines), nodes and [c]s. */
function expectedDrawing(result: QueryResult): { bands: number; nodes: number; hidden: number } {
  const rows = result.rowTotals.map((t, r) => (t === 0 ? -1 : r)).filter((r) => r >= 0);
  const cols = result.colTotals.map((t, c) => (t === 0 ? -1 : c)).filter((c) => c >= 0);
  const cells = rows.flatMap((r) => cols.map((c) => result.counts[r]?.[c] ?? null)).filter((v) => v !== 0);
  return { bands: cells.length, nodes: rows.length + cols.length, hidden: cells.filter((v) => v === null).length };
}

describe('Journeys on the Explore screen', () => {
  it('draws the journeys table as a flow chart, suppressed flows marked [c]', async () => {
    const { page } = running;
    await page.getByRole('radio', { name: 'Journeys' }).click();
    await expect.poll(() => page.getByLabel('Chart type').inputValue()).toBe('flow');
    const chart = page.getByTestId('chart');
    const result = await pageApi<QueryResult>(page, 'engine.query', { cohort: 'journeys', measure: 'persons' });
    expect(result.total ?? 0).toBeGreaterThan(0);
    const expected = expectedDrawing(result);
    await expect
      .poll(async () => await chart.locator('.scatterlayer .trace path.js-fill').count())
      .toBe(expected.bands + expected.nodes);
    const marks = async (): Promise<number> =>
      (await chart.locator('.annotation-text').allTextContents()).filter((t) => t === '[c]').length;
    await expect.poll(marks).toBe(expected.hidden);
    const text = (await chart.textContent()) ?? '';
    for (const role of ['Victim', 'Suspect', 'Offender']) expect(text).toContain(role);
    // The table beside it is the same protected table, under the journeys' own field labels.
    await expect
      .poll(async () => (await page.getByRole('grid').first().textContent()) ?? '')
      .toContain('First seen as');
    await chart.scrollIntoViewIfNeeded();
    await running.screenshot('journeys-flow');
  });

  it('re-counts with the window the analyst sets, and saves it with the flow chart', async () => {
    const { page } = running;
    const before = await pageApi<QueryResult>(page, 'engine.query', { cohort: 'journeys', measure: 'persons' });
    await page.getByLabel('Journey window (days)').fill('0');
    // The footnote names the window, and the table is the engine's for it.
    await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toContain('0 days apart or less');
    const after = await pageApi<QueryResult>(page, 'engine.query', {
      cohort: 'journeys',
      measure: 'persons',
      journeyWindowDays: 0,
    });
    expect(after.colTotals).not.toEqual(before.colTotals);
    const total = (after.total ?? 0).toLocaleString('en-GB');
    await expect.poll(async () => (await page.getByRole('grid').first().textContent()) ?? '').toContain(total);
    await page.getByLabel('Figure name').fill('Journeys, same day');
    await page.getByRole('button', { name: 'Save as figure' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const saved = await pageApi<{ figure: { chart: string; query: { cohort: string; journeyWindowDays?: number } } }>(
      page,
      'figures.get',
      { name: 'Journeys, same day' },
    );
    expect(saved.figure.chart).toBe('flow');
    expect(saved.figure.query).toMatchObject({ cohort: 'journeys', journeyWindowDays: 0 });
  });
});
