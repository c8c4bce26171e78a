// End-to-end responsiveness in a real Chromium: from a facet click to the chart repainted
// (Plotly.react resolved), median over 20 clicks, on a workspace of N victims built by the
// real importer. There is no peer for this one; it is measured against the 150 ms target.
import { rmSync } from 'node:fs';
import { buildFixtureWorkspace } from '../tests/helpers/workspaceFixture.ts';
import { startApp } from '../tests/helpers/app.ts';
import type { BenchRow } from './types.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function benchExplore(opts: { records: number; clicks?: number }): Promise<BenchRow[]> {
  const fixture = await buildFixtureWorkspace({ rows: { victims: opts.records }, seed: 5 });
  const running = await startApp();
  try {
    const { page } = running;
    await page.locator('#open-path').fill(fixture.path);
    await page.locator('#open-pass').fill(fixture.passphrase);
    await page.getByRole('button', { name: 'Open workspace' }).click();
    await page.getByRole('heading', { name: /Workspace open/ }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Explore' }).click();
    await page.getByTestId('chart').waitFor({ timeout: 120_000 });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="chart"]')?.getAttribute('data-rendered') !== null,
    );
    const districts = ['Fenland', 'Cambridge', 'Peterborough', 'Huntingdonshire'];
    const times: number[] = [];
    for (let i = 0; i < (opts.clicks ?? 20) + 2; i++) {
      const name = districts[i % districts.length] ?? 'Fenland';
      const ms = await page.evaluate(async (label) => {
        const chart = document.querySelector('[data-testid="chart"]');
        const button = [...document.querySelectorAll<HTMLButtonElement>('.facet-value')].find(
          (b) => b.querySelector('.facet-label')?.textContent === label,
        );
        if (!chart || !button) throw new Error(`no chart or no facet button ${label}`);
        const before = chart.getAttribute('data-rendered');
        const started = performance.now();
        const repainted = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            if (chart.getAttribute('data-rendered') !== before) {
              observer.disconnect();
              requestAnimationFrame(() => resolve(performance.now() - started));
            }
          });
          observer.observe(chart, { attributes: true, attributeFilter: ['data-rendered'] });
        });
        button.click();
        return repainted;
      }, name);
      if (i >= 2) times.push(ms); // two warm-up clicks
    }
    return [
      {
        name: `Explore: facet click to chart repainted, ${opts.records.toLocaleString('en-GB')} records (Chromium)`,
        medianMs: median(times),
        unit: 'ms',
        extra: { clicks: times.length, targetMs: 150, maxMs: Math.round(Math.max(...times)) },
      },
    ];
  } finally {
    await running.app.services.shutdown?.();
    await running.close();
    rmSync(fixture.dir, { recursive: true, force: true });
  }
}
