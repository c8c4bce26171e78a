// The figure export's preview is the exported SVG: in a real Chromium, the image the Report
// screen shows is decoded back to its SVG text and compared byte for byte with the file the
// export then writes to disk, before and after the size and the title change.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFigure } from '../../src-main/store/figures.ts';
import { Workspace } from '../../src-main/store/workspace.ts';
import { openWorkspaceFromStart, startApp, type RunningApp } from '../helpers/app.ts';
import { buildFixtureWorkspace, type FixtureWorkspace } from '../helpers/workspaceFixture.ts';
import { fillSavePath } from '../helpers/savePath.ts';

let running: RunningApp;
let fixture: FixtureWorkspace;

beforeAll(async () => {
  fixture = await buildFixtureWorkspace({ rows: { victims: 3000 }, seed: 31 });
  mkdirSync(join(fixture.dir, 'figures'));
  const ws = Workspace.open(fixture.path, fixture.passphrase);
  saveFigure(
    ws.db,
    {
      name: 'Victims by district',
      title: 'Victims by district and sex',
      notes: 'Internal: check against last year before sending.',
      chart: 'bar',
      query: {
        cohort: 'victims',
        filters: [],
        rows: ['district'],
        cols: ['sex'],
        measure: 'records',
        percent: 'none',
        stats: false,
        disclosure: { threshold: 5, secondary: true, round: null, suppressZeros: false },
      },
    },
    null,
    false,
  );
  ws.close();
  running = await startApp({ width: 1440, height: 1100 });
});

afterAll(async () => {
  await running?.close();
  if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
});

/** The SVG text behind the preview image, as the page holds it. */
async function previewSvg(): Promise<string> {
  const src = (await running.page.getByTestId('figure-preview').getAttribute('src')) ?? '';
  const prefix = 'data:image/svg+xml;charset=utf-8,';
  expect(src.startsWith(prefix)).toBe(true);
  return decodeURIComponent(src.slice(prefix.length));
}

async function exportSvg(path: string): Promise<Buffer> {
  const { page } = running;
  await fillSavePath(page.locator('#figure-export-path'), path);
  await page.getByRole('button', { name: 'Export SVG' }).click();
  await expect.poll(() => page.getByTestId('export-written').textContent(), { timeout: 60_000 }).toContain(path);
  return readFileSync(path);
}

/** Waits until the preview shows an SVG that satisfies `check`, and returns it. */
async function previewWhere(check: (svg: string) => boolean): Promise<string> {
  await expect
    .poll(async () => check(await previewSvg().catch(() => '')), { timeout: 60_000, interval: 200 })
    .toBe(true);
  await expect.poll(() => running.page.locator('.figure-preview').getAttribute('aria-busy')).toBe('false');
  return previewSvg();
}

describe('figure export preview', () => {
  it('shows the very SVG the export writes, and follows the size and the title', async () => {
    const { page } = running;
    await openWorkspaceFromStart(page, fixture.path, fixture.passphrase);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Report' }).click();
    await page.getByRole('button', { name: 'Export Victims by district' }).click();
    await page.getByRole('radio', { name: 'SVG (vector)' }).click();

    const first = await previewWhere((svg) => svg.includes('width="960"'));
    const file = await exportSvg(join(fixture.dir, 'figures', 'first.svg'));
    expect(Buffer.from(first, 'utf8').equals(file)).toBe(true);
    expect(first).not.toContain('Internal: check against last year');
    await running.screenshot('report-figure-preview');

    await page.getByLabel('Width in pixels').fill('720');
    await page.getByLabel('Height in pixels').fill('520');
    await page.locator('#figure-export-title-text').fill('Where victims live, by sex');
    const second = await previewWhere(
      (svg) =>
        svg.includes('width="720"') && svg.includes('height="520"') && svg.includes('Where victims live, by sex'),
    );
    expect(second).not.toBe(first);
    const changed = await exportSvg(join(fixture.dir, 'figures', 'second.svg'));
    expect(Buffer.from(second, 'utf8').equals(changed)).toBe(true);

    // The image the page draws has the file's proportions.
    const box = await page.getByTestId('figure-preview').boundingBox();
    expect((box?.width ?? 0) / (box?.height ?? 1)).toBeCloseTo(720 / 520, 1);
  });
});
