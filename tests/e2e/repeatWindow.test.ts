// The repeat victimisation window in Explore, in a real Chromium on a workspace built by the real
// importer: the table follows the engine for the window typed, a saved figure reopens with it,
// every note of the result is listed under the table (the agreement of the computed repeat flag
// with the extract's among them) and an exported table carries that agreement as a footnote.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp, openWorkspaceFromStart } from '../helpers/app.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';
import { numberIn, pageApi } from '../helpers/pageApi.ts';

let running: RunningApp;
let fixture: FixtureWorkspace;

interface Result {
  rowTotals?: (number | null)[];
  rows: { keys: string[][] };
  cols: { keys: string[][] };
  counts: (number | null)[][];
  total: number | null;
  meta: { warnings: string[] };
}

const SPEC = { cohort: 'victims', rows: ['repeat_record'], cols: ['repeat_victim'] };
const query = (page: Page, days?: number): Promise<Result> =>
  pageApi<Result>(page, 'engine.query', { ...SPEC, ...(days === undefined ? {} : { window: { days } }) });

/** The table on screen: row labels and the published cells, as the screen prints them. */
async function screenTable(page: Page): Promise<{ rows: string[]; cells: string[][] }> {
  const grid = page.getByRole('grid');
  const rows = (await grid.getByRole('rowheader').allTextContents()).filter((r) => r !== 'Total');
  const cells = await page.evaluate((count) => {
    const out: string[][] = [];
    for (let r = 0; r < count; r++) {
      const line: string[] = [];
      for (let c = 0; ; c++) {
        const cell = document.querySelector(`[data-cell="${r}:${c}"]`);
        if (!cell) break;
        line.push(cell.textContent ?? '');
      }
      out.push(line.slice(0, -1)); // without the row total
    }
    return out;
  }, rows.length);
  return { rows, cells };
}

const printed = (result: Result): { rows: string[]; cells: string[][] } => ({
  rows: result.rows.keys.map((k) => k.join(' · ')),
  cells: result.counts.map((line) => line.map((v) => (v === null ? '[c]' : v.toLocaleString('en-GB')))),
});

/** Agreement of the two flags from the published cells, computed here the plain way. */
function agreementPercent(result: Result): string {
  const at = (computed: string, imported: string): number => {
    const r = result.rows.keys.findIndex((k) => k[0] === computed);
    const c = result.cols.keys.findIndex((k) => k[0] === imported);
    const v = result.counts[r]?.[c];
    if (v === null || v === undefined)
      throw new Error(`cell ${computed}/${imported} not published: ${JSON.stringify(result)}`);
    return v;
  };
  const both = [at('Yes', 'Yes'), at('Yes', 'No'), at('No', 'Yes'), at('No', 'No')];
  const agree = both[0]! + both[3]!;
  const n = both.reduce((a, b) => a + b, 0);
  return `${((100 * agree) / n).toFixed(1)}% of the ${n.toLocaleString('en-GB')} records`;
}

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 6000 }, seed: 11 });
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

