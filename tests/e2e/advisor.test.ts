// The disclosure advisor and the disclosure policy in a real Chromium on a workspace built
// by the real importer: a sparse Explore table gets redesign options whose published cells
// match the API's; one click applies a merge, the table shows the merged rows with the
// suppressed cells the option promised, and a saved figure keeps the merge. The Data screen
// shows the policy and changes it under the passphrase; Explore then warns of a rule below it
// and copies no table under it.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Advice } from '../../shared/contract/disclosure.ts';
import type { CategoryGroups } from '../../shared/query.ts';
import { startApp, type RunningApp, openWorkspaceFromStart } from '../helpers/app.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';
import { numberIn, pageApi } from '../helpers/pageApi.ts';

let running: RunningApp;
let fixture: FixtureWorkspace;

const sparse = {
  cohort: 'victims',
  filters: [{ field: 'district', in: ['Fenland'] }],
  rows: ['age_band'],
  cols: ['ethnicity'],
};

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 4000 }, seed: 23 });
  running = await startApp();
  const { page } = running;
  await openWorkspaceFromStart(page, fixture.path, fixture.passphrase);
  await page.getByRole('button', { name: 'Explore' }).click();
  await page.getByTestId('facet-total').waitFor();
}, 300_000);

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  rmSync(fixture.dir, { recursive: true, force: true });
});

describe('the disclosure advisor in Explore', () => {
  it('offers redesigns for a sparse table and applies a merge in one click', async () => {
    const { page } = running;
    await page.getByLabel('Rows field 1', { exact: true }).selectOption('age_band');
    await page.getByLabel('Columns field 1', { exact: true }).selectOption('ethnicity');
    await page.getByRole('button', { name: /^Fenland/ }).click();
    const advice = await pageApi<Advice>(page, 'disclosure.advise', sparse);
    expect(advice.advise).toBe(true);
    const merge = advice.options.find((o) => o.kind === 'merge' && o.field === 'age_band');
    expect(merge).toBeDefined();
    if (!merge) return;

    const panel = page.getByTestId('advisor');
    await panel.getByRole('button', { name: `Apply: ${merge.title}` }).waitFor();
    // The panel follows the view: poll until it shows the advice for this table.
    await expect
      .poll(() => panel.getByTestId('advisor-cells').allTextContents())
      .toEqual(advice.options.map((o) => expect.stringContaining(`${o.published} of ${o.cells} cells`)));
    await running.screenshot('explore-advisor');
    // The chart offers no download of its own: pictures leave only through the checked export.
    await page.getByTestId('chart').locator('.modebar-btn').first().waitFor({ state: 'attached' });
    expect(await page.getByTestId('chart').locator('.modebar-btn[data-title^="Download plot"]').count()).toBe(0);

    await panel.getByRole('button', { name: `Apply: ${merge.title}` }).click();
    const groups = merge.spec.groups?.age_band ?? [];
    await page.getByTestId('merged-categories').waitFor();
    for (const group of groups)
      await expect
        .poll(async () => (await page.getByTestId('merged-categories').textContent()) ?? '')
        .toContain(group.label);
    // The table now has the merged rows, and suppresses what the option said it would.
    await expect
      .poll(async () =>
        numberIn(
          /(\d+) cells suppressed/.exec((await page.getByTestId('result-total').textContent()) ?? '')?.[1] ?? '0',
        ),
      )
      .toBe(merge.suppressed);
    await expect.poll(() => page.locator('.explore-results').getAttribute('aria-busy')).toBe('false');
    const rowHeads = await page.getByRole('rowheader').allTextContents();
    for (const group of groups) {
      expect(rowHeads).toContain(group.label);
      for (const member of group.members) expect(rowHeads).not.toContain(member);
    }

    await page.getByLabel('Figure name').fill('Merged ages');
    await page.getByRole('button', { name: 'Save as figure' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const saved = await pageApi<{ figure: { query: { groups?: CategoryGroups } } }>(page, 'figures.get', {
      name: 'Merged ages',
    });
    expect(saved.figure.query.groups).toEqual(merge.spec.groups);
  }, 180_000);
});

/** What a copy of the Explore table puts on the clipboard (a copy event dispatched on the table). */
async function copiedTable(): Promise<string> {
  return running.page.evaluate(() => {
    const table = document.querySelector('.crosstab');
    if (table === null) return '';
    const event = new ClipboardEvent('copy', { clipboardData: new DataTransfer(), bubbles: true, cancelable: true });
    table.dispatchEvent(event);
    return event.clipboardData?.getData('text/plain') ?? '';
  });
}

describe('the disclosure policy', () => {
  it('is shown and changed on the Data screen with the passphrase; Explore warns of a rule below it', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'Data', exact: true }).click();
    await expect
      .poll(async () => page.getByTestId('policy-status').textContent())
      .toContain('counts below 5 suppressed');
    await page.getByLabel('Suppress counts below').fill('7');
    await page.getByLabel('Workspace passphrase (needed to change the policy)').fill('not the passphrase');
    await page.getByRole('button', { name: 'Change the policy' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /passphrase does not open/ })
      .waitFor();
    await page.getByLabel('Suppress counts below').fill('7');
    await page.getByLabel('Workspace passphrase (needed to change the policy)').fill(fixture.passphrase);
    await page.getByRole('button', { name: 'Change the policy' }).click();
    await expect
      .poll(async () => page.getByTestId('policy-status').textContent())
      .toContain('counts below 7 suppressed');
    const audit = await pageApi<{ entries: Array<{ action: string }> }>(page, 'audit.list', {
      action: 'disclosure.policy_change',
    });
    expect(audit.entries).toHaveLength(1);
    await running.screenshot('data-policy');

    await page.getByRole('button', { name: 'Explore', exact: true }).click();
    await page.getByTestId('below-policy').waitFor();
    // Copying the table is publishing it: below the policy the clipboard gets a note, not the counts.
    // The warning can show before the table has drawn: wait for the table, then copy.
    await expect.poll(copiedTable).toMatch(/^Not copied: .*below the workspace's disclosure policy/);
    await page.getByTestId('below-policy').getByRole('button', { name: 'Meet the policy' }).click();
    await expect.poll(async () => page.getByTestId('below-policy').count()).toBe(0);
    await expect.poll(copiedTable).toContain('Total');
  }, 180_000);
});
