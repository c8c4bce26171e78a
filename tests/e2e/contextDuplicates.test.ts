// Lines a context dataset already holds, on the Data screen in a real Chromium: the real
// police.uk street file of August 2019 (fixtures/real, OGL v3) imported, then the same lines
// again in re-saved copies (other line endings, so not refused as the same file). The card
// counts the lines already in the workspace and those repeated within the file; keeping adds
// them, dropping adds none. Counts come from a second reading of the raw file's lines.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp, openWorkspaceFromStart } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';

const REAL = resolve(import.meta.dirname, '../../fixtures/real');
let running: RunningApp;
let fixture: FixtureWorkspace;
let august: string;
let crimes: string[];

const n = (value: number): string => value.toLocaleString('en-GB');

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: {} });
  august = join(fixture.dir, '2019-08-cambridgeshire-street.csv');
  copyFileSync(join(REAL, '2019-08-cambridgeshire-street.csv'), august);
  crimes = readFileSync(august, 'utf8')
    .split(/\r\n|\n|\r/)
    .filter((l) => l !== '')
    .slice(1);
  running = await startApp();
  const { page } = running;
  await openWorkspaceFromStart(page, fixture.path, fixture.passphrase);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Data' }).click();
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

/** The same header and lines, saved with other line endings: another file, the same records. */
function resaved(name: string, eol: string): string {
  const path = join(fixture.dir, name);
  writeFileSync(
    path,
    readFileSync(august, 'utf8')
      .split(/\r\n|\n|\r/)
      .join(eol),
  );
  return path;
}

async function importFile(path: string, duplicates: RegExp | null): Promise<string> {
  const { page } = running;
  await page.getByRole('textbox', { name: 'Dataset files (CSV or Excel), one a line' }).fill(path);
  await page.getByRole('button', { name: 'Inspect columns' }).click();
  await page.getByRole('table', { name: 'Context dataset columns' }).waitFor();
  const choice = page.getByRole('group', { name: 'Lines the dataset already holds, in every column' });
  if (duplicates) await choice.getByRole('radio', { name: duplicates }).check();
  await page.getByRole('button', { name: /^(Add the file to “street”|Import as a context dataset)$/ }).click();
  const status = page.getByRole('status').filter({ hasText: 'Imported ' });
  const failed = page.getByRole('alert');
  await status.or(failed).first().waitFor();
  if (await failed.count()) throw new Error(`The import failed: ${await failed.first().textContent()}`);
  const text = (await status.textContent()) ?? '';
  await page.getByRole('button', { name: 'Inspect columns' }).waitFor();
  return text;
}

async function datasetRows(): Promise<number> {
  const result = await pageApi<{ total: number }>(running.page, 'engine.query', {
    cohort: 'context:street',
    cols: ['month'],
    disclosure: null,
  });
  return result.total;
}

describe('a street file whose lines are already in the context dataset', () => {
  it('counts the lines repeated within the file on the first import, none already in the workspace', async () => {
    const { page } = running;
    await page.getByRole('textbox', { name: 'Dataset name' }).fill('street');
    const repeated = crimes.length - new Set(crimes).size;
    const text = await importFile(august, null);
    expect(text).toContain(`Imported ${n(crimes.length)} rows`);
    expect(text).toContain(`0 already in the workspace, ${n(repeated)} repeated within the file`);
    await expect(datasetRows()).resolves.toBe(crimes.length);
  });

  it('keeping (the default) adds them again, and says all are already in the workspace', async () => {
    const text = await importFile(resaved('august-lf.csv', '\n'), null);
    expect(text).toContain(`Imported ${n(crimes.length)} rows`);
    expect(text).toContain(`${n(crimes.length)} already in the workspace,`);
    expect(text).not.toContain('dropped');
    await expect(datasetRows()).resolves.toBe(2 * crimes.length);
  });

  it('dropping imports none of them again', async () => {
    const text = await importFile(resaved('august-cr.csv', '\r'), /^Drop them/);
    expect(text).toContain('Imported 0 rows');
    expect(text).toContain(`${n(crimes.length)} already in the workspace, ${n(crimes.length)} dropped`);
    await running.screenshot('context-duplicates-dropped');
    await expect(datasetRows()).resolves.toBe(2 * crimes.length);
    const history = await pageApi<{ batches: Array<{ cohort: string; accepted: number; rejected: number }> }>(
      running.page,
      'import.history',
      {},
    );
    expect(history.batches.filter((b) => b.cohort === 'context:street').map((b) => [b.accepted, b.rejected])).toEqual([
      [0, crimes.length],
      [crimes.length, 0],
      [crimes.length, 0],
    ]);
  });
});
