// A single figure's or infographic's PNG and PDF are drawn in a render worker, never on the main
// thread: through the real dispatcher on a real workspace, the main thread's rasteriser and PDF
// writer (wrapped here to count their calls) are never called, a render worker is started and
// given the job, and the files read back as before (PNG size, the PDF's text). A cancel while
// the worker holds the job ends the worker unanswered and writes no file and no audit entry.
import { existsSync, readFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as ModuleWorker from '../../../src-main/workers/moduleWorker.ts';
import { cancelledCall } from '../../helpers/cancelCall.ts';
import { pdfInfo, pdfText, pngSize } from '../export/exportTestKit.ts';
import { districtFigure } from './figureSpecs.ts';
import { generated, openWorld, type ReportWorld } from './reportTestKit.ts';

/** What this thread drew, and every render worker the app started with the jobs posted to it. */
const watched = vi.hoisted(() => ({
  rasterised: 0,
  pdfs: 0,
  renderWorkers: [] as Array<{ jobs: string[]; replies: number; exited: Promise<number> }>,
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
          exited: new Promise<number>((resolve) => worker.once('exit', resolve)),
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

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 11));
  await world.dispatcher.call('figures.save', { figure: districtFigure('districts'), overwrite: true });
});
afterAll(async () => world?.close());

beforeEach(() => {
  watched.rasterised = 0;
  watched.pdfs = 0;
  watched.renderWorkers.length = 0;
  watched.onJob = null;
});

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
    expect(watched.renderWorkers.map((w) => w.jobs)).toEqual([['figureFile'], ['figureFile']]);
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
    expect(watched.renderWorkers.map((w) => w.jobs)).toEqual([['infographicFile'], ['infographicFile']]);
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
    expect(watched.renderWorkers.map((w) => w.jobs)).toEqual([['figureFile']]);
    // The worker that held the job ended without an answer: stopped, not left to finish.
    await watched.renderWorkers[0]!.exited;
    expect(watched.renderWorkers[0]!.replies).toBe(0);
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
    expect(watched.renderWorkers.map((w) => w.jobs)).toEqual([['infographicFile']]);
    await watched.renderWorkers[0]!.exited;
    expect(watched.renderWorkers[0]!.replies).toBe(0);
    expect(existsSync(path)).toBe(false);
    expect(await auditCount()).toBe(audit);
  });
});
