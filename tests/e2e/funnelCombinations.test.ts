// The services funnel and the needs combinations of the sample workspace in a real Chromium:
// each saved figure reopens on Explore and Plotly draws it from the protected table the API
// answers for the same spec (bars as long as their counts, step by step or largest first, the
// labels, a [c] for every hidden count and never its size); saved under a new name it reopens
// the same, and its SVG export draws the same published numbers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../shared/query.ts';
import type { RunningApp } from '../helpers/app.ts';
import { pageApi } from '../helpers/pageApi.ts';
import { startSampleApp, type SampleApp } from '../helpers/sampleApp.ts';
import { fillSavePath } from '../helpers/savePath.ts';

const PASSPHRASE = 'sample passphrase for the funnel test';
let sample: SampleApp;
let running: RunningApp;
let dir: string;

beforeAll(async () => {
  sample = await startSampleApp(PASSPHRASE);
  running = sample.running;
  dir = sample.dir;
}, 600_000);

afterAll(async () => {
  await sample?.close();
});

async function go(page: Page, screen: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen }).click();
}

async function reopen(page: Page, name: string, chart: string): Promise<void> {
  await go(page, 'Explore');
  await page.getByRole('list', { name: 'Saved figures' }).getByRole('button', { name, exact: true }).click();
  await expect.poll(() => page.getByLabel('Chart type').inputValue()).toBe(chart);
}

/** The table the API publishes for a saved figure's spec. */
async function publishedFor(page: Page, name: string): Promise<QueryResult> {
  const { figure } = await pageApi<{ figure: { query: Record<string, unknown> } }>(page, 'figures.get', { name });
  return pageApi<QueryResult>(page, 'engine.query', figure.query);
}

interface DrawnBar {
  length: number;
  text: string;
}

/** Plotly's drawn bars in order (a hidden count keeps an empty point), each with its drawn length and its text. */
async function drawnBars(page: Page, horizontal: boolean): Promise<DrawnBar[]> {
  return page.getByTestId('chart').evaluate((chart, across) => {
    const points = [...chart.querySelectorAll('.barlayer .trace .point')];
    return points
      .map((point) => {
        const box = point.querySelector('path')?.getBBox();
        return {
          length: box ? (across ? box.width : box.height) : 0,
          text: point.querySelector('.bartext')?.textContent ?? '',
        };
      })
      .filter((bar) => bar.length > 0);
  }, horizontal);
}

async function marks(page: Page): Promise<number> {
  return (await page.getByTestId('chart').locator('.annotation-text').allTextContents()).filter((t) => t === '[c]')
    .length;
}

const squeeze = (s: string | null): string => (s ?? '').replace(/\s+/g, '');

/** Lengths in proportion to the values: each over the longest, as each value over the largest. */
function expectProportional(lengths: number[], values: number[]): void {
  expect(lengths.length).toBe(values.length);
  const longest = Math.max(...lengths);
  const largest = Math.max(...values);
  lengths.forEach((l, i) => expect(l / longest).toBeCloseTo((values[i] ?? 0) / largest, 2));
}

async function exportSvg(page: Page, name: string, path: string): Promise<string> {
  await go(page, 'Report');
  await page.getByRole('tab', { name: 'Figures' }).click();
  await page.getByRole('button', { name: `Export ${name}` }).click();
  await page.getByRole('radio', { name: 'SVG (vector)' }).click();
  await fillSavePath(page.locator('#figure-export-path'), path);
  await page.getByRole('button', { name: 'Export SVG' }).click();
  await expect.poll(() => page.getByTestId('export-written').textContent(), { timeout: 120_000 }).toContain(path);
  await page.getByRole('button', { name: 'Close the export form' }).click();
  return readFileSync(path, 'utf8');
}

/** The published values an exported chart draws (data-value of its bars), sorted. */
function svgValues(svg: string): number[] {
  return [...svg.matchAll(/data-value="([^"]+)"/g)]
    .map((m) => Number(m[1]))
    .filter((v) => v !== 0)
    .sort((a, b) => a - b);
}

