// report.build draws its files in the warm render worker the app keeps for exports, not in a
// worker of its own started cold (1-2 s of loading resvg, pdfkit and exceljs): through the real
// dispatcher on a real workspace, render workers are counted as the app starts them. The pack
// borrows the warm worker and gives it back warm; a cancel mid-pack ends it and leaves no file,
// and the next export starts another; a lock mid-pack ends the worker the pack holds.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { warmRenderWorker } from '../../../src-main/app/publication/renderThread.ts';
import type * as ModuleWorker from '../../../src-main/workers/moduleWorker.ts';
import { cancelledCall } from '../../helpers/cancelCall.ts';
import { pdfInfo, pdfText, pngSize } from '../export/exportTestKit.ts';
import { districtFigure } from './figureSpecs.ts';
import { generated, openWorld, PASSPHRASE, type ReportWorld } from './reportTestKit.ts';

interface WatchedWorker {
  worker: Worker;
  jobs: string[];
  running: boolean;
  exited: Promise<number>;
}

/** Every render worker the app started, with the jobs posted to it. */
const watched = vi.hoisted(() => ({
  renderWorkers: [] as WatchedWorker[],
  /** Called as a job is posted to a render worker. */
  onJob: null as (() => void) | null,
}));

vi.mock('../../../src-main/workers/moduleWorker.ts', async (original) => {
  const actual = await original<typeof ModuleWorker>();
  return {
    ...actual,
    startModuleWorker: (...args: Parameters<typeof actual.startModuleWorker>): Worker => {
      const worker = actual.startModuleWorker(...args);
      if (/\/renderWorker\.(ts|js)$/.test(args[0].pathname)) {
        const seen: WatchedWorker = {
          worker,
          jobs: [],
          running: true,
          exited: new Promise<number>((resolve) =>
            worker.once('exit', (code) => {
              seen.running = false;
              resolve(code);
            }),
          ),
        };
        const post = worker.postMessage.bind(worker);
        worker.postMessage = (message: { request: { kind: string } }) => {
          seen.jobs.push(message.request.kind);
          post(message);
          watched.onJob?.();
        };
        watched.renderWorkers.push(seen);
      }
      return worker;
    },
  };
});

const REPORT = 'Warm pack';
let world: ReportWorld;
let startedBefore = 0;

/** The warm worker the app starts a while after an open or unlock, waited for. */
async function warmWorker(): Promise<WatchedWorker> {
  await vi.waitFor(() => expect(warmRenderWorker()).not.toBeNull(), { timeout: 30_000, interval: 100 });
  const warm = watched.renderWorkers.find((w) => w.worker === warmRenderWorker());
  if (!warm) throw new Error('the warm render worker was not started through startModuleWorker');
  return warm;
}

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 11));
  await world.dispatcher.call('figures.save', { figure: districtFigure('districts'), overwrite: true });
  const { doc } = await world.dispatcher.call('infographic.fromTemplate', { template: 'victims' });
  await world.dispatcher.call('infographics.save', { doc: { ...doc, name: 'Victims page' } });
  await world.dispatcher.call('reports.save', {
    report: {
      name: REPORT,
      items: [
        { kind: 'figure', name: 'districts' },
        { kind: 'infographic', name: 'Victims page' },
      ],
    },
  });
}, 60_000);
afterAll(async () => world?.close());

beforeEach(() => {
  for (const worker of watched.renderWorkers) worker.jobs = [];
  startedBefore = watched.renderWorkers.length;
  watched.onJob = null;
});

const used = () => watched.renderWorkers.filter((w) => w.jobs.length > 0);
const startedNow = () => watched.renderWorkers.length - startedBefore;

describe('report.build in the warm render worker', () => {
  it('draws the pack in the warm worker, starts none, and keeps it warm for the next export', async () => {
    const warm = await warmWorker();
    startedBefore = watched.renderWorkers.length;
    const out = world.file('pack-warm');
    const result = await world.dispatcher.call('report.build', { name: REPORT, outDir: out });
    expect(result.ok).toBe(true);
    expect(startedNow()).toBe(0);
    expect(used()).toEqual([warm]);
    expect(warm.jobs).toEqual(['figure', 'infographicFiles', 'workbook']);
    // The files, read back: the figure and the infographic as drawn, each file whole.
    for (const file of result.files) expect(readFileSync(file.path).length).toBe(file.bytes);
    expect(pngSize(readFileSync(join(out, '01-districts.png')))).toEqual({ width: 1920, height: 1200 });
    expect(pdfText(join(out, '01-districts.pdf'))).toContain('Victims by district and sex');
    // A4 portrait at 300 dpi.
    expect(pngSize(readFileSync(join(out, '02-victims-page.png')))).toEqual({ width: 2480, height: 3508 });
    expect(pdfInfo(join(out, '02-victims-page.pdf')).pages).toBe(1);
    // Given back warm: the next export draws in it too.
    expect(warm.running).toBe(true);
    expect(warmRenderWorker()).toBe(warm.worker);
    const png = world.file('after-pack.png');
    await world.dispatcher.call('export.figure', { name: 'districts', format: 'png', path: png });
    expect(startedNow()).toBe(0);
    expect(warm.jobs.at(-1)).toBe('figureFile');
  });

  it('ends the worker at a cancel mid-pack, leaves no file, and the next export works', async () => {
    const warm = await warmWorker();
    startedBefore = watched.renderWorkers.length;
    const out = world.file('pack-cancelled');
    const call = await cancelledCall(
      world.dispatcher,
      'report.build',
      { name: REPORT, outDir: out },
      {
        onStart: (cancel) => {
          // Cancelled as the worker is given the pack's second drawing (the infographic).
          watched.onJob = () => {
            if (warm.jobs.length === 2) cancel();
          };
        },
      },
    );
    watched.onJob = null;
    expect(call.outcome).toBe('CANCELLED');
    expect(startedNow()).toBe(0);
    expect(warm.jobs).toEqual(['figure', 'infographicFiles']);
    // The worker that held the drawing is ended, not kept warm half-way through it.
    await warm.exited;
    expect(warmRenderWorker()).toBeNull();
    // No file of the pack is left, staged or whole.
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    const png = world.file('after-cancel.png');
    await world.dispatcher.call('export.figure', { name: 'districts', format: 'png', path: png });
    expect(pngSize(readFileSync(png))).toEqual({ width: 1920, height: 1200 });
    expect(startedNow()).toBe(1);
  });

  it('ends the warm worker a pack holds when the workspace locks', async () => {
    const warm = await warmWorker();
    startedBefore = watched.renderWorkers.length;
    let locked: Promise<unknown> | null = null;
    watched.onJob = () => {
      locked ??= world.dispatcher.call('workspace.lock', {});
    };
    const out = world.file('pack-locked');
    await world.dispatcher.call('report.build', { name: REPORT, outDir: out }).catch(() => undefined);
    watched.onJob = null;
    await locked;
    expect(startedNow()).toBe(0);
    expect(used()).toEqual([warm]);
    // Lent when the lock came: retired, so ended once the pack let it go, not kept warm.
    await warm.exited;
    expect(warmRenderWorker()).toBeNull();
    expect(watched.renderWorkers.filter((w) => w.running)).toEqual([]);
    await world.dispatcher.call('workspace.unlock', { passphrase: PASSPHRASE });
  });
});
