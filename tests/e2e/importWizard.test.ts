// The import wizard in a real Chromium on a generated messy extract: preview, automatic
// mapping of real-extract headers, the whole-file check with reasons and unknown values,
// import with progress, the history with rejected rows, and removing the import again. Then
// a real police.uk stop-and-search file: the list of where each value goes, and the wizard
// waiting on values with no sure category until the analyst gives them one. Two halves of
// that file: the profile saved from the first is offered for the second (same columns),
// declined once, then applied in one click; a mapping the check refuses has a way back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateFixture } from '../../src-main/sample/generator/generate.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';

const PASS = 'wizard test passphrase';
let running: RunningApp;
let dir: string;
let extract: string;

const number = (text: string | null): number => Number((text ?? '').replace(/[^0-9]/g, ''));
const STOP_AND_SEARCH = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/real/2019-08-cambridgeshire-stop-and-search.csv',
);
const PROFILE = 'Police stop and search';
/** A loaded machine may answer late: polls wait for the screen, they assert no timing. */
const SETTLED = { timeout: 30_000 };

/** From whichever step the wizard is at, back to the choice of a file by its own buttons. */
async function backToFirstStep(page: Page): Promise<void> {
  for (const name of ['Back to columns', 'Back', 'Import another file']) {
    const button = page.getByRole('button', { name, exact: true });
    if (await button.isVisible()) await button.click();
  }
  await page.getByLabel('Extract file (CSV or Excel)').waitFor();
}

/** Chooses the cohort and file and previews it, from the wizard's first step. */
async function startFile(page: Page, cohort: string, file: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Cohort' }).selectOption(cohort);
  await page.getByLabel('Extract file (CSV or Excel)').fill(file);
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('table', { name: 'Column mapping' }).waitFor();
}

/** Where each column goes, as the mapping table shows it. */
async function mappingOf(page: Page, headers: readonly string[]): Promise<Record<string, string>> {
  const mapping: Record<string, string> = {};
  for (const h of headers)
    mapping[h] = await page.getByRole('combobox', { name: `Map column ${h}`, exact: true }).inputValue();
  return mapping;
}

/**
 * Gives every value still waiting a category (Other, where there is one), and says what was chosen.
 * Age ranges coarser than the bands are not put in one: they become Unknown, kept as recorded.
 */
async function chooseEveryCategory(page: Page): Promise<Record<string, string>> {
  const bands = page.getByTestId('source-bands').getByRole('checkbox');
  if ((await bands.count()) > 0 && !(await bands.isChecked())) await bands.check();
  const chosen: Record<string, string> = {};
  const selects = page.getByRole('combobox', { name: /^Category for / });
  for (let i = 0; i < (await selects.count()); i++) {
    const select = selects.nth(i);
    const label = (await select.getAttribute('aria-label')) ?? '';
    if (label.endsWith(' in Age range')) continue;
    if ((await select.inputValue()) === '') {
      const options = await select
        .locator('option')
        .evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
      await select.selectOption(options.includes('Other') ? 'Other' : (options[0] ?? ''));
    }
    chosen[label] = await select.inputValue();
  }
  return chosen;
}

/** Imports with the choices made, and waits for the result. */
async function importNow(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: /^Import [\d,]+ rows$/ });
  await expect.poll(() => button.isEnabled(), SETTLED).toBe(true);
  await button.click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-e2e-wizard-'));
  extract = join(dir, 'police-victims-extract.csv');
  await generateFixture({ cohort: 'victims', rows: 3000, seed: 3, dialect: 'messy', out: extract });
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

