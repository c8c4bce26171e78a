// The Start screen judges a new passphrase as it is typed, with the store's rule: twelve
// spaces or a common password are refused with the reason under the field (tied to it for
// screen readers), and Create stays off; a passphrase of unrelated words is accepted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app.ts';

let running: RunningApp;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-e2e-strength-'));
  running = await startApp();
}, 60_000);

afterAll(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('says why a weak passphrase is refused, and accepts a strong one', async () => {
  const { page } = running;
  await page.getByLabel('File').first().fill(join(dir, 'strength.vsow'));
  const field = page.locator('#create-pass');
  const strength = page.locator('#create-pass-strength');
  const create = page.getByRole('button', { name: 'Create workspace' });

  for (const [weak, reason] of [
    [' '.repeat(12), /repeated/i],
    ['password1234', /commonly used password/i],
  ] as const) {
    await field.fill(weak);
    await page.getByLabel('Repeat passphrase').fill(weak);
    await expect.poll(() => strength.textContent(), { timeout: 30_000 }).toMatch(/^Not strong enough: /);
    expect(await strength.textContent()).toMatch(reason);
    expect(await create.isDisabled()).toBe(true);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toContain('create-pass-strength');
  }
  await running.screenshot('start-weak-passphrase');

  const strong = 'kestrel lantern quartz orbit';
  await field.fill(strong);
  await page.getByLabel('Repeat passphrase').fill(strong);
  await expect.poll(() => strength.textContent(), { timeout: 30_000 }).toMatch(/^Strength: /);
  expect(await create.isDisabled()).toBe(false);
  await create.click();
  await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
});
