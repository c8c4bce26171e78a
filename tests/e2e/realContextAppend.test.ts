// Two real police.uk street-crime months (fixtures/real, OGL v3) put together on the Data screen
// in a real Chromium: August 2019 (with its header) imported as a context dataset, then January
// 2021, whose header was lost, added to it. The card asks whether the file has a header line,
// the analyst answers no, and the month joins by position as a batch of its own. Totals are
// checked against the raw files' lines and engine.query; both batches are in the history.
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
let january: string;

/** Non-empty lines of a file: its crimes (and header). */
function lines(path: string): number {
  return readFileSync(path, 'utf8')
    .split(/\r\n|\n|\r/)
    .filter((l) => l !== '').length;
}

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: {} });
  august = join(fixture.dir, '2019-08-cambridgeshire-street.csv');
  january = join(fixture.dir, '2021-01-cambridgeshire-street.csv');
  copyFileSync(join(REAL, '2019-08-cambridgeshire-street.csv'), august);
  copyFileSync(join(REAL, '2021-01-cambridgeshire-street.csv'), january);
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

describe('a headerless month added to a context dataset on the Data screen', () => {
  it('imports August 2019 as the dataset "street"', async () => {
    const { page } = running;
    await page.getByRole('textbox', { name: 'Dataset name' }).fill('street');
    await page.getByRole('textbox', { name: 'Dataset label' }).fill('Street crime');
    await page.getByRole('textbox', { name: 'Dataset files (CSV or Excel), one a line' }).fill(august);
    await page.getByRole('button', { name: 'Inspect columns' }).click();
    await page.getByRole('table', { name: 'Context dataset columns' }).waitFor();
    expect(await page.getByRole('group', { name: /first line of this file name its columns/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Import as a context dataset' }).click();
    const crimes = lines(august) - 1;
    await page
      .getByRole('status')
      .filter({ hasText: `Imported ${crimes.toLocaleString('en-GB')} rows` })
      .waitFor();
  });

  it('asks about the header of January 2021, and adds it by position when told there is none', async () => {
    const { page } = running;
    const files = page.getByRole('textbox', { name: 'Dataset files (CSV or Excel), one a line' });
    await files.fill(january);
    await page.getByRole('button', { name: 'Inspect columns' }).click();
    const question = page.getByRole('group', { name: 'Does the first line of this file name its columns?' });
    await question.waitFor();
    await expect(question.textContent()).resolves.toMatch(/looks like data/);
    const add = page.getByRole('button', { name: 'Add the file to “street”' });
    await expect(add.isDisabled()).resolves.toBe(true);
    await question.getByRole('radio', { name: /^No: the file has no header line/ }).check();
    await expect.poll(async () => add.isDisabled()).toBe(false);
    await page.getByRole('note').filter({ hasText: '“street” exists with 7,363 rows' }).waitFor();
    await running.screenshot('context-append-headerless');
    await add.click();
    const total = lines(august) - 1 + lines(january);
    await page
      .getByRole('status')
      .filter({ hasText: `Imported ${lines(january).toLocaleString('en-GB')} rows` })
      .filter({ hasText: `holds ${total.toLocaleString('en-GB')} rows` })
      .waitFor();

    const result = await pageApi<{ cols: { keys: string[][] }; counts: number[][]; total: number }>(
      page,
      'engine.query',
      { cohort: 'context:street', cols: ['month'], disclosure: null },
    );
    expect(result.total).toBe(total);
    expect(result.cols.keys.map((k) => k[0])).toEqual(['2019-08', '2021-01']);
    expect(result.counts[0]).toEqual([lines(august) - 1, lines(january)]);

    const history = await pageApi<{ batches: Array<{ cohort: string; fileName: string; accepted: number }> }>(
      page,
      'import.history',
      {},
    );
    expect(history.batches.filter((b) => b.cohort === 'context:street').map((b) => [b.fileName, b.accepted])).toEqual([
      ['2021-01-cambridgeshire-street.csv', lines(january)],
      ['2019-08-cambridgeshire-street.csv', lines(august) - 1],
    ]);
  });

  it('imports ONS population estimates on the card, and gives crimes per 1,000 by district', async () => {
    const { page } = running;
    const districts: Array<[string, string, number]> = [
      ['E07000008', 'Cambridge', 125_000],
      ['E07000009', 'East Cambridgeshire', 90_000],
      ['E07000010', 'Fenland', 102_000],
      ['E07000011', 'Huntingdonshire', 180_000],
      ['E07000012', 'South Cambridgeshire', 160_000],
      ['E06000031', 'Peterborough', 203_000],
    ];
    const estimates = join(fixture.dir, 'MYE2-persons.csv');
    writeFileSync(
      estimates,
      [
        'Mid-2020 Population Estimates',
        '',
        'Code,Name,Geography,All ages',
        'E92000001,England,Country,56550138',
        ...districts.map(([code, name, n]) => `${code},${name},Non-metropolitan District,${n}`),
      ].join('\r\n'),
    );
    await page.getByRole('textbox', { name: 'Population table name' }).fill('mid-2020');
    await page.getByRole('textbox', { name: 'Population estimates file (CSV or Excel)' }).fill(estimates);
    await page.getByRole('button', { name: 'Import the population table' }).click();
    const total = districts.reduce((sum, [, , n]) => sum + n, 0);
    await page
      .getByRole('status')
      .filter({ hasText: `${total.toLocaleString('en-GB')} people by district` })
      .waitFor();
    await page.getByRole('table', { name: 'Population tables' }).getByRole('rowheader', { name: 'mid-2020' }).waitFor();

    const result = await pageApi<{
      rows: { keys: string[][] };
      counts: number[][];
      rates?: Array<Array<number | null>>;
    }>(page, 'engine.query', {
      cohort: 'context:street',
      rows: ['district'],
      disclosure: null,
      rate: { per: 1000, population: 'mid-2020' },
    });
    const people = new Map(districts.map(([, name, n]) => [name, n]));
    let checked = 0;
    result.rows.keys.forEach(([district], i) => {
      const n = people.get(district as string);
      if (n === undefined) return;
      expect(result.rates?.[i]?.[0]).toBeCloseTo(((result.counts[i]?.[0] ?? 0) / n) * 1000, 9);
      checked++;
    });
    expect(checked).toBe(6);
  });

  it('lists both months in the import history, and removes January from there', async () => {
    const { page } = running;
    const history = page.getByRole('table', { name: 'Import batches' });
    const januaryRow = history.getByRole('row').filter({ hasText: '2021-01-cambridgeshire-street.csv' });
    await januaryRow.waitFor();
    await expect(januaryRow.textContent()).resolves.toContain('street (context)');
    await januaryRow.getByRole('button', { name: 'Remove…' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.textContent()).resolves.toContain(`${lines(january).toLocaleString('en-GB')} records`);
    await dialog.getByRole('button', { name: `Remove ${lines(january).toLocaleString('en-GB')} records` }).click();
    await expect
      .poll(async () => {
        const r = await pageApi<{ total: number }>(page, 'engine.query', {
          cohort: 'context:street',
          rows: ['month'],
          disclosure: null,
        });
        return r.total;
      })
      .toBe(lines(august) - 1);
  });
});