describe('import wizard', () => {
  it('previews the messy extract and maps its headers automatically', async () => {
    const { page } = running;
    await page.getByRole('combobox', { name: 'Cohort' }).selectOption('victims');
    await page.getByLabel('Extract file (CSV or Excel)').fill(extract);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    const expected: Record<string, string> = {
      'Victim Age': 'age',
      Gender: 'sex',
      'Officer Defined Ethnicity': 'ethnicity',
      'Crime Type': 'offence_group',
      'District Name': 'district',
      'Date Committed': 'date',
      'Nominal Ref': 'person_ref',
    };
    for (const [header, target] of Object.entries(expected)) {
      expect(await page.getByRole('combobox', { name: `Map column ${header}` }).inputValue(), header).toBe(target);
    }
    await running.screenshot('import-mapping');
  });

  it('checks the whole file and lists reasons and unknown values', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await page.getByTestId('would-accept').waitFor({ timeout: 60_000 });
    const accept = number(await page.getByTestId('would-accept').textContent());
    const reject = number(await page.getByTestId('would-reject').textContent());
    expect(accept + reject).toBe(3000); // every data row of the file, duplicates included
    expect(reject).toBeGreaterThan(0);
    const reasons = await page.getByRole('table', { name: 'Rejection reasons' }).textContent();
    expect(reasons).toMatch(/impossible age|future date|duplicate|unknown category/);
    await running.screenshot('import-check');
  });

  it('imports with progress and shows the batch and its rejected rows in the history', async () => {
    const { page } = running;
    await page.getByRole('textbox', { name: 'Profile name' }).fill('Police victims extract');
    const expected = number(await page.getByTestId('would-accept').textContent());
    await page.getByRole('button', { name: /^Import [\d,]+ rows$/ }).click();
    const done = page.getByTestId('import-done');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toContain(`${expected.toLocaleString('en-GB')} records accepted`);
    // The tiles refresh from a data summary asked for once the import is done.
    await expect
      .poll(async () => number(await page.getByTestId('tile-records-victims').textContent()), SETTLED)
      .toBe(expected);
    const history = page.getByRole('table', { name: 'Import batches' });
    await history.getByRole('row').nth(1).waitFor();
    await history.getByRole('button', { expanded: false }).first().click();
    const rejected = page.getByRole('table', { name: /Rejected rows of batch/ });
    await rejected.waitFor();
    expect(await rejected.getByRole('row').count()).toBeGreaterThan(1);
    await running.screenshot('import-history');
  });

  it('removes the import after a confirmation that says how many records go', async () => {
    const { page } = running;
    const accepted = number(await page.getByTestId('tile-records-victims').textContent());
    await page.getByRole('button', { name: 'Remove…' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(`${accepted.toLocaleString('en-GB')} records`);
    await confirm.getByRole('button', { name: /^Remove/ }).click();
    await expect
      .poll(async () => number(await page.getByTestId('tile-records-victims').textContent()), SETTLED)
      .toBe(0);
    await running.screenshot('import-removed');
  });

  it('lists where each value of a real file goes and waits on a value with no sure category', async () => {
    const { page } = running;
    const real = join(
      dirname(fileURLToPath(import.meta.url)),
      '../../fixtures/real/2019-08-cambridgeshire-stop-and-search.csv',
    );
    // The second reading: rows of each self-defined ethnicity label, straight from the file.
    const rows = readFileSync(real, 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l !== '');
    const labelled = (label: string): number => rows.filter((l) => l.split(',')[8] === label).length;
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('combobox', { name: 'Cohort' }).selectOption('suspects');
    await page.getByLabel('Extract file (CSV or Excel)').fill(real);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await page.getByTestId('would-accept').waitFor({ timeout: 60_000 });

    // Columns whose values all have a sure category are folded: open this one.
    await page.getByText(/^Self-defined ethnicity → ethnicity: /).click();
    const ethnicity = page.getByRole('table', { name: 'Values of Self-defined ethnicity' });
    const notStated = ethnicity.getByRole('row').filter({ hasText: 'Other ethnic group - Not stated' });
    expect(await notStated.getByRole('cell').allTextContents()).toEqual([
      'Other ethnic group - Not stated',
      String(labelled('Other ethnic group - Not stated')),
      'Not stated',
      'standard classification',
    ]);
    const irish = ethnicity.getByRole('row').filter({ hasText: 'White - Irish' });
    expect(await irish.getByRole('cell').allTextContents()).toEqual([
      'White - Irish',
      String(labelled('White - Irish')),
      'White',
      'standard classification',
    ]);

    // "over 34" is coarser than the bands: it waits, and so does the import.
    await page.getByTestId('unmapped-waiting').waitFor();
    const importButton = page.getByRole('button', { name: /^Import [\d,]+ rows$/ });
    expect(await importButton.isDisabled()).toBe(true);
    await running.screenshot('import-values');
    // "over 34" goes nowhere sure: the analyst keeps the source's ranges in a column of their own.
    await page.getByTestId('source-bands').getByRole('checkbox').check();
    await page.getByRole('combobox', { name: 'Category for Arrest in Outcome' }).selectOption('Other');
    expect(await importButton.isDisabled()).toBe(true);
    await page
      .getByRole('combobox', { name: 'Category for A no further action disposal in Outcome' })
      .selectOption('Other');
    expect(await importButton.isDisabled()).toBe(false);
    await page.getByRole('button', { name: 'Check again' }).click();
    await expect
      .poll(async () => number(await page.getByTestId('would-accept').textContent()), SETTLED)
      .toBe(rows.length);
    await page.getByRole('button', { name: /^Import [\d,]+ rows$/ }).click();
    const done = page.getByTestId('import-done');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toContain(`${rows.length} records accepted, 0 rejected`);
  });

  it('asks about a cohort file whose header line was lost, and imports it by position when told', async () => {
    const { page } = running;
    const headed = join(dir, 'victims-with-header.csv');
    await generateFixture({ cohort: 'victims', rows: 400, seed: 4, dialect: 'canonical', out: headed });
    const [headerLine = '', ...records] = readFileSync(headed, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l !== '');
    const headers = headerLine.split(',');
    const headerless = join(dir, 'victims-headerless.csv');
    writeFileSync(headerless, `${records.join('\n')}\n`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Data' }).click();
    const another = page.getByRole('button', { name: 'Import another file' });
    if (await another.isVisible()) await another.click();
    await page.getByRole('combobox', { name: 'Cohort' }).selectOption('victims');
    await page.getByLabel('Extract file (CSV or Excel)').fill(headerless);
    await page.getByRole('button', { name: 'Preview' }).click();
    const question = page.getByTestId('header-question');
    await question.waitFor();
    expect(await question.textContent()).toMatch(/looks like data, not a header line/);
    // Read as it is, the first record names the columns.
    expect(await page.getByRole('combobox', { name: `Map column ${records[0]?.split(',')[0]}` }).count()).toBe(1);
    await question.getByRole('button', { name: 'No header line: read the first line as data' }).click();
    await page.getByTestId('no-header').waitFor();
    expect(await page.getByTestId('header-question').count()).toBe(0);

    // The analyst says where each column goes, by position (the canonical headers are the targets' names).
    for (const [i, header] of headers.entries()) {
      const select = page.getByRole('combobox', { name: `Map column Column ${i + 1}`, exact: true });
      await select.waitFor();
      const targets = await select
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      if (targets.includes(header)) await select.selectOption(header);
    }
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await page.getByTestId('would-accept').waitFor({ timeout: 60_000 });
    const accept = number(await page.getByTestId('would-accept').textContent());
    const reject = number(await page.getByTestId('would-reject').textContent());
    expect(accept + reject).toBe(records.length); // the first line is a record, not lost as a header
    expect(accept).toBeGreaterThan(0);
    const unmapped = page.getByRole('combobox', { name: 'Values left without a category' });
    if (await unmapped.isVisible()) await unmapped.selectOption('unknown');
    await page.getByRole('button', { name: /^Import [\d,]+ rows$/ }).click();
    const done = page.getByTestId('import-done');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toMatch(new RegExp(`${accept.toLocaleString('en-GB')} records accepted`));
    await running.screenshot('import-headerless');
  });

  it('offers no distinct persons in Explore for searches with no person identifier, and says why', async () => {
    const { page } = running;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Explore' }).click();
    await page.getByRole('radio', { name: 'Suspects' }).click();
    await expect.poll(async () => await page.getByLabel('Measure').isDisabled(), SETTLED).toBe(true);
    expect(await page.getByTestId('measure-why').textContent()).toMatch(/no person identifiers/);
    // The age ranges kept as recorded on import are a dimension of their own.
    const fields = await page
      .getByLabel('Rows field 1', { exact: true })
      .locator('option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(fields).toContain('age_band_as_recorded');
    await page.getByRole('radio', { name: 'Victims' }).click();
    await expect.poll(async () => await page.getByTestId('measure-why').count(), SETTLED).toBe(0);
    await running.screenshot('explore-no-persons');
  });

  it('marks the repeated lines the workspace already holds, for a re-saved copy of the searches', async () => {
    const { page } = running;
    const real = join(
      dirname(fileURLToPath(import.meta.url)),
      '../../fixtures/real/2019-08-cambridgeshire-stop-and-search.csv',
    );
    const lines = readFileSync(real, 'utf8').split(/\r?\n/);
    const searches = lines.slice(1).filter((l) => l !== '').length;
    // Other line endings: not the same file (its hash differs), the same records.
    const copy = join(dir, 'stop-and-search-resaved.csv');
    writeFileSync(copy, lines.join('\r\n'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Data' }).click();
    const another = page.getByRole('button', { name: 'Import another file' });
    if (await another.isVisible()) await another.click();
    await page.getByRole('combobox', { name: 'Cohort' }).selectOption('suspects');
    await page.getByLabel('Extract file (CSV or Excel)').fill(copy);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await page.getByTestId('would-accept').waitFor({ timeout: 60_000 });
    const heading = page.getByRole('heading', { name: /^Lines repeated in every column/ });
    expect(await heading.textContent()).toBe(
      `Lines repeated in every column (${searches}, of which ${searches} already in the workspace)`,
    );
    const table = page.getByRole('table', { name: 'Repeated lines' });
    const marks = await table
      .getByRole('row')
      .locator('td:nth-child(3)')
      .evaluateAll((cells) => cells.map((c) => c.textContent));
    expect(marks).toEqual(new Array(Math.min(20, searches)).fill('yes (an earlier file)'));
    await running.screenshot('import-repeated-in-workspace');
  });

  it('offers the saved profile of the same width for a headerless file, and maps its columns by position', async () => {
    const { page } = running;
    const text = readFileSync(extract, 'utf8');
    const headers = (text.split(/\r?\n/)[0] ?? '').split(',');
    const headerless = join(dir, 'police-victims-extract-headerless.csv');
    writeFileSync(headerless, text.slice(text.indexOf('\n') + 1));
    // Away and back: the wizard starts again at the choice of a file (left mid-way, it asks first).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Explore' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    if (await leave.isVisible()) await leave.getByRole('button', { name: 'Discard and leave' }).click();
    await page.getByRole('heading', { name: 'Explore', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Data' }).click();
    const another = page.getByRole('button', { name: 'Import another file' });
    if (await another.isVisible()) await another.click();
    await page.getByRole('combobox', { name: 'Cohort' }).selectOption('victims');
    await page.getByLabel('Extract file (CSV or Excel)').fill(headerless);
    await page.getByRole('button', { name: 'Preview' }).click();
    const question = page.getByTestId('header-question');
    await question.waitFor();
    // The profile saved from the headed extract above has its width; the suspects' profiles do not.
    const offers = question.getByRole('button', { name: /^No header line: its columns are those of profile/ });
    expect(await offers.allTextContents()).toEqual([
      'No header line: its columns are those of profile “Police victims extract”',
    ]);
    await offers.first().click();
    await page.getByTestId('no-header').waitFor();
    expect(headers).toContain('Victim Age');
    expect(await page.getByRole('combobox', { name: 'Map column Victim Age' }).inputValue()).toBe('age');
    expect(await page.getByRole('combobox', { name: 'Map column Nominal Ref' }).inputValue()).toBe('person_ref');
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await page.getByTestId('would-accept').waitFor({ timeout: 60_000 });
    const accept = number(await page.getByTestId('would-accept').textContent());
    const reject = number(await page.getByTestId('would-reject').textContent());
    expect(accept + reject).toBe(3000); // every record, the first included
    expect(accept).toBeGreaterThan(0);
    await running.screenshot('import-headerless-profile');
  });
  it('offers the profile saved from a file with the same columns, and applies it in one click', async () => {
    const { page } = running;
    const [header = '', ...lines] = readFileSync(STOP_AND_SEARCH, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l !== '');
    const half = Math.floor(lines.length / 2);
    const first = join(dir, 'stop-and-search-first-half.csv');
    const second = join(dir, 'stop-and-search-second-half.csv');
    writeFileSync(first, [header, ...lines.slice(0, half)].join('\n'));
    writeFileSync(second, [header, ...lines.slice(half)].join('\n'));
    const headers = header.split(',');

    // Left at the headerless file's Check step, the wizard goes back step by step to the choice of a file.
    await backToFirstStep(page);

    // The first half: an analyst's own mapping (one column left out) and categories, saved as a profile.
    await startFile(page, 'suspects', first);
    await page.getByRole('combobox', { name: 'Map column Officer-defined ethnicity' }).selectOption('');
    const chosenMapping = await mappingOf(page, headers);
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await page.getByTestId('would-accept').waitFor({ timeout: 60_000 });
    const chosenCategories = await chooseEveryCategory(page);
    expect(Object.keys(chosenCategories).length).toBeGreaterThan(0);
    await page.getByRole('textbox', { name: 'Profile name' }).fill(PROFILE);
    await importNow(page);

    // The second half, the same columns: the profile is offered; declined, the automatic mapping stays.
    await page.getByRole('button', { name: 'Import another file' }).click();
    await startFile(page, 'suspects', second);
    const offer = page.getByTestId('profile-offer');
    await offer.waitFor();
    expect(await offer.textContent()).toContain(`the saved profile “${PROFILE}”`);
    const automatic = await mappingOf(page, headers);
    expect(automatic).not.toEqual(chosenMapping);
    await offer.getByRole('button', { name: 'No thanks: map it afresh' }).click();
    expect(await offer.count()).toBe(0);
    expect(await mappingOf(page, headers)).toEqual(automatic);

    // Back to the file and on again: offered again; one click applies its columns and categories.
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Preview' }).click();
    await offer.getByRole('button', { name: `Use profile “${PROFILE}”` }).click();
    await page.getByTestId('profile-applied').waitFor();
    await expect.poll(() => mappingOf(page, headers), SETTLED).toEqual(chosenMapping);
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await page.getByTestId('would-accept').waitFor({ timeout: 60_000 });
    // Columns whose values all have a category are folded: open them all, as the analyst would to look.
    const folded = page.locator('details:not([open]) > summary', { hasText: ' → ' });
    while ((await folded.count()) > 0) await folded.first().click();
    let carried = 0;
    for (const [label, category] of Object.entries(chosenCategories)) {
      const select = page.getByRole('combobox', { name: label, exact: true });
      if ((await select.count()) === 0) continue; // a value only the first half has
      expect(await select.inputValue(), label).toBe(category);
      carried++;
    }
    expect(carried).toBeGreaterThan(0);
    await running.screenshot('import-profile-applied');
    await chooseEveryCategory(page);
    await importNow(page);
    const history = await pageApi<{ batches: Array<{ fileName: string; profileName: string | null }> }>(
      page,
      'import.history',
      {},
    );
    expect(history.batches.find((b) => b.fileName === 'stop-and-search-second-half.csv')?.profileName).toBe(PROFILE);
  });

  it('goes back from a mapping the check refuses, and carries on once it is fixed', async () => {
    const { page } = running;
    await backToFirstStep(page);
    await startFile(page, 'suspects', STOP_AND_SEARCH);
    const date = page.getByRole('combobox', { name: 'Map column Date' });
    expect(await date.inputValue()).toBe('date');
    await date.selectOption('');
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), SETTLED).toMatch(/no column maps to "date"/);
    await running.screenshot('import-check-refused');
    await page.getByRole('button', { name: 'Back to columns' }).click();
    await date.selectOption('date');
    await page.getByRole('button', { name: 'Check the whole file' }).click();
    await page.getByTestId('would-accept').waitFor({ timeout: 60_000 });
    const accept = number(await page.getByTestId('would-accept').textContent());
    const reject = number(await page.getByTestId('would-reject').textContent());
    expect(accept + reject).toBe(
      readFileSync(STOP_AND_SEARCH, 'utf8')
        .split(/\r?\n/)
        .slice(1)
        .filter((l) => l !== '').length,
    );
    // Leaving mid-way asks first; staying keeps the check as it was.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Explore' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.waitFor();
    expect(await leave.textContent()).toContain('2019-08-cambridgeshire-stop-and-search.csv');
    await leave.getByRole('button', { name: 'Stay' }).click();
    expect(number(await page.getByTestId('would-accept').textContent())).toBe(accept);
    // Back from every later step too: from the check to the columns, from the columns to the file.
    await page.getByRole('button', { name: 'Back to columns' }).click();
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    expect(await page.getByLabel('Extract file (CSV or Excel)').inputValue()).toBe(STOP_AND_SEARCH);
  });
});
