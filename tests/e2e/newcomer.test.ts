// A newcomer's first session, from the visible controls only (roles and labels, as a screen
// reader finds them): the guided start, the sample workspace, a filter, a cross-tab with
// statistics, a saved figure and an exported infographic; then the sample's saved rate figure
// on the map and as bars, its export previewed and its table published; then a workspace of
// their own where a real police street-crime file (fixtures/real, OGL v3) is imported beside a
// population table, explored as crimes per 1,000 residents on the map and as bars, saved and
// published. Rates on screen are checked against counts
// over the population table's residents, and the real file's counts against its own lines.
// With VSO_DOCS_SCREENSHOTS=1 (npm run docs:screenshots) its pictures become the user guide's.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererFingerprint, SCREENSHOT_MANIFEST } from '../../scripts/rendererFingerprint.ts';
import { POPULATION_SAMPLE_PATH } from '../../src-main/sample/generator/population.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';
import { fillSavePath } from '../helpers/savePath.ts';

const REAL_STREET = resolve(import.meta.dirname, '../../fixtures/real/2019-08-cambridgeshire-street.csv');
/** The analyst's own workspace for the real file, with the population table their rates are taken over. */
const REAL_PASSPHRASE = 'street crime tables for the needs assessment';
const POPULATION = 'Residents 2021';
const DISTRICTS = [
  'Cambridge',
  'East Cambridgeshire',
  'Fenland',
  'Huntingdonshire',
  'South Cambridgeshire',
  'Peterborough',
];

const FOR_DOCS = process.env.VSO_DOCS_SCREENSHOTS === '1';
const DOCS_DIR = 'docs/images';
let running: RunningApp;
let dir: string;
const taken: string[] = [];

/** Residents of each district in the population table (the sample's), summed here from its CSV. */
function residents(): Map<string, number> {
  const rows = parse(readFileSync(POPULATION_SAMPLE_PATH, 'utf8'), { columns: true }) as Array<Record<string, string>>;
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(row.district ?? '', (sums.get(row.district ?? '') ?? 0) + Number(row.population));
  return sums;
}

/** Crimes of the real street file per district, counted here from its "LSOA name" column ("Fenland 012A"). */
function streetCrimesByDistrict(): Map<string, number> {
  const rows = parse(readFileSync(REAL_STREET, 'utf8'), { columns: true }) as Array<Record<string, string>>;
  const counts = new Map<string, number>();
  for (const row of rows) {
    const district = (row['LSOA name'] ?? '').replace(/ \d{3}[A-Z]$/, '');
    if (DISTRICTS.includes(district)) counts.set(district, (counts.get(district) ?? 0) + 1);
  }
  return counts;
}

interface DrawnBars {
  type: string;
  x: string[];
  y: Array<number | null>;
  yTitle: string;
}

/** What Plotly draws in Explore's chart now: its first trace's categories and values, and the value axis title. */
async function drawnBars(page: Page): Promise<DrawnBars> {
  return page.getByTestId('chart').evaluate((element) => {
    const plot = element as HTMLElement & {
      data?: Array<{ type?: string; x?: string[]; y?: Array<number | null> }>;
      layout?: { yaxis?: { title?: { text?: string } } };
    };
    const trace = plot.data?.[0] ?? {};
    return {
      type: trace.type ?? '',
      x: (trace.x ?? []).map((label) => String(label).replace(/<br>/g, ' ')),
      y: trace.y ?? [],
      yTitle: plot.layout?.yaxis?.title?.text ?? '',
    };
  });
}

/** Waits until Explore's chart is a bar chart of one value per district, and returns it by district. */
async function barsByDistrict(page: Page): Promise<{ bars: Map<string, number | null>; yTitle: string }> {
  await expect
    .poll(async () => {
      const drawn = await drawnBars(page);
      return drawn.type === 'bar' && drawn.x.some((label) => DISTRICTS.includes(label));
    })
    .toBe(true);
  const drawn = await drawnBars(page);
  return { bars: new Map(drawn.x.map((label, i) => [label, drawn.y[i] ?? null])), yTitle: drawn.yTitle };
}

/** Scrolls the main area so the chart card is at the top: the guide's pictures show the chart. */
async function showChart(page: Page): Promise<void> {
  await page.getByTestId('chart').evaluate((chart) => chart.closest('.card')?.scrollIntoView({ block: 'start' }));
}

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen }).click();
}