describe('The repeat window in Explore', () => {
  it('appears with a repeat field and counts the table over the window typed', async () => {
    const { page } = running;
    await expect.poll(() => page.getByTestId('repeat-window').count()).toBe(0);
    await page.getByLabel('Rows field 1', { exact: true }).selectOption('repeat_record');
    await page.getByLabel('Columns field 1', { exact: true }).selectOption('repeat_victim');
    const input = page.getByLabel('Repeat window (days)');
    expect(await input.inputValue()).toBe('365');

    const year = await query(page);
    await expect.poll(() => screenTable(page)).toEqual(printed(year));

    const month = await query(page, 30);
    // The fixture has repeats further apart than 30 days, so the two windows count differently.
    expect(printed(month).cells).not.toEqual(printed(year).cells);
    await input.fill('30');
    await expect.poll(() => screenTable(page)).toEqual(printed(month));
    const total = /Total ([\d,]+)/.exec((await page.getByTestId('result-total').textContent()) ?? '')?.[1];
    expect(numberIn(total ?? null)).toBe(month.total);
    await running.screenshot('explore-repeat-window');
    // The window's own columns are the engine's business: the filters show each field once, by its name.
    const facets = await pageApi<{ facets: { field: string }[] }>(page, 'engine.facets', { cohort: 'victims' });
    const fields = facets.facets.map((f) => f.field);
    expect(fields).toContain('repeat_record');
    expect(fields.filter((f) => /_w\d+$/.test(f))).toEqual([]);
    // Facets count over the window asked for: the computed flag's facet is the raw table's row totals.
    const raw = await pageApi<Result & { rowTotals: number[] }>(page, 'engine.query', {
      ...SPEC,
      window: { days: 30 },
      disclosure: null,
    });
    const facet = await pageApi<{ facets: { field: string; categories: { label: string; count: number }[] }[] }>(
      page,
      'engine.facets',
      { cohort: 'victims', window: { days: 30 } },
    );
    const counted = Object.fromEntries(
      facet.facets.find((f) => f.field === 'repeat_record')?.categories.map((c) => [c.label, c.count]) ?? [],
    );
    raw.rows.keys.forEach((key, r) => expect(counted[key[0] ?? '']).toBe(raw.rowTotals[r]));
    expect(raw.rowTotals[0]).not.toBe(year.rowTotals?.[0]);

    // Out of range: the table stays on the last valid window and the field says why.
    await input.fill('0');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await screenTable(page)).toEqual(printed(month));
  });

  it('lists every note of the result under the table, the agreement among them', async () => {
    const { page } = running;
    await page.getByRole('button', { name: '24 months' }).click();
    await expect.poll(() => page.getByLabel('Repeat window (days)').inputValue()).toBe('730');
    const twoYears = await query(page, 730);
    await expect.poll(() => screenTable(page)).toEqual(printed(twoYears));
    const notes = page.getByTestId('result-notes').getByRole('listitem');
    await expect.poll(() => notes.allTextContents()).toEqual([...new Set(twoYears.meta.warnings)]);
    const agreement = twoYears.meta.warnings.find((w) => w.includes('agree on'));
    expect(agreement).toContain(agreementPercent(twoYears));
    await running.screenshot('explore-repeat-agreement');
  });

  it('saves a figure with its window, reopens it and exports the agreement in the footnote', async () => {
    const { page } = running;
    await page.getByLabel('Figure name').fill('Repeat flags, 24 months');
    await page.getByRole('button', { name: 'Save as figure' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const saved = await pageApi<{ figure: { query: { window?: { days: number } } } }>(page, 'figures.get', {
      name: 'Repeat flags, 24 months',
    });
    expect(saved.figure.query.window).toEqual({ days: 730 });
    // Explore's own view keeps the window too, so it comes back with the workspace.
    await expect
      .poll(async () => (await pageApi<{ view: { window?: unknown } }>(page, 'screen.explore.get', {})).view.window)
      .toEqual({ days: 730 });

    await page.getByLabel('Repeat window (days)').fill('30');
    await expect.poll(() => screenTable(page)).toEqual(printed(await query(page, 30)));
    await page
      .getByRole('list', { name: 'Saved figures' })
      .getByRole('button', { name: 'Repeat flags, 24 months', exact: true })
      .click();
    await expect.poll(() => page.getByLabel('Repeat window (days)').inputValue()).toBe('730');
    const twoYears = await query(page, 730);
    await expect.poll(() => screenTable(page)).toEqual(printed(twoYears));

    const out = join(fixture.dir, 'repeat-flags.csv');
    const exported = await pageApi<{ footnote: string[] }>(page, 'export.figure', {
      name: 'Repeat flags, 24 months',
      format: 'csv',
      path: out,
    });
    const file = readFileSync(out, 'utf8');
    expect(file).toContain('rolling window of 730 days');
    const line = exported.footnote.find((l) => l.includes('agree on'));
    expect(line).toContain(agreementPercent(twoYears));
    expect(file).toContain(line);
  });
});
