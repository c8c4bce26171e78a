// The import wizard when main answers late, as on a loaded machine or a slow laptop: in a real
// Chromium against the real app, the bridge holds the answer to one call until the test lets
// it go. While the file is read again without its header line, nothing on screen may be
// checked (the columns shown are the old reading's, and a Check started then would be undone
// by the reading's answer); while the whole file is checked again, Import waits for the new
// counts. Once the answers come, the wizard carries on to the counts and the import.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../../src-main/sample/generator/generate.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { holdAnswers } from '../helpers/heldAnswers.ts';
import { numberIn } from '../helpers/pageApi.ts';

const PASS = 'late answers passphrase';
let running: RunningApp;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-e2e-late-'));
  running = await startApp();
  const { page } = running;
  await page.getByLabel('File').first().fill(join(dir, 'team.vsow'));
  await page.getByLabel('Passphrase', { exact: true }).first().fill(PASS);
  await page.getByLabel('Repeat passphrase').fill(PASS);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Data' }).click();
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the import wizard with late answers', () => {
  it('offers no Check while a headerless file is read again, then checks every record', async () => {
    const { page } = running;
    const headed = join(dir, 'victims-with-header.csv');
    await generateFixture({ cohort: 'victims', rows: 300, seed: 8, dialect: 'canonical', out: headed });
    const [headerLine = '', ...records] = readFileSync(headed, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l !== '');
    const headers = headerLine.split(',');
    const headerless = join(dir, 'victims-headerless.csv');
    writeFileSync(headerless, `${records.join('\n')}\n`);

    await page.getByRole('combobox', { name: 'Cohort' }).selectOption('victims');
    await page.getByLabel('Extract file (CSV or Excel)').fill(headerless);
    await page.getByRole('button', { name: 'Preview' }).click();
    const question = page.getByTestId('header-question');
    await question.waitFor();

    const preview = await holdAnswers(page, 'import.preview');
    await question.getByRole('button', { name: 'No header line: read the first line as data' }).click();
    await preview.held();
    // The answer is late: the screen still shows the file read with a header line, so it says
    // it is reading and lets nothing be chosen or checked until the new reading is shown.
    const check = page.getByRole('button', { name: 'Check the whole file' });
    expect(await check.isEnabled()).toBe(false);
    expect(await page.getByTestId('no-header').count()).toBe(0);
    const firstRecordAsHeader = page.getByRole('combobox', { name: `Map column ${records[0]?.split(',')[0]}` });
    expect(await firstRecordAsHeader.isEnabled()).toBe(false);
    await page.getByRole('status').filter({ hasText: 'Reading the file again' }).waitFor();
    await preview.stop();

    await page.getByTestId('no-header').waitFor();
    for (const [i, header] of headers.entries()) {
      const select = page.getByRole('combobox', { name: `Map column Column ${i + 1}`, exact: true });
      await select.waitFor();
      const targets = await select
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      if (targets.includes(header)) await select.selectOption(header);
    }
    await check.click();
    const accept = page.getByTestId('would-accept');
    await accept.waitFor({ timeout: 60_000 });
    const accepted = numberIn(await accept.textContent());
    const rejected = numberIn(await page.getByTestId('would-reject').textContent());
    expect(accepted + rejected).toBe(records.length); // the first line is a record, not a header
    expect(accepted).toBeGreaterThan(0);
  });

  it('keeps Import off while the whole file is checked again, then imports the new count', async () => {
    const { page } = running;
    const unmapped = page.getByRole('combobox', { name: 'Values left without a category' });
    if (await unmapped.isVisible()) await unmapped.selectOption('unknown');
    const importButton = page.getByRole('button', { name: /^Import [\d,]+ rows$/ });
    await expect.poll(() => importButton.isEnabled(), { timeout: 30_000 }).toBe(true);

    const analyse = await holdAnswers(page, 'import.analyse');
    await page.getByRole('button', { name: 'Check again' }).click();
    await analyse.held();
    // The counts on screen are the last check's: importing on them now would import unchecked choices.
    expect(await importButton.isEnabled()).toBe(false);
    await analyse.stop();

    const expected = numberIn(await page.getByTestId('would-accept').textContent());
    await importButton.click();
    const done = page.getByTestId('import-done');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toContain(`${expected.toLocaleString('en-GB')} records accepted`);
  });
});
