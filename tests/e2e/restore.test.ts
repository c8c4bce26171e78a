// Restoring a backup on the Start screen in a real Chromium: the screen shows what the restore
// would replace (resolved paths, the records of both) and replaces nothing until confirmed;
// Cancel keeps the workspace, the confirmed restore brings the backup's records back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';

const PASS = 'a long enough passphrase';
let running: RunningApp;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-e2e-restore-'));
  running = await startApp();
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

function extract(name: string, rows: number): string {
  const lines = ['Nominal Ref,Date Committed,Gender'];
  for (let i = 0; i < rows; i++) lines.push(`${name}${i},01/05/2021,${i % 2 ? 'F' : 'M'}`);
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, lines.join('\n'));
  return path;
}

describe('restore on the Start screen', () => {
  it('shows both record counts, keeps the workspace on Cancel, and restores on confirm', async () => {
    const { page } = running;
    const file = join(dir, 'team.vsow');
    await page.getByLabel('File').first().fill(file);
    await page.getByLabel('Passphrase', { exact: true }).first().fill(PASS);
    await page.getByLabel('Repeat passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('heading', { name: /Workspace open/ }).waitFor();

    await pageApi(page, 'import.run', { cohort: 'victims', path: extract('first', 40) });
    const backup = join(dir, 'monday.vsow');
    await pageApi(page, 'workspace.backup', { path: backup });
    await pageApi(page, 'import.run', { cohort: 'victims', path: extract('second', 25) });
    await page.reload();
    await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
    await expect.poll(() => page.getByTestId('count-victims').textContent()).toBe('65');

    const form = page.getByRole('form', { name: 'Restore a backup' });
    await form.getByLabel('Backup to restore').fill(join(dir, 'elsewhere', '..', 'monday.vsow'));
    expect(await form.getByLabel('Restore into').inputValue()).toBe(file);
    await form.getByLabel('Passphrase of the backup').fill(PASS);
    await form.getByRole('button', { name: 'Check the restore' }).click();
    const confirm = form.getByRole('alertdialog');
    await confirm.waitFor();
    const text = (await confirm.textContent()) ?? '';
    expect(text).toContain(`Replace the workspace ${file}, 65 records`);
    expect(text).toContain(`with the backup ${backup}, 40 records`);
    await running.screenshot('restore-confirm');

    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('count-victims').textContent()).toBe('65');

    await form.getByRole('button', { name: 'Check the restore' }).click();
    await form.getByRole('button', { name: 'Replace 65 records' }).click();
    await form.getByRole('status').filter({ hasText: 'Restored' }).waitFor();
    await page.getByTestId('count-victims').filter({ hasText: /^40$/ }).waitFor();
  }, 120_000);
});
