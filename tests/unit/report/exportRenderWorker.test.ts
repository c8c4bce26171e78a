// A single figure's or infographic's PNG and PDF are drawn in a render worker, never on the main
// thread: through the real dispatcher on a real workspace, the main thread's rasteriser and PDF
// writer (wrapped here to count their calls) are never called, a render worker is given the
// job, and the files read back as before (PNG size, the PDF's text). The worker is started soon
// after the workspace opens and kept warm: exports in a row share it, a lock ends it. A cancel while
// the worker holds the job ends the worker unanswered and writes no file and no audit entry.
import { existsSync, readFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as ModuleWorker from '../../../src-main/workers/moduleWorker.ts';
import { cancelledCall } from '../../helpers/cancelCall.ts';
import { pdfInfo, pdfText, pngSize } from '../export/exportTestKit.ts';
import { districtFigure } from './figureSpecs.ts';
import { generated, openWorld, PASSPHRASE, type ReportWorld } from './reportTestKit.ts';

/** What this thread drew, and every render worker the app started with the jobs posted to it. */
const watched = vi.hoisted(() => ({
  rasterised: 0,
  pdfs: 0,
  renderWorkers: [] as Array<{ jobs: string[]; replies: number; exited: Promise<number>; running: boolean }>,
  /** Called as a job is posted to a render worker. */
  onJob: null as (() => void) | null,
}));

vi.mock('../../../src-main/export/rasterise.ts', async (original) => {
  const actual = await original<typeof import('../../../src-main/export/rasterise.ts')>();
  return {
    ...actual,
    rasterise: (...args: Parameters<typeof actual.rasterise>) => {
      watched.rasterised++;
      return actual.rasterise(...args);
    },
  };
});

vi.mock('../../../src-main/export/pdf.ts', async (original) => {
  const actual = await original<typeof import('../../../src-main/export/pdf.ts')>();
  return {
    ...actual,
    svgToPdf: (...args: Parameters<typeof actual.svgToPdf>) => {
      watched.pdfs++;
      return actual.svgToPdf(...args);
    },
  };
});

vi.mock('../../../src-main/workers/moduleWorker.ts', async (original) => {
  const actual = await original<typeof ModuleWorker>();
  return {
    ...actual,
    startModuleWorker: (...args: Parameters<typeof actual.startModuleWorker>): Worker => {
      const worker = actual.startModuleWorker(...args);
      if (/\/renderWorker\.(ts|js)$/.test(args[0].pathname)) {
        const seen = {
          jobs: [] as string[],
          replies: 0,
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
        worker.on('message', () => seen.replies++);
        watched.renderWorkers.push(seen);
      }
      return worker;
    },
  };
});

let world: ReportWorld;
/** How many render workers had been started when the test began (the warm one included). */
let startedBefore = 0;

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 11));
  await world.dispatcher.call('figures.save', { figure: districtFigure('districts'), overwrite: true });
});
afterAll(async () => world?.close());

beforeEach(() => {
  watched.rasterised = 0;
  watched.pdfs = 0;
  // Workers are kept across tests (the warm one was started as the workspace opened): only
  // what each is given from now on counts.
  for (const worker of watched.renderWorkers) {
    worker.jobs = [];
    worker.replies = 0;
  }
  startedBefore = watched.renderWorkers.length;
  watched.onJob = null;
});

/** The render workers given a job in this test, each with its jobs. */
const used = () => watched.renderWorkers.filter((w) => w.jobs.length > 0);
const startedNow = () => watched.renderWorkers.length - startedBefore;

async function auditCount(): Promise<number> {
  return (await world.dispatcher.call('audit.list', { limit: 1000 })).entries.length;
}

