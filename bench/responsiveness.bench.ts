// Responsiveness: the longest stall of the main thread (an event-loop delay monitor) while the
// app's heavy work runs: importing a 1M-row extract, opening the 1M-record workspace (store
// open and the engine's snapshot load), protecting a 480 x 13 table and building a report pack.
// In Electron a main process that stalls freezes every window, and neither cancel nor the idle
// lock can run, so the target is a stall under 50 ms each. Beside each row, the same work done
// the way it was before the store and render workers (on the main thread), in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { generateFixture } from '../src-main/sample/generator/generate.ts';
import { FigureSpecSchema } from '../shared/figure.ts';
import { protectTableOffThread } from '../src-main/disclosure/index.ts';
import { buildReportPack } from '../src-main/export/reportPack.ts';
import { runImport } from '../src-main/import/runImport.ts';
import { AnalysisService } from '../src-main/app/analysis/analysisService.ts';
import { createApplication } from '../src-main/app/application.ts';
import { importInStoreWorker } from '../src-main/app/import/importInStoreWorker.ts';
import { startRenderWorker } from '../src-main/app/publication/renderThread.ts';
import { RecentWorkspaces } from '../src-main/app/workspace/recentWorkspaces.ts';
import { prepareStoreWorker } from '../src-main/app/workspace/storeThread.ts';
import { WorkspaceSession } from '../src-main/app/workspace/workspaceSession.ts';
import { Workspace } from '../src-main/store/workspace.ts';
import { areaByOffence } from './disclosureData.ts';
import type { BenchRow } from './types.ts';

const PASSPHRASE = 'benchmark passphrase, long enough 42';

/**
 * Longest main-thread stall of protecting a 480 x 13 table, in ms, measured at commit e70176a
 * with `npm run bench -- responsiveness` on the 2-core shared machine (the other rows measure
 * the main-thread path they replaced side by side, in the same run).
 */
const BEFORE: Readonly<Record<string, number>> = {
  'protecting a 480 x 13 table': 118,
};

/** The work done on the main thread, as before the store and render workers: the peer of each row. */
const MAIN_THREAD = 'on the main thread (before)';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Stall {
  /** The longest event-loop delay seen while the work ran, in ms. */
  longestMs: number;
  elapsedMs: number;
}

/** Runs `work` with an event-loop delay monitor on: a timer every 10 ms notes how late it fired. */
async function measureStall(work: () => Promise<unknown>): Promise<Stall> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const started = performance.now();
  let elapsedMs: number;
  try {
    await work();
    elapsedMs = performance.now() - started;
    // A stall is recorded when the late timer fires: let it, before the monitor stops.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    histogram.disable();
  }
  return { longestMs: histogram.max / 1e6, elapsedMs };
}

function row(name: string, stalls: readonly Stall[], peer?: readonly Stall[]): BenchRow {
  const before = BEFORE[name];
  const peerRow =
    peer !== undefined
      ? { peer: MAIN_THREAD, peerMedianMs: median(peer.map((s) => s.longestMs)) }
      : before === undefined
        ? {}
        : { peer: 'before (e70176a)', peerMedianMs: before };
  return {
    name: `longest main-thread stall: ${name}`,
    medianMs: median(stalls.map((s) => s.longestMs)),
    ...peerRow,
    unit: 'ms',
    extra: {
      runs: stalls.length,
      worstMs: Math.round(Math.max(...stalls.map((s) => s.longestMs))),
      elapsedMedianMs: Math.round(median(stalls.map((s) => s.elapsedMs))),
      ...(peer === undefined ? {} : { peerElapsedMedianMs: Math.round(median(peer.map((s) => s.elapsedMs))) }),
      targetMs: 50,
    },
  };
}

const figure = (name: string, chart: 'bar' | 'table', rows: string[], cols: string[]) =>
  FigureSpecSchema.parse({ name, title: name, chart, query: { cohort: 'victims', rows, cols } });

