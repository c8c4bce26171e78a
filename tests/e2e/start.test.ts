// The Start screen in a real Chromium: create a workspace, lock it, unlock with a wrong
// then the right passphrase, close it and reopen it from the recent list.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app.ts';

const PASS = 'a long enough passphrase';
let running: RunningApp;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-e2e-start-'));
  running = await startApp();
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Start screen', () => {
  it('creates a workspace and shows it open', async () => {
    const { page } = running;
    const file = join(dir, 'team.vsow');
    await page.getByLabel('File').first().fill(file);
    await page.getByLabel('Passphrase', { exact: true }).first().fill('too short');
    expect(await page.getByRole('button', { name: 'Create workspace' }).isDisabled()).toBe(true);
    await page.getByLabel('Passphrase', { exact: true }).first().fill(PASS);
    await page.getByLabel('Repeat passphrase').fill(PASS);
    await running.screenshot('start-create');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
    await expect.poll(() => page.getByTestId('count-victims').textContent()).toBe('0');
    await running.screenshot('start-open');
  });

  it('locks, refuses a wrong passphrase with a clear message, then unlocks', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'Lock now' }).click();
    await page.getByRole('heading', { name: 'Workspace locked' }).waitFor();
    await page.getByLabel('Passphrase').fill('definitely not it');
    await page.getByRole('button', { name: 'Unlock' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/passphrase/i);
    await running.screenshot('start-wrong-passphrase');
    await page.getByLabel('Passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
  });

  it('closes and reopens from the recent list', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'Close workspace' }).click();
    await page.getByRole('heading', { name: 'Recent workspaces' }).waitFor();
    await page.getByRole('button', { name: join(dir, 'team.vsow') }).click();
    expect(await page.locator('#open-path').inputValue()).toBe(join(dir, 'team.vsow'));
    await page.locator('#open-pass').fill(PASS);
    await page.getByRole('button', { name: 'Open workspace' }).click();
    await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
  });
});