async function saveAs(page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Figure name' }).fill(name);
  await page.getByRole('button', { name: 'Save as figure' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
}

/** The services funnel from the furthest steps: those who reached each step at least, counted here. */
function reachedSteps(result: QueryResult): { step: string; value: number | null }[] {
  const path = ['Entitled', 'Referred', 'Service used'];
  const count = (step: string): number | null => {
    const r = result.rows.keys.findIndex((k) => k[0] === step);
    return r < 0 ? 0 : (result.counts[r]?.[0] ?? null);
  };
  return path.map((step, k) => {
    const later = path.slice(k).map(count);
    return { step, value: later.includes(null) ? null : later.reduce<number>((a, v) => a + (v ?? 0), 0) };
  });
}

describe('the services funnel of the sample', () => {
  it('draws each step as those who reached it, from the protected table the API answers', async () => {
    const { page } = running;
    await reopen(page, 'Victims’ services funnel', 'funnel');
    const steps = reachedSteps(await publishedFor(page, 'Victims’ services funnel'));
    const shown = steps.filter((s) => s.value !== null);
    expect(shown.length).toBeGreaterThan(1);
    await expect.poll(async () => (await drawnBars(page, true)).length).toBe(shown.length);
    const bars = await drawnBars(page, true);
    expectProportional(
      bars.map((b) => b.length),
      shown.map((s) => s.value ?? 0),
    );
    // Each bar's text starts with its count; every step after the first names its rates.
    bars.forEach((bar, i) =>
      expect(squeeze(bar.text)).toContain(squeeze((shown[i]?.value ?? 0).toLocaleString('en-GB'))),
    );
    expect(bars.slice(1).every((b) => b.text.includes('of previous'))).toBe(true);
    const labels = (await page.getByTestId('chart').locator('.ytick text').allTextContents()).map(squeeze);
    expect(labels.sort()).toEqual(steps.map((s) => squeeze(s.step)).sort());
    expect(await marks(page)).toBe(steps.length - shown.length);
    await running.screenshot('funnel-services');
  });

  it('saves, reopens and exports the funnel with the same published numbers', async () => {
    const { page } = running;
    await saveAs(page, 'Services funnel, mine');
    await reopen(page, 'Services funnel, mine', 'funnel');
    const steps = reachedSteps(await publishedFor(page, 'Services funnel, mine'));
    await expect.poll(async () => (await drawnBars(page, true)).length).toBe(steps.filter((s) => s.value).length);
    const svg = await exportSvg(page, 'Services funnel, mine', join(dir, 'funnel.svg'));
    const expected = steps
      .map((s) => s.value)
      .filter((v): v is number => v !== null && v !== 0)
      .sort((a, b) => a - b);
    expect(svgValues(svg)).toEqual(expected);
  });
});

describe('the needs combinations of the sample', () => {
  it('draws the combinations largest first, hidden ones marked [c], from the API’s table', async () => {
    const { page } = running;
    await reopen(page, 'Offender needs combinations', 'combinations');
    const result = await publishedFor(page, 'Offender needs combinations');
    const rows = result.rows.keys
      .map((k, r) => ({ label: k[0] ?? '', value: result.counts[r]?.[0] ?? null }))
      .filter((row) => row.value !== 0);
    const published = rows.filter((r) => r.value !== null).sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
    expect(published.length).toBeGreaterThan(3);
    await expect.poll(async () => (await drawnBars(page, false)).length).toBe(published.length);
    const bars = await drawnBars(page, false);
    expectProportional(
      bars.map((b) => b.length),
      published.map((r) => r.value ?? 0),
    );
    expect(await marks(page)).toBe(rows.length - published.length);
    // Every need named by a combination labels a row of the dot matrix.
    const sets = (await page.getByTestId('chart').locator('.y2tick text').allTextContents()).map(squeeze);
    const needs = new Set(rows.flatMap((r) => r.label.split(' + ')).map(squeeze));
    expect(sets.sort()).toEqual([...needs].sort());

    // In one district some combinations hold few persons: each is a [c], never a bar.
    await page.getByRole('button', { name: /^Fenland/ }).click();
    const district = { kind: 'in', field: 'district', in: ['Fenland'] };
    const { figure } = await pageApi<{ figure: { query: { filters: unknown[] } } }>(page, 'figures.get', {
      name: 'Offender needs combinations',
    });
    const few = await pageApi<QueryResult>(page, 'engine.query', {
      ...figure.query,
      filters: [...figure.query.filters, district],
    });
    const kept = few.counts.flat().filter((v) => v !== 0);
    const hidden = kept.filter((v) => v === null).length;
    expect(hidden).toBeGreaterThan(0);
    await expect.poll(() => marks(page)).toBe(hidden);
    await expect.poll(async () => (await drawnBars(page, false)).length).toBe(kept.length - hidden);
    await running.screenshot('combinations-needs');
  });

  it('saves, reopens and exports the combinations with the same published numbers', async () => {
    const { page } = running;
    await saveAs(page, 'Needs combinations, mine');
    await reopen(page, 'Needs combinations, mine', 'combinations');
    const result = await publishedFor(page, 'Needs combinations, mine');
    const expected = result.counts
      .flat()
      .filter((v): v is number => v !== null && v !== 0)
      .sort((a, b) => a - b);
    await expect.poll(async () => (await drawnBars(page, false)).length).toBe(expected.length);
    const hidden = result.counts.flat().filter((v) => v === null).length;
    expect(hidden).toBeGreaterThan(0);
    await expect.poll(() => marks(page)).toBe(hidden);
    const svg = await exportSvg(page, 'Needs combinations, mine', join(dir, 'combinations.svg'));
    expect(svgValues(svg)).toEqual(expected);
    expect(svg.match(/>\[c\]<\/text>/g)?.length).toBe(hidden);
  });
});