export async function benchResponsiveness(opts: { records: number; runs?: number }): Promise<BenchRow[]> {
  const runs = opts.runs ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'vso-bench-responsiveness-'));
  try {
    const csv = join(dir, 'victims.csv');
    await generateFixture({ cohort: 'victims', rows: opts.records, seed: 2026, dialect: 'canonical', out: csv });
    const path = join(dir, 'bench.vsow');

    const session = (): WorkspaceSession =>
      new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });

    // One import each way (ours builds the workspace the other steps open); the slowest step.
    const importing: Stall[] = [];
    const importingBefore: Stall[] = [];
    {
      // As createApplication does at start: a store worker waits ready before any request.
      prepareStoreWorker();
      const importer = session();
      await importer.create(path, PASSPHRASE);
      importing.push(await measureStall(() => importInStoreWorker(importer, { cohort: 'victims', path: csv })));
      await importer.close();
      const created = Workspace.create(join(dir, 'before.vsow'), PASSPHRASE);
      importingBefore.push(await measureStall(() => runImport(created, { cohort: 'victims', path: csv })));
      created.close();
    }

    // Opening as the app does (key derived on the thread pool, snapshots read in a store
    // worker), alternating with the open and load on the main thread.
    const opening: Stall[] = [];
    const openingBefore: Stall[] = [];
    for (let run = 0; run < runs; run++) {
      const app = createApplication({ session: session() });
      opening.push(await measureStall(() => app.session.open(path, PASSPHRASE)));
      await app.shutdown();
      const analysis = new AnalysisService();
      let workspace: Workspace | undefined;
      openingBefore.push(
        await measureStall(async () => {
          workspace = Workspace.open(path, PASSPHRASE);
          await analysis.load(workspace);
        }),
      );
      await analysis.unload();
      workspace?.close();
    }

    const table = areaByOffence(480, 20_000);
    const rule = { threshold: 10, secondary: true, round: null, suppressZeros: false };
    const protecting: Stall[] = [];
    for (let run = 0; run < Math.min(runs, 2); run++)
      protecting.push(await measureStall(() => protectTableOffThread(table, rule)));

    const workspace = Workspace.open(path, PASSPHRASE);
    const analysis = new AnalysisService();
    await analysis.load(workspace);
    const figures = [
      figure('Victims by sex and age band', 'bar', ['age_band'], ['sex']),
      figure('Victims by offence group', 'table', ['offence_group'], []),
      figure('Victims by financial year', 'bar', ['financial_year'], []),
    ];
    const pack = (run: number, renderer?: ReturnType<typeof startRenderWorker>) =>
      buildReportPack(
        { name: 'Responsiveness', items: figures.map((f) => ({ kind: 'figure' as const, name: f.name })) },
        {
          figure: (name) => figures.find((f) => f.name === name),
          infographic: () => undefined,
          resolve: (spec) => analysis.query(spec),
          validate: () => [],
          labelOf: analysis.labelOf,
          source: 'Synthetic benchmark data',
          synthetic: true,
          generatedAt: new Date('2026-01-01T00:00:00Z'),
          ...(renderer ? { renderer } : {}),
        },
        join(dir, `pack-${run}`),
      );
    const packing: Stall[] = [];
    const packingBefore: Stall[] = [];
    for (let run = 0; run < runs; run++) {
      // As buildReport does: a render worker per pack, started and closed within the build.
      packing.push(
        await measureStall(async () => {
          const renderer = startRenderWorker();
          await pack(run, renderer).finally(() => renderer.close());
        }),
      );
      packingBefore.push(await measureStall(() => pack(run + runs)));
    }
    await analysis.unload();
    workspace.close();

    // The floor: the same monitor over a main thread that does nothing for as long as a pack
    // takes. On a shared, loaded machine the OS alone holds a thread back this long.
    const idle: Stall[] = [];
    const idleMs = median(packing.map((s) => s.elapsedMs));
    for (let run = 0; run < runs; run++)
      idle.push(await measureStall(() => new Promise((resolve) => setTimeout(resolve, idleMs))));

    const millions = `${opts.records / 1_000_000}M`;
    return [
      row(`opening a ${millions}-record workspace`, opening, openingBefore),
      row(`importing ${millions} rows`, importing, importingBefore),
      row('protecting a 480 x 13 table', protecting),
      row('building a report pack (3 figures)', packing, packingBefore),
      row('an idle main thread (the floor on this machine)', idle),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