describe('single exports drawn in a render worker', () => {
  it('draws a figure’s PNG and PDF in the worker, files as before', async () => {
    const png = world.file('districts.png');
    const pdf = world.file('districts.pdf');
    await world.dispatcher.call('export.figure', { name: 'districts', format: 'png', path: png });
    await world.dispatcher.call('export.figure', { name: 'districts', format: 'pdf', path: pdf });
    expect(watched.rasterised).toBe(0);
    expect(watched.pdfs).toBe(0);
    // Two exports in a row, one worker: the one started warm after the workspace opened, or
    // by the first export if that came sooner, then kept warm for the second.
    expect(used().map((w) => w.jobs)).toEqual([['figureFile', 'figureFile']]);
    expect(startedNow()).toBeLessThanOrEqual(1);
    // 960 x 600 CSS pixels at the default scale of 2.
    expect(pngSize(readFileSync(png))).toEqual({ width: 1920, height: 1200 });
    expect(pdfInfo(pdf).pages).toBe(1);
    expect(pdfText(pdf)).toContain('Victims by district and sex');
  });

  it('draws an infographic’s PNG and PDF in the worker, files as before', async () => {
    const { doc } = await world.dispatcher.call('infographic.fromTemplate', { template: 'victims' });
    const png = world.file('victims.png');
    const pdf = world.file('victims.pdf');
    await world.dispatcher.call('export.infographic', { doc, format: 'png', path: png });
    await world.dispatcher.call('export.infographic', { doc, format: 'pdf', path: pdf });
    expect(watched.rasterised).toBe(0);
    expect(watched.pdfs).toBe(0);
    expect(used().map((w) => w.jobs)).toEqual([['infographicFile', 'infographicFile']]);
    expect(startedNow()).toBeLessThanOrEqual(1);
    // A4 portrait at 300 dpi.
    expect(pngSize(readFileSync(png))).toEqual({ width: 2480, height: 3508 });
    expect(pdfInfo(pdf).pages).toBe(1);
    expect(pdfText(pdf)).toContain('at a glance');
  });

  it('stops a figure’s drawing when cancelled in the worker, and writes nothing', async () => {
    const path = world.file('cancelled.pdf');
    const audit = await auditCount();
    const call = await cancelledCall(
      world.dispatcher,
      'export.figure',
      { name: 'districts', format: 'pdf', path },
      {
        onStart: (cancel) => {
          watched.onJob = cancel;
        },
      },
    );
    expect(call.outcome).toBe('CANCELLED');
    expect(used().map((w) => w.jobs)).toEqual([['figureFile']]);
    // The worker that held the job ended without an answer: stopped, not left to finish.
    await used()[0]!.exited;
    expect(used()[0]!.replies).toBe(0);
    expect(existsSync(path)).toBe(false);
    expect(await auditCount()).toBe(audit);
  });

  it('stops an infographic’s drawing when cancelled in the worker, and writes nothing', async () => {
    const { doc } = await world.dispatcher.call('infographic.fromTemplate', { template: 'victims' });
    const path = world.file('cancelled.png');
    const audit = await auditCount();
    const call = await cancelledCall(
      world.dispatcher,
      'export.infographic',
      { doc, format: 'png', path },
      {
        onStart: (cancel) => {
          watched.onJob = cancel;
        },
      },
    );
    expect(call.outcome).toBe('CANCELLED');
    expect(used().map((w) => w.jobs)).toEqual([['infographicFile']]);
    await used()[0]!.exited;
    expect(used()[0]!.replies).toBe(0);
    expect(existsSync(path)).toBe(false);
    expect(await auditCount()).toBe(audit);
  });

  it('ends the warm worker when the workspace locks, and keeps one warm again after unlock', async () => {
    const png = world.file('before-lock.png');
    await world.dispatcher.call('export.figure', { name: 'districts', format: 'png', path: png, overwrite: true });
    const [warm] = used();
    expect(warm?.running).toBe(true);
    await world.dispatcher.call('workspace.lock', {});
    // Ended by the lock, holding nothing while the workspace is locked.
    await warm!.exited;
    expect(watched.renderWorkers.filter((w) => w.running)).toEqual([]);
    const locked = watched.renderWorkers.length;
    await world.dispatcher.call('workspace.unlock', { passphrase: PASSPHRASE });
    warm!.jobs = [];
    await world.dispatcher.call('export.figure', { name: 'districts', format: 'png', path: png, overwrite: true });
    await world.dispatcher.call('export.figure', { name: 'districts', format: 'png', path: png, overwrite: true });
    // After the unlock, one worker again, drawing both exports.
    expect(watched.renderWorkers.length - locked).toBe(1);
    expect(used()).toEqual([watched.renderWorkers.at(-1)]);
    expect(used()[0]!.jobs).toEqual(['figureFile', 'figureFile']);
    expect(pngSize(readFileSync(png))).toEqual({ width: 1920, height: 1200 });
  });

  it('ends, at a lock, a worker an export started of its own, instead of keeping it warm', async () => {
    // Two exports at once: the second starts a worker of its own; the lock comes while both draw.
    const paths = [world.file('first.png'), world.file('second.png')];
    let locked: Promise<unknown> | null = null;
    watched.onJob = () => {
      if (used().length === 2 && locked === null) locked = world.dispatcher.call('workspace.lock', {});
    };
    const exports = paths.map((path) =>
      world.dispatcher.call('export.figure', { name: 'districts', format: 'png', path, overwrite: true }),
    );
    await Promise.allSettled(exports);
    expect(used()).toHaveLength(2);
    await locked;
    // Every worker that drew ends: none is kept for the workspace's next opening.
    const exits = used().map((w) => w.exited);
    await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 15_000))]);
    expect(watched.renderWorkers.filter((w) => w.running)).toEqual([]);
    await world.dispatcher.call('workspace.unlock', { passphrase: PASSPHRASE });
  });
});
