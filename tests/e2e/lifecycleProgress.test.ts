// The lifecycle's long work on screen, in a real Chromium: a backup and the workspace check show
// their progress with its step and a Cancel button; Cancel pressed part-way (by the page itself
// the moment the bar first shows work done but not all of it, so the moment is the progress
// report's, not a timer's) ends in "cancelled; nothing was changed", and the workspace is as
// before: no backup file, the same files in its folder, the audit log as long as it was.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../src-main/store/workspace.ts';
import { insertBatch, PASSPHRASE } from '../unit/store/storeTestKit.ts';
import { openWorkspaceFromStart, startApp, type RunningApp } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';

/** Enough rows that the copy reports many chunks (a chunk is sized to about 15 ms of work). */
const RECORDS = 150_000;

let running: RunningApp;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-e2e-lifecycle-'));
  file = join(dir, 'big.vsow');
  const ws = Workspace.create(file, PASSPHRASE);
  const records = Array.from({ length: RECORDS }, (_, i) => ({
    personKey: `P${i % 90_000}`,
    date: `20${String(15 + (i % 9)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
    sex: i % 3,
  }));
  insertBatch(ws.db, 'victims', records);
  ws.close();
  running = await startApp();
  await openWorkspaceFromStart(running.page, file, PASSPHRASE);
}, 180_000);

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Presses the tool's Cancel (focused first: it is reachable from the keyboard) from inside the
 * page as soon as its step line shows `step` part-way (some done, not all); resolves with the
 * step line it saw then.
 */
function cancelPartWay(page: Page, tool: string, step: string): Promise<string> {
  return page.evaluate(
    ({ selector, stepName }) =>
      new Promise<string>((resolve, reject) => {
        const root = document.querySelector(selector);
        if (root === null) throw new Error(`nothing matches ${selector}`);
        const look = (): boolean => {
          const line = root.querySelector('[data-testid="progress-step"]')?.textContent ?? '';
          const m = new RegExp(`^${stepName}: ([\\d,]+) of ([\\d,]+)`).exec(line);
          if (m === null) return false;
          const [done, total] = [Number(m[1]!.replace(/,/g, '')), Number(m[2]!.replace(/,/g, ''))];
          if (!(done > 0 && done < total)) return false;
          const cancel = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Cancel');
          if (cancel === undefined) return false;
          cancel.focus();
          if (document.activeElement !== cancel) reject(new Error('Cancel cannot take the focus'));
          cancel.click();
          observer.disconnect();
          resolve(line);
          return true;
        };
        const observer = new MutationObserver(() => void look());
        observer.observe(root, { subtree: true, childList: true, characterData: true });
      }),
    { selector: tool, stepName: step },
  );
}

const auditTotal = async (page: Page): Promise<number> =>
  (await pageApi<{ total: number }>(page, 'audit.list', { limit: 1, offset: 0 })).total;

describe('lifecycle progress and cancel on screen', () => {
  it('cancels a backup part-way: nothing written, nothing changed', async () => {
    const { page } = running;
    const filesBefore = readdirSync(dir).sort();
    const auditBefore = await auditTotal(page);
    const backup = join(dir, 'backup.vsow');
    const form = page.getByRole('form', { name: 'Back up' });
    await form.getByLabel('Backup file').fill(backup);
    const seen = cancelPartWay(page, 'form[aria-label="Back up"]', 'Copying the rows');
    await form.getByRole('button', { name: 'Back up' }).click();
    expect(await seen).toMatch(/^Copying the rows: [\d,]+ of [\d,]+/);
    const outcome = page.getByRole('status').filter({ hasText: 'The backup was cancelled; nothing was changed.' });
    await outcome.waitFor({ timeout: 120_000 });
    await running.screenshot('lifecycle-backup-cancelled');
    // The button is back for the next try, and nothing is left of the cancelled copy.
    await form.getByRole('button', { name: 'Back up' }).waitFor();
    expect(existsSync(backup)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
    expect(await auditTotal(page)).toBe(auditBefore);

    // Not cancelled, the same backup is written and reported: the cancel, not the form, stopped it.
    await form.getByRole('button', { name: 'Back up' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Backup written to ${backup}` })
      .waitFor({ timeout: 180_000 });
    expect(existsSync(backup)).toBe(true);
    // The audit count can move: a written backup is one entry more.
    expect(await auditTotal(page)).toBe(auditBefore + 1);
    rmSync(backup);
  });

  it('shows the workspace check step by step and answers its Cancel with what happened', async () => {
    const { page } = running;
    const auditBefore = await auditTotal(page);
    const seen = cancelPartWay(page, '[data-testid="integrity-tool"]', 'Checking each table');
    await page.getByRole('button', { name: 'Check the workspace' }).click();
    expect(await seen).toMatch(/^Checking each table: \d+ of \d+/);
    // The tables' checks after the cancel can be quicker than the cancel's way to main: then the
    // check is answered done. Either way the screen says which, never both.
    const outcome = page
      .getByRole('status')
      .filter({ hasText: /(The workspace check was cancelled; nothing was changed\.)|(All checks passed\.)/ });
    await outcome.waitFor({ timeout: 120_000 });
    // A check that finished before the cancel reached it is reported done, never as cancelled.
    const text = (await outcome.textContent()) ?? '';
    expect(text.includes('cancelled') !== text.includes('All checks passed')).toBe(true);
    expect(await auditTotal(page)).toBe(auditBefore);
  });
});
