// The Report screen in a real Chromium over the loopback bridge: export a saved figure, build
// an infographic from the victims template, export it as PNG, SVG and PDF through the path
// field (browser mode has no native dialogs), compare the PNG with a stored reference, edit
// and arrange blocks, save it, and build a report pack. Screenshots go to test-results/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../../src-main/sample/generator/generate.ts';
import { rasterise } from '../../src-main/export/rasterise.ts';
import { runImport } from '../../src-main/import/runImport.ts';
import { listInfographics } from '../../src-main/store/documents.ts';
import { deleteFigure, saveFigure } from '../../src-main/store/figures.ts';
import { Workspace } from '../../src-main/store/workspace.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';
import { fillSavePath } from '../helpers/savePath.ts';

const PASS = 'a long enough passphrase';
const REFERENCE = resolve('tests/e2e/reference/victims-infographic.png');
/** 2025-11-27T00:00:00Z: the "produced" date on every export of this test. */
const GENERATED_AT = '1764201600';

let running: RunningApp;
let dir: string;
let workspacePath: string;

beforeAll(async () => {
  process.env.SOURCE_DATE_EPOCH = GENERATED_AT;
  dir = mkdtempSync(join(tmpdir(), 'vso-e2e-report-'));
  workspacePath = join(dir, 'team.vsow');
  // Exports go into folders that exist: the app makes none but a report pack's own.
  for (const folder of ['figures', 'out']) mkdirSync(join(dir, folder));
  const extract = join(dir, 'victims.csv');
  await generateFixture({ cohort: 'victims', rows: 4000, seed: 2024, dialect: 'canonical', out: extract });
  const ws = Workspace.create(workspacePath, PASS);
  await runImport(ws, { cohort: 'victims', path: extract });
  ws.db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('synthetic', '1')`).run();
  ws.close();
  running = await startApp({ width: 1440, height: 1000 });
});

afterAll(async () => {
  await running?.app.services.shutdown?.();
  await running?.close();
  delete process.env.SOURCE_DATE_EPOCH;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** RGBA pixels of a PNG drawn into a box of the given size (resvg scales it smoothly). */
function pixelsAt(png: Buffer, width: number, height: number): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" preserveAspectRatio="none" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return Buffer.from(new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels);
}

function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** RGB means of k x k blocks: small enough to ignore anti-aliasing, large enough to see a moved block or a colour. */
function blockMeans(pixels: Buffer, width: number, height: number, k: number): Float64Array {
  const w = Math.floor(width / k);
  const h = Math.floor(height / k);
  const out = new Float64Array(w * h * 3);
  for (let y = 0; y < h * k; y += 1)
    for (let x = 0; x < w * k; x += 1)
      for (let c = 0; c < 3; c += 1) {
        const at = (Math.floor(y / k) * w + Math.floor(x / k)) * 3 + c;
        out[at] = (out[at] ?? 0) + (pixels[(y * width + x) * 4 + c] ?? 0) / (k * k);
      }
  return out;
}

/** Mean absolute difference per channel (0-255) and the share of blocks that differ a lot. */
function compare(a: Float64Array, b: Float64Array): { mean: number; farShare: number } {
  let sum = 0;
  let far = 0;
  for (let i = 0; i < a.length; i += 3) {
    let worst = 0;
    for (let c = 0; c < 3; c += 1) {
      const d = Math.abs((a[i + c] ?? 0) - (b[i + c] ?? 0));
      sum += d;
      worst = Math.max(worst, d);
    }
    if (worst > 48) far += 1;
  }
  return { mean: sum / a.length, farShare: far / (a.length / 3) };
}

async function exportInfographic(format: 'PNG' | 'SVG' | 'PDF', path: string, print = true): Promise<void> {
  const { page } = running;
  await page.getByRole('radiogroup', { name: 'Export format' }).getByRole('radio', { name: format }).click();
  if (format === 'PNG') await page.getByLabel(/Print quality, 300 dpi/).setChecked(print);
  await fillSavePath(page.locator('#infographic-export-path'), path);
  await page.getByRole('button', { name: `Export ${format}` }).click();
  await expect.poll(() => page.getByTestId('export-written').textContent(), { timeout: 60_000 }).toContain(path);
}

describe('Report screen', () => {
  it('points to the Start screen without a workspace, then opens one', async () => {
    const { page } = running;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Report' }).click();
    await page.getByRole('heading', { name: 'No workspace open' }).waitFor();
    await running.screenshot('report-no-workspace');
    await page.getByRole('button', { name: 'Go to Start' }).click();
    await page.locator('#open-path').fill(workspacePath);
    await page.locator('#open-pass').fill(PASS);
    await page.getByRole('button', { name: 'Open workspace' }).click();
    await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
  });

  it('shows the empty figures list, then exports a saved figure through the path field', async () => {
    const { page } = running;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Report' }).click();
    await page.getByRole('heading', { name: 'No saved figures yet' }).waitFor();
    await running.screenshot('report-figures-empty');
    await page.getByRole('tab', { name: 'Report pack' }).click();
    await page.getByRole('heading', { name: 'Nothing to put in a report yet' }).waitFor();
    await running.screenshot('report-pack-empty');
    // A write of the test's own waits its turn in the app's write queue, as the app's do.
    await running.app.services.session.exclusive(async () => {
      const db = running.app.services.session.current().db;
      const query = {
        cohort: 'victims',
        filters: [],
        rows: ['district'],
        cols: ['sex'],
        measure: 'records' as const,
        percent: 'none' as const,
        stats: false,
        disclosure: { threshold: 5, secondary: true, round: null, suppressZeros: false },
      };
      saveFigure(
        db,
        { name: 'Victims by district', title: 'Victims by district and sex', notes: '', chart: 'bar', query },
        null,
        false,
      );
      saveFigure(
        db,
        {
          name: 'Raw counts',
          title: 'Raw counts by district',
          notes: '',
          chart: 'table',
          query: { ...query, disclosure: null },
        },
        null,
        false,
      );
    });
    await page.getByRole('tab', { name: 'Infographic' }).click();
    await page.getByRole('tab', { name: 'Figures' }).click();
    await page.getByRole('button', { name: 'Export Victims by district' }).click();
    await page.getByRole('radio', { name: 'SVG (vector)' }).click();
    const path = join(dir, 'figures', 'districts.svg');
    await fillSavePath(page.locator('#figure-export-path'), path);
    await page.getByRole('button', { name: 'Export SVG' }).click();
    await expect.poll(() => page.getByTestId('export-written').textContent(), { timeout: 30_000 }).toContain(path);
    expect(readFileSync(path, 'utf8')).toContain('Victims by district and sex');
    await running.screenshot('report-figure-export');

    // The same file again: asked first, kept on "Keep it", replaced on "Replace the file".
    writeFileSync(path, 'the analyst’s edited copy');
    await page.getByRole('button', { name: 'Export SVG' }).click();
    const ask = page.getByRole('alertdialog').filter({ hasText: `${path} already exists` });
    await ask.waitFor();
    await running.screenshot('report-figure-replace');
    await ask.getByRole('button', { name: 'Keep it' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(readFileSync(path, 'utf8')).toBe('the analyst’s edited copy');
    await page.getByRole('button', { name: 'Export SVG' }).click();
    await ask.getByRole('button', { name: 'Replace the file' }).click();
    await expect.poll(() => page.getByTestId('export-written').textContent(), { timeout: 30_000 }).toContain(path);
    expect(readFileSync(path, 'utf8')).toContain('Victims by district and sex');

    await page.getByRole('button', { name: 'Export Raw counts' }).click();
    await fillSavePath(page.locator('#figure-export-path'), join(dir, 'figures', 'raw.xlsx'));
    await page.getByRole('button', { name: 'Export XLSX' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('disclosure control turned off');
    expect(existsSync(join(dir, 'figures', 'raw.xlsx'))).toBe(false);
    await running.screenshot('report-figure-refused');
    await page.getByRole('button', { name: 'Close the export form' }).click();
  });

  it('builds an infographic from the victims template and exports PNG, SVG and PDF that match the reference', async () => {
    const { page } = running;
    await page.getByRole('tab', { name: 'Infographic' }).click();
    await page.getByRole('heading', { name: 'Start an infographic' }).waitFor();
    await running.screenshot('report-infographic-start');
    await page.getByRole('button', { name: 'Use the victims template' }).click();
    const svgHost = page.getByTestId('infographic-svg');
    await expect.poll(() => svgHost.locator('text').first().count(), { timeout: 30_000 }).toBe(1);
    expect(await svgHost.textContent()).toContain('Victims: 2022/23 at a glance');
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await running.screenshot('report-infographic-editor');

    const png = join(dir, 'out', 'victims.png');
    const screenPng = join(dir, 'out', 'victims-screen.png');
    const svg = join(dir, 'out', 'victims.svg');
    const pdf = join(dir, 'out', 'victims.pdf');
    await exportInfographic('PNG', png);
    await exportInfographic('PNG', screenPng, false);
    await exportInfographic('SVG', svg);
    await exportInfographic('PDF', pdf);
    await running.screenshot('report-infographic-exported');

    const pngBytes = readFileSync(png);
    expect(pngBytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(pngSize(pngBytes)).toEqual({ width: 2480, height: 3508 });
    const svgText = readFileSync(svg, 'utf8');
    expect(svgText).toContain('Victims: 2022/23 at a glance');
    expect(svgText).toContain('Produced 27 November 2025');
    const pdfBytes = readFileSync(pdf);
    expect(pdfBytes.subarray(0, 5).toString('ascii')).toBe('%PDF-');
    expect(pdfBytes.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1);

    // The reference is the exported SVG drawn at half scale; made once, then committed.
    if (!existsSync(REFERENCE) && process.env.UPDATE_REFERENCE === '1')
      writeFileSync(REFERENCE, rasterise(svgText, { scale: 0.5 }).png);
    const reference = readFileSync(REFERENCE);
    const size = pngSize(reference);
    expect(size).toEqual({ width: 397, height: 561 });
    // The screen-size export (794 x 1123) against the half-scale reference, in 4 x 4 blocks: the
    // same picture differs by about 0.6 per channel and in no block by more than 48; a block
    // moved one row, a new accent colour or a retitled band makes 0.1% to 0.4% of blocks differ.
    const screenBytes = readFileSync(screenPng);
    expect(pngSize(screenBytes)).toEqual({ width: 794, height: 1123 });
    const means = (bytes: Buffer): Float64Array =>
      blockMeans(pixelsAt(bytes, size.width, size.height), size.width, size.height, 4);
    const difference = compare(means(screenBytes), means(reference));
    expect(difference.mean).toBeLessThan(1.2);
    expect(difference.farShare).toBeLessThan(0.001);
    // The print PNG is the same picture at 300 dpi.
    expect(compare(means(pngBytes), means(reference)).farShare).toBeLessThan(0.002);
  });

  it('edits a title, moves a block by keyboard and by dragging, and saves the infographic by name', async () => {
    const { page } = running;
    await page.getByRole('list', { name: 'Blocks' }).getByRole('button').first().click();
    await page
      .getByLabel('Selected block')
      .getByRole('textbox', { name: 'Title', exact: true })
      .fill('Victims of crime in 2022/23');
    await expect
      .poll(() => page.getByTestId('infographic-svg').textContent(), { timeout: 30_000 })
      .toContain('Victims of crime in 2022/23');

    const text = page.getByTestId('block-outline-8');
    await text.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => text.getAttribute('aria-label')).toContain('column 8, row 12, 4 by 4 cells');

    const icons = page.getByTestId('block-outline-7');
    const box = await icons.boundingBox();
    const canvas = await page.locator('.canvas').boundingBox();
    if (!box || !canvas) throw new Error('the preview has no layout');
    const cell = canvas.width / 12.5;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + cell * 0.4, box.y + box.height / 2 + 4, { steps: 4 });
    await page.mouse.move(box.x + box.width / 2 + cell * 0.2, box.y + box.height / 2 - cell * 0.9, { steps: 4 });
    await running.screenshot('report-infographic-dragging');
    await page.mouse.up();
    await expect.poll(() => icons.getAttribute('aria-label')).toContain('column 8, row 9');

    await page.getByLabel('Infographic name').fill('Victims summary');
    await page.getByRole('button', { name: 'Save as new' }).click();
    await page.getByText('Saved “Victims summary”.').waitFor();
    await running.screenshot('report-infographic-saved');
    const stored = listInfographics(running.app.services.session.current().db);
    expect(stored.map((s) => s.name)).toEqual(['Victims summary']);
    const doc = stored[0]?.doc;
    expect(doc?.blocks[0]).toMatchObject({ kind: 'title', title: 'Victims of crime in 2022/23' });
    expect(doc?.blocks[8]?.at).toEqual({ col: 7, row: 11, colSpan: 4, rowSpan: 4 });
  });

  it('builds a report pack of the figure and the infographic, listing the files', async () => {
    const { page } = running;
    await page.getByRole('tab', { name: 'Report pack' }).click();
    await page.getByLabel('Report name').fill('Needs assessment');
    await page.getByLabel('Item to add').selectOption('figure:Victims by district');
    await page.getByRole('button', { name: 'Add to report' }).click();
    await page.getByLabel('Item to add').selectOption('infographic:Victims summary');
    await page.getByRole('button', { name: 'Add to report' }).click();
    await page.getByRole('button', { name: 'Move Victims summary up' }).click();
    expect(await page.getByRole('list', { name: 'Report items' }).locator('.item-name').allTextContents()).toEqual([
      'Victims summary',
      'Victims by district',
    ]);
    await page.getByRole('button', { name: 'Save report' }).click();
    const out = join(dir, 'pack');
    await page.locator('#report-out-dir').fill(out);
    await page.getByRole('button', { name: 'Build report pack' }).click();
    await page.getByTestId('build-outcome').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('build-outcome').textContent()).toContain('Every item was drawn');
    for (const name of [
      '01-victims-summary.png',
      '01-victims-summary.pdf',
      '02-victims-by-district.svg',
      'tables.xlsx',
      'index.html',
    ])
      expect(existsSync(join(out, name))).toBe(true);
    await running.screenshot('report-pack-built');

    // A figure deleted since: the rebuild says which item and why, and draws the rest.
    await running.app.services.session.exclusive(async () =>
      deleteFigure(running.app.services.session.current().db, 'Victims by district'),
    );
    await page.getByRole('tab', { name: 'Figures' }).click();
    await page.getByRole('tab', { name: 'Report pack' }).click();
    await page.getByRole('button', { name: 'Build report pack' }).click();
    await expect
      .poll(() => page.getByTestId('build-outcome').textContent(), { timeout: 90_000 })
      .toContain('1 item was not drawn');
    expect(await page.getByTestId('build-outcome').textContent()).toContain(
      'Figure "Victims by district": no saved figure has this name any more.',
    );
    await running.screenshot('report-pack-problem');
  });

  it('moves the infographic to a 16:9 slide with the council’s colours and another font', async () => {
    const { page } = running;
    await page.getByRole('tab', { name: 'Infographic' }).click();
    await page.getByRole('radiogroup', { name: 'Page' }).getByRole('radio', { name: '16:9 slide' }).click();
    await page.getByLabel('Accent colour').fill('#009e73');
    await page.getByLabel('Font').selectOption('Merriweather');
    await expect
      .poll(() => page.getByTestId('infographic-svg').locator('svg').getAttribute('viewBox'), { timeout: 30_000 })
      .toBe('0 0 1280 720');
    await expect
      .poll(() => page.getByTestId('infographic-svg').innerHTML(), { timeout: 30_000 })
      .toContain('Merriweather');
    expect(await page.getByTestId('infographic-svg').innerHTML()).toContain('#009e73');
    await page.getByRole('list', { name: 'Blocks' }).getByRole('button').nth(6).click();
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await running.screenshot('report-infographic-landscape');
  });

  it('lists the exports in the audit log', async () => {
    const { page } = running;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Audit' }).click();
    // The slide edits above were not saved: leaving Report asks first.
    await page
      .getByRole('dialog', { name: 'Leave without saving?' })
      .getByRole('button', { name: 'Discard and leave' })
      .click();
    await page.getByRole('table', { name: 'Audit log' }).waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Audit log' }).textContent()).toContain('Report pack');
    const text = (await page.getByRole('table', { name: 'Audit log' }).textContent()) ?? '';
    expect(text.match(/Export/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    await running.screenshot('report-audit');
  });
});
