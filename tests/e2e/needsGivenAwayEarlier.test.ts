// Needs together in a real Chromium, over a crafted register (tests/helpers/givenAwayRegister.ts)
// whose earlier output ‘Finance and lifestyle’ hides a count that its other output already gives
// away: the Explore screen warns of it above the matrix, naming the output and its date.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspaceFromStart, startApp, type RunningApp } from '../helpers/app.ts';
import { buildGivenAwayWorkspace, PAIR_TITLE } from '../helpers/givenAwayRegister.ts';

const PASSPHRASE = 'crafted register for the needs warning';
let dir: string;
let path: string;
let exported: string;
let running: RunningApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-e2e-given-away-'));
  ({ path, exported } = await buildGivenAwayWorkspace(dir, PASSPHRASE));
  running = await startApp({ width: 1440, height: 1000 });
}, 300_000);

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an earlier output given away, on Explore', () => {
  it('is named above the matrix of needs together', { timeout: 600_000 }, async () => {
    const { page } = running;
    await openWorkspaceFromStart(page, path, PASSPHRASE);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Explore' }).click();
    await page.getByRole('radio', { name: 'Needs together' }).click();
    const warning = page.getByTestId('given-away-earlier');
    // The matrix is 55 tables protected through the release: minutes on a loaded two-core machine.
    await warning.waitFor({ timeout: 480_000 });
    const text = (await warning.textContent()) ?? '';
    expect(text).toContain('Hidden counts published earlier in this release are no longer protected.');
    expect(text).toContain(
      `A hidden small count of ‘${PAIR_TITLE}’, exported ${exported}, can already be narrowed to within the protection from what this release published`,
    );
    expect(text).toContain('Consider starting a new release, or reviewing that output.');
    await running.screenshot('needs-given-away-earlier');
  });
});
