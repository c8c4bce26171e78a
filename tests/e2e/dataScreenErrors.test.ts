// A Data-screen read that fails is shown, not swallowed: in a real Chromium against the real
// app, main's answers to two of the screen's reads (the population tables, the import
// history) are replaced, on the loopback bridge, by the typed error a damaged workspace would
// give. The cards say what went wrong and what to do, and the error region says it once
// each; the other cards still load. Then the bridge answers again and a reload after an
// import fills the cards, the error gone.
import { rmSync } from 'node:fs';
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_RPC_PATH } from '../../shared/protocol.ts';
import { startApp, type RunningApp, openWorkspaceFromStart } from '../helpers/app.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';

const FAILING = new Set(['population.list', 'import.history']);
const DAMAGED =
  'The workspace file is damaged: a page of it could not be read. Restore it from your latest backup (Start → Restore).';

let running: RunningApp;
let fixture: FixtureWorkspace;
let failing = true;
/** How many of the failing reads the bridge was asked for (so the test knows they happened). */
let refused = 0;

async function answer(route: Route): Promise<void> {
  const body = route.request().postDataJSON() as { type: string; id: string; method?: string };
  if (!failing || body.type !== 'request' || body.method === undefined || !FAILING.has(body.method)) {
    await route.continue();
    return;
  }
  refused += 1;
  const reply = { type: 'result', id: body.id, ok: false, error: { code: 'DAMAGED_WORKSPACE', message: DAMAGED } };
  await route.fulfill({ status: 200, contentType: 'application/x-ndjson', body: `${JSON.stringify(reply)}\n` });
}

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 40 } });
  running = await startApp();
  const { page } = running;
  await page.route(`**${BRIDGE_RPC_PATH}`, answer);
  await openWorkspaceFromStart(page, fixture.path, fixture.passphrase);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Data' }).click();
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

describe('A Data-screen read that fails', () => {
  it('is shown in its card and in the error region, with what to do', async () => {
    const { page } = running;
    await expect.poll(() => refused).toBeGreaterThanOrEqual(2);
    const population = page.getByRole('region', { name: 'Population tables (for rates)' });
    await population.getByRole('alert').filter({ hasText: DAMAGED }).waitFor();
    const history = page.locator('[aria-labelledby="history-title"]');
    await history.getByRole('alert').filter({ hasText: DAMAGED }).waitFor();
    const region = page.getByTestId('error-region');
    await expect
      .poll(async () => (await region.textContent()) ?? '')
      .toContain(`Loading the population tables: ${DAMAGED}`);
    await expect
      .poll(async () => (await region.textContent()) ?? '')
      .toContain(`Loading the import history: ${DAMAGED}`);
    // The reads that did not fail still load: the policy card shows the workspace's policy.
    await expect
      .poll(async () => (await page.getByTestId('policy-status').textContent()) ?? '')
      .toMatch(/Current policy:/);
  });

  it('clears once the read succeeds again', async () => {
    const { page } = running;
    failing = false;
    // Leaving the screen and coming back reads every card afresh.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Start' }).click();
    await nav.getByRole('button', { name: 'Data' }).click();
    const history = page.locator('[aria-labelledby="history-title"]');
    const population = page.getByRole('region', { name: 'Population tables (for rates)' });
    await expect
      .poll(async () => (await population.textContent()) ?? '')
      .toMatch(/No population tables|Population tables.*Name.*People/s);
    await expect.poll(async () => (await history.textContent()) ?? '').toMatch(/No imports yet|Batch.*Cohort/s);
    expect(await population.getByRole('alert').count()).toBe(0);
    expect(await history.getByRole('alert').count()).toBe(0);
  });
});
