// The analyst is told, on screen, when an export could not be protected together with an earlier
// output of its release, in a real Chromium over the loopback bridge: victims (distinct persons)
// by district, sex and offence group exported from the Report screen, then the same cells
// counting records. Records and persons of three fields are not one table with margins, so the
// export form says the persons table was left out and what to do, and the Audit screen's
// register keeps the warning with the output. The file written carries none of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFigure } from '../../src-main/store/figures.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';
import { fillSavePath } from '../helpers/savePath.ts';

let running: RunningApp;
let fixture: FixtureWorkspace;
let out: string;

const query = (measure: 'records' | 'persons') => ({
  cohort: 'victims',
  filters: [],
  rows: ['district', 'sex'],
  cols: ['offence_group'],
  measure,
  percent: 'none' as const,
  stats: false,
  disclosure: { threshold: 5, secondary: true, round: null, suppressZeros: false },
});

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 3000 }, seed: 11 });
  out = mkdtempSync(join(tmpdir(), 'vso-e2e-unlinked-'));
  running = await startApp({ width: 1440, height: 1000 });
}, 120_000);

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
  if (out) rmSync(out, { recursive: true, force: true });
});

/** Exports a saved table from the Report screen and waits for the file; the form stays open. */
async function exportTable(name: string, file: string): Promise<void> {
  const { page } = running;
  await page.getByRole('button', { name: `Export ${name}` }).click();
  await fillSavePath(page.locator('#figure-export-path'), join(out, file));
  await page.getByRole('button', { name: 'Export XLSX' }).click();
  // The written file, or the error the form shows instead, so a failure says why.
  const written = page.getByTestId('export-written');
  const refused = page.getByRole('alert');
  await expect
    .poll(
      async () =>
        (await written.count()) > 0
          ? await written.textContent()
          : (await refused.count()) > 0
            ? `refused: ${await refused.first().textContent()}`
            : 'nothing yet',
      { timeout: 120_000 },
    )
    .toContain(join(out, file));
}

async function workbookText(path: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const texts: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.text)))));
  return texts.join('\n');
}

describe('tables an export could not link', () => {
  it('are shown after the export and in the register, and are not in the file', async () => {
    const { page } = running;
    await page.locator('#open-path').fill(fixture.path);
    await page.locator('#open-pass').fill(fixture.passphrase);
    await page.getByRole('button', { name: 'Open workspace' }).click();
    await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
    // A write of the test's own waits its turn in the app's write queue, as the app's do.
    await running.app.services.session.exclusive(async () => {
      const db = running.app.services.session.current().db;
      for (const measure of ['persons', 'records'] as const) {
        const name = `Victims (${measure})`;
        saveFigure(db, { name, title: name, notes: '', chart: 'table', query: query(measure) }, null, false);
      }
    });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Report' }).click();

    await exportTable('Victims (persons)', 'persons.xlsx');
    // The first output of the release has nothing to be linked with.
    expect(await page.getByTestId('unlinked-notes').count()).toBe(0);
    await page.getByRole('button', { name: 'Close the export form' }).click();

    await exportTable('Victims (records)', 'records.xlsx');
    const warning = page.getByTestId('unlinked-notes');
    await warning.waitFor();
    const text = (await warning.textContent()) ?? '';
    expect(text).toContain('Not protected together with everything this release published');
    expect(text).toMatch(
      /The table of victims by District and Sex and Offence group: Not protected together with ‘Victims \(persons\)’, exported \d{4}-\d{2}-\d{2} \(persons\)/,
    );
    expect(text).toMatch(/publish .* or in a new release\./);
    await running.screenshot('export-unlinked');
    await page.getByRole('button', { name: 'Close the export form' }).click();

    await nav.getByRole('button', { name: 'Audit' }).click();
    const register = page.getByRole('table', { name: 'Publication register' });
    await register.getByRole('cell', { name: 'Victims (records)' }).waitFor();
    const rows = register.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const newest = rows.first().getByRole('list', { name: 'Not protected together' });
    expect(await newest.textContent()).toMatch(
      /Warning: The table of victims .*Not protected together with ‘Victims \(persons\)’/,
    );
    expect(await rows.nth(1).getByRole('list', { name: 'Not protected together' }).count()).toBe(0);
    await running.screenshot('audit-register-unlinked');

    for (const file of ['persons.xlsx', 'records.xlsx']) {
      expect(await workbookText(join(out, file))).not.toContain('Not protected together');
    }
  }, 300_000);
});