/** Exports a saved figure's table from Report as XLSX: a published table, recorded in the register. */
async function publishTable(page: Page, figure: string, path: string): Promise<void> {
  await go(page, 'Report');
  await page.getByRole('tab', { name: 'Figures' }).click();
  await page.getByRole('button', { name: `Export ${figure}` }).click();
  await page.getByRole('radio', { name: 'Excel table' }).click();
  await fillSavePath(page.locator('#figure-export-path'), path);
  await page.getByRole('button', { name: 'Export XLSX' }).click();
  await expect.poll(() => page.getByTestId('export-written').textContent(), { timeout: 120_000 }).toContain(path);
  expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
  await page.getByRole('button', { name: 'Close the export form' }).click();
}

/** A picture for the guide (when regenerating it) and always one in test-results/. */
async function picture(name: string): Promise<void> {
  const { page } = running;
  await page.addStyleTag({ content: '.tour { visibility: hidden !important; }' }).then(async (style) => {
    await running.screenshot(`newcomer-${name}`);
    if (FOR_DOCS) {
      mkdirSync(DOCS_DIR, { recursive: true });
      await page.screenshot({ path: join(DOCS_DIR, `${name}.png`) });
      taken.push(`${name}.png`);
    }
    await style.evaluate((element) => (element as HTMLElement).remove());
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-newcomer-'));
  process.env.VSO_CONFIG_DIR = join(dir, 'config');
  running = await startApp({ guidedStart: true, width: 1440, height: 900 });
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a newcomer', () => {
  it('is welcomed by the guided start and creates the sample workspace', async () => {
    const { page } = running;
    const tour = page.getByRole('dialog', { name: 'Open the sample' });
    await tour.waitFor();
    await page.getByRole('button', { name: 'Try it with sample data' }).click();
    const passphrase = page.getByTestId('sample-passphrase');
    await passphrase.waitFor({ timeout: 120_000 });
    expect((await passphrase.textContent())?.length).toBeGreaterThan(12);
    expect(await page.getByTestId('status-workspace').textContent()).toContain('Synthetic data');
    expect(await page.title()).toContain('SYNTHETIC SAMPLE DATA');
    await picture('01-start');
    await page.getByRole('button', { name: 'I have noted it' }).click();
  });

  it('filters and builds a cross-tab with statistics, as the tour says', async () => {
    const { page } = running;
    // The tour follows what was done: the sample is open, so it is at its next step already.
    await page.getByRole('dialog', { name: 'Filter' }).waitFor();
    await page.getByRole('button', { name: 'Take me there' }).click();
    await page.getByRole('heading', { name: 'Explore', level: 1 }).waitFor();
    await page.getByTestId('chart').waitFor();
    await page.getByRole('button', { name: /^Peterborough/ }).click();
    await page
      .getByRole('list', { name: 'Active filters' })
      .getByRole('listitem')
      .filter({ hasText: 'Peterborough' })
      .waitFor();

    await page.getByRole('dialog', { name: 'Build a cross-tab' }).waitFor();
    await page.getByRole('checkbox', { name: 'Statistics' }).check();
    await page.getByTestId('stat-chi2').waitFor();
    await page.getByRole('textbox', { name: 'Chart title' }).fill('Victims in Peterborough by offence group and sex');
    await page.locator('#main').evaluate((main) => main.scrollTo(0, 0));
    await picture('02-explore');
  });

  it('saves a figure', async () => {
    const { page } = running;
    await page.getByRole('dialog', { name: 'Save a figure' }).waitFor();
    await page.getByRole('textbox', { name: 'Figure name' }).fill('Peterborough victims by offence and sex');
    await page.getByRole('button', { name: 'Save as figure' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page
      .getByRole('list', { name: 'Saved figures' })
      .getByRole('button', { name: 'Peterborough victims by offence and sex', exact: true })
      .waitFor();
  });

  it('exports an infographic from the victims template', async () => {
    const { page } = running;
    await page.getByRole('dialog', { name: 'Export an infographic' }).waitFor();
    await page.getByRole('button', { name: 'Take me there' }).click();
    await page.getByRole('tab', { name: 'Infographic' }).click();
    await page.getByRole('button', { name: 'Use the victims template' }).click();
    await expect
      .poll(() => page.getByTestId('infographic-svg').locator('text').count(), { timeout: 60_000 })
      .toBeGreaterThan(5);
    const out = FOR_DOCS ? join(process.cwd(), DOCS_DIR, '03-infographic.png') : join(dir, 'victims.png');
    // The export asks before replacing a file; the guide's picture is retaken, so the old one goes first.
    if (FOR_DOCS) rmSync(out, { force: true });
    await page.getByRole('radiogroup', { name: 'Export format' }).getByRole('radio', { name: 'PNG' }).click();
    await page.getByLabel(/Print quality, 300 dpi/).setChecked(false);
    await page.getByLabel('Save as').fill(out);
    await page.getByRole('button', { name: 'Export PNG' }).click();
    await expect.poll(() => page.getByTestId('export-written').textContent(), { timeout: 60_000 }).toContain(out);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).subarray(1, 4).toString('latin1')).toBe('PNG');
    if (FOR_DOCS) taken.push('03-infographic.png');
    await running.screenshot('newcomer-infographic');
    await page.getByRole('button', { name: 'Finish' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('vso.guidedStartDone'))).toBe('1');
  });

  it('reopens the sample’s rate figure on the map, and plots its rates as bars', async () => {
    const { page } = running;
    await go(page, 'Explore');
    await page
      .getByRole('list', { name: 'Saved figures' })
      .getByRole('button', { name: 'Victim rate by district', exact: true })
      .click();
    await expect.poll(() => page.getByLabel('Measure').inputValue()).toBe('rate');
    await expect.poll(() => page.getByLabel('Chart type').inputValue()).toBe('map');
    await page.getByTestId('rate-unit').waitFor();
    await expect.poll(() => page.getByTestId('chart').locator('.scatterlayer .trace').count()).toBeGreaterThan(5);
    await showChart(page);
    await picture('04-rate-map');

    await page.getByLabel('Chart type').selectOption('bar');
    const { bars, yTitle } = await barsByDistrict(page);
    expect(yTitle).toBe('Victims per 1,000 residents');
    const { figure } = await pageApi<{ figure: { query: Record<string, unknown> } }>(page, 'figures.get', {
      name: 'Victim rate by district',
    });
    const counts = await pageApi<{ rows: { keys: string[][] }; counts: Array<Array<number | null>> }>(
      page,
      'engine.query',
      { ...figure.query, rate: undefined },
    );
    const people = residents();
    let compared = 0;
    counts.rows.keys.forEach(([district], r) => {
      const count = counts.counts[r]?.[0] ?? null;
      const population = people.get(district ?? '');
      if (count === null || population === undefined) return;
      expect(bars.get(district ?? '')).toBeCloseTo((count / population) * 1000, 9);
      compared += 1;
    });
    expect(compared).toBe(DISTRICTS.length);
    await page.getByRole('textbox', { name: 'Figure name' }).fill('Victim rate by district, bars');
    await page.getByRole('button', { name: 'Save as figure' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await showChart(page);
    await picture('05-rate-bars');
  });

  it('previews the rate figure’s export and publishes its table', async () => {
    const { page } = running;
    await go(page, 'Report');
    await page.getByRole('tab', { name: 'Figures' }).click();
    await page.getByRole('button', { name: 'Export Victim rate by district, bars' }).click();
    await page.getByRole('radio', { name: 'SVG (vector)' }).click();
    await page.getByTestId('figure-preview').waitFor({ timeout: 60_000 });
    const src = (await page.getByTestId('figure-preview').getAttribute('src')) ?? '';
    expect(decodeURIComponent(src)).toContain('Victims per 1,000 residents');
    await picture('06-figure-preview');
    await page.getByRole('button', { name: 'Close the export form' }).click();
    await publishTable(page, 'Victim rate by district, bars', join(dir, 'victim-rate.xlsx'));
    await go(page, 'Audit');
    const register = page.getByRole('table', { name: 'Publication register' });
    await register.getByRole('cell', { name: 'Victim rate by district, bars' }).waitFor();
  });

  it('starts a workspace of their own, with a population table, for real data', async () => {
    const { page } = running;
    await go(page, 'Start');
    await page.getByRole('button', { name: 'Close workspace' }).click();
    await page.locator('#create-path').fill(join(dir, 'street.vsow'));
    await page.locator('#create-pass').fill(REAL_PASSPHRASE);
    await page.locator('#create-confirm').fill(REAL_PASSPHRASE);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
    expect(await page.getByTestId('status-workspace').textContent()).not.toContain('Synthetic');

    const population = join(dir, 'population.csv');
    copyFileSync(POPULATION_SAMPLE_PATH, population);
    await go(page, 'Data');
    await page.getByRole('textbox', { name: 'Population table name' }).fill(POPULATION);
    await page.getByRole('textbox', { name: 'Population estimates file (CSV or Excel)' }).fill(population);
    await page.getByRole('button', { name: 'Import the population table' }).click();
    await page.getByRole('table', { name: 'Population tables' }).getByRole('rowheader', { name: POPULATION }).waitFor();
  });

  it('imports a real police street-crime file as a dataset', async () => {
    const { page } = running;
    const file = join(dir, '2019-08-cambridgeshire-street.csv');
    copyFileSync(REAL_STREET, file);
    await page.getByRole('textbox', { name: 'Dataset name' }).fill('street');
    await page.getByRole('textbox', { name: 'Dataset label' }).fill('Street crime');
    await page.getByRole('textbox', { name: 'Dataset files (CSV or Excel), one a line' }).fill(file);
    await page.getByRole('button', { name: 'Inspect columns' }).click();
    await page.getByRole('table', { name: 'Context dataset columns' }).waitFor();
    await page.getByRole('button', { name: 'Import as a context dataset' }).click();
    const crimes = (parse(readFileSync(REAL_STREET, 'utf8'), { columns: true }) as unknown[]).length;
    const imported = page.getByRole('status').filter({ hasText: `Imported ${crimes.toLocaleString('en-GB')} rows` });
    await imported.waitFor({ timeout: 120_000 });
    await imported.evaluate((status) => status.closest('.card')?.scrollIntoView({ block: 'start' }));
    await picture('07-real-import');
  });

  it('maps the real file’s crimes per 1,000 residents, plots them as bars, saves and publishes them', async () => {
    const { page } = running;
    await go(page, 'Explore');
    await page.getByRole('radio', { name: 'Street crime' }).click();
    await page.getByTestId('facet-total').waitFor();
    // A context dataset's default rows arrive once its columns are read: wait for them, or a
    // field added meanwhile would sit beside them.
    const rows = page.getByLabel('Rows field 1', { exact: true });
    await rows.waitFor();
    await rows.selectOption('district');
    for (const extra of [page.getByLabel('Remove rows field 2'), page.getByLabel('Remove columns field 1')])
      while ((await extra.count()) > 0) await extra.click();
    await expect.poll(() => page.getByLabel(/^Rows field \d+$/).count()).toBe(1);
    await page.getByLabel('Measure').selectOption('rate');
    await expect.poll(() => page.getByLabel('Population table').inputValue()).toBe(POPULATION);
    await page.getByLabel('Chart type').selectOption('map');
    await page.getByLabel('Chart title').fill('Street crime per 1,000 residents by district, August 2019');
    await expect.poll(() => page.getByTestId('chart').locator('.scatterlayer .trace').count()).toBeGreaterThan(5);
    await page.locator('#main').evaluate((main) => main.scrollTo(0, 0));
    await picture('08-real-explore');
    await showChart(page);
    await picture('09-real-map');

    await page.getByLabel('Chart type').selectOption('bar');
    const { bars, yTitle } = await barsByDistrict(page);
    expect(yTitle).toBe('Records per 1,000 residents');
    const crimes = streetCrimesByDistrict();
    const people = residents();
    for (const district of DISTRICTS)
      expect(bars.get(district)).toBeCloseTo(((crimes.get(district) ?? 0) / (people.get(district) ?? NaN)) * 1000, 9);
    await page.getByRole('textbox', { name: 'Figure name' }).fill('Street crime rate by district');
    await page.getByRole('button', { name: 'Save as figure' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await showChart(page);
    await picture('10-real-bars');

    await publishTable(page, 'Street crime rate by district', join(dir, 'street-rate.xlsx'));
    await go(page, 'Audit');
    const register = page.getByRole('table', { name: 'Publication register' });
    await register.getByRole('cell', { name: 'Street crime rate by district' }).waitFor();
    await register.evaluate((table) => table.closest('.card')?.scrollIntoView({ block: 'start' }));
    await picture('11-register');
  });

  it('writes the guide’s picture list when retaking them', () => {
    expect(taken.length === 0 || FOR_DOCS).toBe(true);
    if (FOR_DOCS) {
      writeFileSync(
        SCREENSHOT_MANIFEST,
        `${JSON.stringify({ rendererFingerprint: rendererFingerprint(), images: taken.sort(), generatedAt: new Date().toISOString() }, null, 2)}\n`,
      );
    }
  });
});
