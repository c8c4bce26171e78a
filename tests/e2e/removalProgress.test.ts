// A cancel that lands once an import's rows have committed unpublished is answered at once; the
// removal of those rows follows in the store worker, and later writes, a lock or a close wait
// for it. In a real Chromium the status bar shows it as a labelled progress bar ("Removing the
// cancelled import's rows: N%") while it runs, and nothing once it is over. The import runs in
// the app's own session (real store worker, import workers, SQLCipher file); a step board holds
// the worker once its first chunk is removed, so the bar is seen part-way by the work's own
// order, never by a timer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInStoreWorker } from '../../src-main/app/import/importInStoreWorker.ts';
import { changeData } from '../../src-main/app/workspace/dataChange.ts';
import { fixture, PASSPHRASE, TempDir } from '../unit/import/importTestKit.ts';
import { describeFindings, seriousViolations } from '../helpers/axe.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { cancelAtFinishing } from '../helpers/lateCancel.ts';

const LABEL = 'Removing the cancelled import’s rows';
let running: RunningApp;
let dir: TempDir;

beforeAll(async () => {
  dir = new TempDir();
  running = await startApp();
  const session = running.app.services.session;
  await session.create(dir.file('removal.vsow'), PASSPHRASE);
  const first = await fixture(dir, 'victims', 2_000, { seed: 41, dialect: 'canonical' });
  await changeData(session, () => importInStoreWorker(session, { cohort: 'victims', path: first.path }));
  await running.page.getByTestId('status-workspace').getByText('Open: removal.vsow').waitFor();
}, 240_000);

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  dir?.remove();
});

describe('the removal of a late-cancelled import in the status bar', () => {
  it('shows a labelled progress bar while the rows go, and nothing once they are gone', async () => {
    const { page } = running;
    const session = running.app.services.session;
    const bar = page.getByRole('progressbar', { name: LABEL });
    expect(await bar.count()).toBe(0);

    const file = await fixture(dir, 'victims', 3_000, { seed: 42, dialect: 'canonical' });
    const { code, board } = await cancelAtFinishing(session, file.path, 100);
    expect(code).toBe('CANCELLED');
    // Held once the first chunk is removed, the rest to go.
    board.holdAt('removingRest');
    expect(await board.reached('removingRest', () => false)).toBe(true);

    try {
      // The bar shows from the removal's start (0%); held, it comes to the first chunk's numbers.
      await bar.waitFor();
      await page.waitForFunction(
        () =>
          Number(
            document
              .querySelector('[data-testid="status-removal"] [role="progressbar"]')
              ?.getAttribute('aria-valuenow'),
          ) > 0,
      );
      const percent = Number(await bar.getAttribute('aria-valuenow'));
      expect(percent).toBeLessThan(100);
      expect(await bar.getAttribute('aria-valuemin')).toBe('0');
      expect(await bar.getAttribute('aria-valuemax')).toBe('100');
      // Held: the numbers stand still, and the words say the same as the bar.
      expect(await page.getByTestId('status-removal').textContent()).toBe(`${LABEL}: ${percent}%`);
      await running.screenshot('removal-progress');
      expect(describeFindings('status bar', await seriousViolations(page))).toBe('');
    } finally {
      board.release();
    }
    await session.writesSettled();
    await bar.waitFor({ state: 'detached' });
    expect(await page.getByTestId('status-removal').count()).toBe(0);
  }, 240_000);
});
