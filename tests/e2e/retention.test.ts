// Retention on the Start screen: the period chosen, what is due (records per cohort and
// rejected rows), and the purge's report of each kind, on a real workspace opened as a user does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Workspace } from '../../src-main/store/workspace.ts';
import { insertBatch, PASSPHRASE } from '../unit/store/storeTestKit.ts';
import { openWorkspaceFromStart, startApp, type RunningApp } from '../helpers/app.ts';

let running: RunningApp;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-e2e-retention-'));
  file = join(dir, 'retention.vsow');
  const ws = Workspace.create(file, PASSPHRASE);
  const today = new Date().toISOString().slice(0, 10);
  const records = (prefix: string, n: number, date: string) =>
    Array.from({ length: n }, (_, i) => ({ personKey: `${prefix}${i}`, date }));
  insertBatch(ws.db, 'victims', [...records('OLD', 12, '2012-05-01'), ...records('NEW', 8, today)], {
    rejected: [
      { raw: { 'Date Committed': '01/05/2012' }, date: '2012-05-01' },
      { raw: { 'Date Committed': '01/05/2012' }, date: '2012-05-01' },
    ],
  });
  insertBatch(ws.db, 'offenders', records('OFF', 3, '2013-01-01'));
  ws.close();
  running = await startApp();
}, 60_000);

afterAll(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('shows what is past the period and purges it, reporting each kind', async () => {
  const { page } = running;
  await openWorkspaceFromStart(page, file, PASSPHRASE);
  await page.getByLabel('Retention period').selectOption('5');
  const due = page.getByRole('status').filter({ hasText: 'Dated before' });
  await due.waitFor();
  expect(await due.textContent()).toMatch(/12 victim, 0 suspect and 3 offender records; 2 rejected rows\./);
  await running.screenshot('retention-due');
  await page.getByRole('button', { name: 'Purge 17 rows' }).click();
  const report = page.getByRole('status').filter({ hasText: 'Purged everything dated before' });
  await report.waitFor({ timeout: 60_000 });
  const text = (await report.textContent()) ?? '';
  expect(text).toMatch(/records: victims 12, suspects 0, offenders 3/);
  expect(text).toMatch(/rejected rows: 2/);
  expect(text).toMatch(/persons left with no record: 15/);
  await page.getByText('Nothing is past the retention period.').waitFor();
  await expect.poll(() => page.getByTestId('count-victims').textContent()).toBe('8');
});
