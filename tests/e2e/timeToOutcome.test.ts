// Time to outcome in Explore, in a real Chromium on a workspace of generated suspects with
// outcome dates, imported by the real importer: the card's medians and quartiles against
// those computed here from the stored dates (SQLite's own day arithmetic, sorted in the test),
// the switch to outcome rates, and the card's CSV export read back from disk; axe finds no
// serious or critical violation on the card.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import jStat from 'jstat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../src-main/store/workspace.ts';
import { openWorkspaceFromStart, startApp, type RunningApp } from '../helpers/app.ts';
import { describeFindings, seriousViolations } from '../helpers/axe.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';
import { fillSavePath } from '../helpers/savePath.ts';

const percentile = (jStat as unknown as { percentile(values: number[], k: number): number }).percentile;
let running: RunningApp;
let fixture: FixtureWorkspace;
/** Days from offence to outcome per offence group, read from the stored dates. */
const spans = new Map<string, number[]>();

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { suspects: 4000 }, seed: 19 });
  const ws = Workspace.open(fixture.path, fixture.passphrase);
  try {
    const rows = ws.db
      .prepare(
        `SELECT c.label AS grp, CAST(julianday(s.outcome_date) - julianday(s.date) AS INTEGER) AS days
         FROM suspects s JOIN categories c ON c.column_name = 'offence_group' AND c.code = s.offence_group
         WHERE s.outcome_date IS NOT NULL`,
      )
      .all() as Array<{ grp: string; days: number }>;
    for (const row of rows) spans.set(row.grp, [...(spans.get(row.grp) ?? []), row.days]);
  } finally {
    ws.close();
  }
  running = await startApp();
  await openWorkspaceFromStart(running.page, fixture.path, fixture.passphrase);
  await running.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Explore' }).click();
  await running.page.getByRole('radio', { name: 'Suspects' }).click();
}, 240_000);

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

/** The card's lines: the first cell (the group) and the numbers after it, as printed. */
async function cardLines(): Promise<Map<string, string[]>> {
  const rows = await running.page
    .getByTestId('time-to-outcome')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
  return new Map(rows.map((cells) => [cells[0] ?? '', cells.slice(1)]));
}

const printed = (value: number): string => value.toLocaleString('en-GB', { maximumFractionDigits: 2 });

describe('time to outcome in Explore', () => {
  it('shows each offence group’s median and quartiles as computed from the stored dates', async () => {
    const { page } = running;
    // One row field, no column field: one line per offence group.
    const remove = (name: string) => page.getByRole('button', { name, exact: true });
    for (const name of ['Remove columns field 1', 'Remove rows field 2'])
      while ((await remove(name).count()) > 0) await remove(name).click();
    await page.getByLabel('Rows field 1', { exact: true }).selectOption('offence_group');
    expect(spans.size).toBeGreaterThan(3);
    await expect
      .poll(async () => [...(await cardLines()).keys()].filter((key) => spans.has(key)).length, { timeout: 60_000 })
      .toBe(spans.size);
    const lines = await cardLines();
    let compared = 0;
    for (const [group, values] of spans) {
      const line = lines.get(group) ?? [];
      if (values.length < 5) {
        expect(line.slice(1)).toEqual(['[c]', '[c]', '[c]']);
        continue;
      }
      if (line[0] === '[c]') continue; // hidden to protect a smaller group
      expect(line).toEqual([
        values.length.toLocaleString('en-GB'),
        ...[0.25, 0.5, 0.75].map((p) => printed(percentile(values, p))),
      ]);
      compared++;
    }
    expect(compared).toBeGreaterThan(3);
    expect(describeFindings('Explore: time to outcome', await seriousViolations(page))).toBe('');
    await page.getByTestId('time-to-outcome').scrollIntoViewIfNeeded();
    await running.screenshot('time-to-outcome');
  });

  it('exports its table as CSV, read back with the same medians', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'CSV', exact: true }).click();
    const path = join(fixture.dir, 'time-to-outcome.csv');
    await fillSavePath(page.locator('#outcome-export-path'), path);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect
      .poll(() => page.getByTestId('outcome-export-written').textContent(), { timeout: 60_000 })
      .toContain(path);
    const lines = readFileSync(path, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    const [group, values] = [...spans].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
    const line = lines.find((l) => l.startsWith(`${group},`));
    expect(line === `${group},[c],[c],[c],[c]` || line?.split(',')[3] === String(percentile(values, 0.5))).toBe(true);
  });

  it('turns the table into outcome rates: outcome group by offence group, row percentages', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'Outcome rates by Offence group' }).click();
    await expect.poll(() => page.getByLabel('Percentages').inputValue()).toBe('row');
    await expect.poll(() => page.getByLabel('Columns field 1', { exact: true }).inputValue()).toBe('outcome_group');
  });
});
