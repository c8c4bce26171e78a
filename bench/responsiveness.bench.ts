// Responsiveness: the longest stall of the main thread while the app's heavy work runs:
// importing a 1M-row extract (until the engine holds it), opening the 1M-record workspace (store open and the engine's
// snapshot load), protecting a 480 x 13 table, building a report pack (in the warm render worker,
// its time from request to reply beside a worker started cold per pack) and exporting one figure
// as PNG and as PDF (export.figure, in the render worker kept warm, with its time from request to
// reply beside the stall), and deleting the 1M-record batch (batch.delete). In Electron a main
// process that stalls freezes every window, and neither cancel nor the idle lock can run, so
// the target is a stall under 50 ms each. Beside each row, the same work done the way it was
// before the store and render workers (on the main thread), in the same run.
//
// A stall is measured as the main thread's own (mainThreadStalls.ts): the longest gap between
// ticks of a 1 ms timer, less the time the thread waited for a CPU (a lower bound: the kernel
// counts part of a sleep as waiting); beside it the longest the thread computed without a
// break (exact), and the wall clock with the stall above an idle window measured just before
// each run (on a shared 2-core machine the OS alone holds an idle thread back tens of ms).
//
// The 1M-row extract and its workspace (encrypted) are made once and kept in the system temp
// folder (`vso-bench-responsiveness-<records>`); `RESPONSIVENESS_PHASES=open,pack` runs only the
// phases named (import, open, protect, pack, export, delete), e.g. under `node --cpu-prof`, and
// `RESPONSIVENESS_BEFORE=0` leaves out the main-thread paths.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateFixture } from '../src-main/sample/generator/generate.ts';
import { FigureSpecSchema, footnoteLines } from '../shared/figure.ts';
import { protectTableOffThread } from '../src-main/disclosure/index.ts';
import { exportFigure } from '../src-main/export/exportFigure.ts';
import { saveFigure } from '../src-main/store/figures.ts';
import { createExportSession } from '../src-main/app/publication/exportSession.ts';
import { exportSavedFigure } from '../src-main/app/publication/figureExport.ts';
import { buildReportPack } from '../src-main/export/reportPack.ts';
import { runImport } from '../src-main/import/runImport.ts';
import { AnalysisService } from '../src-main/app/analysis/analysisService.ts';
import { createApplication } from '../src-main/app/application.ts';
import { importInStoreWorker } from '../src-main/app/import/importInStoreWorker.ts';
import { deleteBatchConfirmed } from '../src-main/app/import/batches.ts';
import { changeData } from '../src-main/app/workspace/dataChange.ts';
import {
  endRenderWorker,
  PACK,
  prepareRenderWorker,
  startRenderWorker,
  withRenderWorker,
} from '../src-main/app/publication/renderThread.ts';
import { RecentWorkspaces } from '../src-main/app/workspace/recentWorkspaces.ts';
import { prepareStoreWorker } from '../src-main/app/workspace/storeThread.ts';
import { WorkspaceSession } from '../src-main/app/workspace/workspaceSession.ts';
import { createEngine } from '../src-main/engine/engine.ts';
import { Workspace } from '../src-main/store/workspace.ts';
import { areaByOffence } from './disclosureData.ts';
import { measureStalls, type Gap, type StallReport } from './mainThreadStalls.ts';
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

const PHASES = ['import', 'open', 'protect', 'pack', 'export', 'delete'] as const;
type Phase = (typeof PHASES)[number];

function phasesWanted(): Set<Phase> {
  const listed = process.env.RESPONSIVENESS_PHASES?.split(',').map((p) => p.trim()) ?? [];
  const known = listed.filter((p): p is Phase => (PHASES as readonly string[]).includes(p));
  return new Set(known.length > 0 ? known : PHASES);
}

/** Whether to profile the main thread and print what ran in every stall over 50 ms (stderr). */
const profiling = process.env.RESPONSIVENESS_PROFILE === '1';

/** Whether to run the main-thread path beside each phase (leave it out to profile ours alone). */
const withBefore = process.env.RESPONSIVENESS_BEFORE !== '0';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** One measured run: the work's stalls and, just before it, an idle window's (the floor then). */
interface Run {
  work: StallReport & { workMs: number };
  idle: StallReport;
}

/** An idle window as long as the work it precedes is likely to take (at most 5 s). */
async function idleFloor(ms: number): Promise<StallReport> {
  return measureStalls(() => new Promise((resolve) => setTimeout(resolve, Math.min(5_000, Math.max(500, ms)))));
}

/**
 * A full collection between runs, outside the measured windows: without it a run paid for the
 * garbage of the run before it (the main-thread paths leave hundreds of MB), so the figures
 * depended on the order the paths ran in.
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('typeof gc === "function" ? gc : null');
  return typeof gc === 'function' ? (gc as () => void) : () => undefined;
})();

/** Every idle window of this bench run, in order. */
const floors: StallReport[] = [];

/** One run after an idle window; ours (`label`) is profiled on request and its stalls printed. */
async function measured(work: () => Promise<unknown>, expectedMs: number, label?: string): Promise<Run> {
  collectGarbage();
  const idle = await idleFloor(expectedMs);
  floors.push(idle);
  const report = await measureStalls(work, { profile: profiling && label !== undefined });
  process.stderr.write(
    `run ${label ?? 'main-thread path'}: stall ${ms(report.longestOwnMs)} ms, wall ${ms(report.longestMs)} ms (idle floor ${ms(idle.longestOwnMs)} / ${ms(idle.longestMs)}), ${ms(report.workMs)} ms of work, hrtime ${ms(report.originHrMs)}-${ms(report.originHrMs + report.elapsedMs)} ms\n`,
  );
  if (label !== undefined)
    report.stalls.forEach((gap, k) => {
      const where = report.where?.[k] ?? [];
      process.stderr.write(`stall in ${label}: ${anatomy(gap)}\n${where.map((line) => `    ${line}\n`).join('')}`);
    });
  return { idle, work: report };
}

const ms = (value: number): string => value.toFixed(0);

/** What the worst gap was made of: the thread running, waiting for a CPU, or blocked. */
function anatomy(gap: Gap | null): string {
  if (gap === null) return 'none over 1 ms';
  const asleep = Math.max(0, gap.lateMs - gap.runMs - gap.queuedMs);
  return `${ms(gap.lateMs)} ms at ${ms(gap.atMs)} ms: running ${ms(gap.runMs)} (GC ${ms(gap.gcMs)}), waiting for a CPU ${ms(gap.queuedMs)}, blocked ${ms(asleep)} (${gap.majorFaults} page faults from disk${gap.blockedOn?.length ? `; slept in ${gap.blockedOn.join(', ')}` : ''})`;
}

type Measure = (report: StallReport) => number;
const ownStall: Measure = (r) => r.longestOwnMs;
const computing: Measure = (r) => r.longestRunMs;
const wallClock: Measure = (r) => r.longestMs;

/**
 * A phase's rows: its stall (CPU waits left out), the longest the thread computed without a
 * break, and the wall-clock stall with the idle floor of the same moments; each beside the
 * main-thread path where there is one.
 */
function rows(name: string, runs: readonly Run[], peer: readonly Run[] = []): BenchRow[] {
  const before = BEFORE[name];
  const of = (list: readonly Run[], measure: Measure): number => median(list.map((r) => measure(r.work)));
  const beside = (measure: Measure) =>
    peer.length > 0
      ? { peer: MAIN_THREAD, peerMedianMs: of(peer, measure) }
      : before !== undefined && measure === ownStall
        ? { peer: 'before (e70176a)', peerMedianMs: before }
        : {};
  const worst = runs.reduce((a, r) => (r.work.longestOwnMs > a.work.longestOwnMs ? r : a));
  const worstPeer = peer.reduce<Run | undefined>(
    (a, r) => (a === undefined || r.work.longestOwnMs > a.work.longestOwnMs ? r : a),
    undefined,
  );
  return [
    {
      name: `longest main-thread stall: ${name}`,
      medianMs: of(runs, ownStall),
      ...beside(ownStall),
      unit: 'ms',
      extra: {
        runs: runs.length,
        worstMs: Math.round(worst.work.longestOwnMs),
        worstGap: anatomy(worst.work.worstOwn),
        stallsOver50Ms: worst.work.stalls.length,
        histogramMedianMs: Math.round(median(runs.map((r) => r.work.histogramMaxMs))),
        elapsedMedianMs: Math.round(median(runs.map((r) => r.work.workMs))),
        ...(worstPeer === undefined
          ? {}
          : {
              peerWorstGap: anatomy(worstPeer.work.worstOwn),
              peerElapsedMedianMs: Math.round(median(peer.map((r) => r.work.workMs))),
            }),
        targetMs: 50,
        schedulerCounters: worst.work.schedulerCounters ? 'yes' : 'no (every gap counted as a stall)',
      },
    },
    {
      name: `  of which computing without a break: ${name}`,
      medianMs: of(runs, computing),
      ...beside(computing),
      unit: 'ms',
    },
    {
      name: `  wall clock, CPU waits included: ${name}`,
      medianMs: of(runs, wallClock),
      ...beside(wallClock),
      unit: 'ms',
      extra: {
        worstWallMs: Math.round(Math.max(...runs.map((r) => r.work.longestMs))),
        worstWallGap: anatomy(runs.reduce((a, r) => (r.work.longestMs > a.work.longestMs ? r : a)).work.worstWall),
        idleFloorWallMedianMs: Math.round(median(runs.map((r) => r.idle.longestMs))),
        idleFloorStallMedianMs: Math.round(median(runs.map((r) => r.idle.longestOwnMs))),
      },
    },
    {
      name: `  wall clock above the idle floor just before: ${name}`,
      medianMs: median(runs.map((r) => Math.max(0, r.work.longestMs - r.idle.longestMs))),
      ...(peer.length > 0
        ? {
            peer: MAIN_THREAD,
            peerMedianMs: median(peer.map((r) => Math.max(0, r.work.longestMs - r.idle.longestMs))),
          }
        : {}),
      unit: 'ms',
    },
  ];
}

/** A phase's time from request to reply (the warm render worker's gain), beside the main-thread path. */
function latencyRow(name: string, runs: readonly Run[], peer: readonly Run[] = []): BenchRow {
  const elapsed = (list: readonly Run[]) => median(list.map((r) => r.work.workMs));
  return {
    name: `  end to end, request to reply: ${name}`,
    medianMs: elapsed(runs),
    ...(peer.length > 0 ? { peer: MAIN_THREAD, peerMedianMs: elapsed(peer) } : {}),
    unit: 'ms',
  };
}

/** Every idle window of the run, the floor the machine set: its stalls and its wall clock. */
function floorRows(idle: readonly StallReport[]): BenchRow[] {
  if (idle.length === 0) return [];
  return [
    {
      name: 'an idle main thread, before each run (the floor): stall',
      medianMs: median(idle.map(ownStall)),
      unit: 'ms',
      extra: { windows: idle.length, worstMs: Math.round(Math.max(...idle.map(ownStall))) },
    },
    {
      name: 'an idle main thread, before each run (the floor): wall clock',
      medianMs: median(idle.map(wallClock)),
      unit: 'ms',
      extra: { windows: idle.length, worstMs: Math.round(Math.max(...idle.map(wallClock))) },
    },
  ];
}

/** A workspace file and what SQLite keeps beside it (each run's is 140 MB at 1M records). */
function removeWorkspace(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(path + suffix, { force: true });
}

const figure = (name: string, chart: 'bar' | 'table', rows: string[], cols: string[]) =>
  FigureSpecSchema.parse({ name, title: name, chart, query: { cohort: 'victims', rows, cols } });

/** The extract and its imported workspace, made once per size and kept (marked whole by `ready`). */
async function cachedData(records: number): Promise<{ csv: string; workspace: string }> {
  const dir = join(tmpdir(), `vso-bench-responsiveness-${records}`);
  const csv = join(dir, 'victims.csv');
  const workspace = join(dir, 'bench.vsow');
  const ready = join(dir, 'ready');
  if (existsSync(ready)) return { csv, workspace };
  process.stderr.write(`bench: responsiveness: making the ${records}-row extract and workspace once, in ${dir}\n`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await generateFixture({ cohort: 'victims', rows: records, seed: 2026, dialect: 'canonical', out: csv });
  const made = Workspace.create(workspace, PASSPHRASE);
  try {
    await runImport(made, { cohort: 'victims', path: csv });
  } finally {
    made.close();
  }
  writeFileSync(ready, new Date().toISOString());
  return { csv, workspace };
}

export async function benchResponsiveness(opts: { records: number; runs?: number }): Promise<BenchRow[]> {
  const runs = opts.runs ?? (Number(process.env.RESPONSIVENESS_RUNS) || 5);
  const phases = phasesWanted();
  const { csv, workspace: path } = await cachedData(opts.records);
  const dir = mkdtempSync(join(tmpdir(), 'vso-bench-responsiveness-'));
  const millions = `${opts.records / 1_000_000}M`;
  const measuredRows: BenchRow[] = [];
  floors.length = 0;
  try {
    const session = (): WorkspaceSession =>
      new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
    // As createApplication does at start: a store worker waits ready before any request.
    prepareStoreWorker();
    // Under tsx a worker's first start resolves tsx's API through its loader thread, which the
    // app as built never does: done here, before any measurement.
    await createEngine({ workers: 1 }).dispose();

    if (phases.has('import')) {
      // What remains of this phase's stall on a loaded machine is the main isolate's own GC
      // pauses (--trace-gc): the memory reducer's Mark-Compacts (armed by a major GC, the
      // forced one before each window included, they fired 8-40 s later, once main allocated
      // little: during the import) and even Scavenges, each waiting on parallel helpers that
      // get no CPU (futex_do_wait): a Scavenge that freed 0.7 MB paused 108 ms. Main hardly
      // allocates during the import (about 1 MB a second: no rows, no copy of the snapshot,
      // whose columns are SharedArrayBuffers); what a pause marks and moves is its live heap:
      // ~60 MB with zxcvbn's indexed dictionaries kept, ~45 MB with its word lists kept, ~37 MB
      // now under tsx (source maps and tsx's own modules included). Launched with
      // `--no-memory-reducer` no reducer GC fell in the windows; set at run time that flag does
      // nothing (V8 makes an isolate's reducer as the isolate starts). `--no-incremental-marking`
      // set at run time does stop the reducer's GCs (it starts them incrementally) but leaves
      // the Scavenges' waits and makes every other major GC atomic; `--no-parallel-scavenge`
      // with the other `--no-parallel-*` flags set at run time aborted the process at its
      // next GC (a failed check on concurrent marking's job handle). Launched with
      // `--single-threaded-gc` the wait becomes CPU queueing: a smaller own stall, a larger
      // wall clock, a slower import.
      // One import each way into a new workspace, as far as the engine holding the new records:
      // as the app's import.run does (the store worker's writes, then the engine's reload), and
      // as before, the import and the snapshot load on the main thread.
      const ours: Run[] = [];
      const before: Run[] = [];
      for (let run = 0; run < runs; run++) {
        const app = createApplication({ session: session() });
        await app.session.create(join(dir, `ours-${run}.vsow`), PASSPHRASE);
        ours.push(
          await measured(
            async () => {
              await changeData(app.session, () => importInStoreWorker(app.session, { cohort: 'victims', path: csv }));
              // The WAL's copy into the file follows in a store worker: the window covers it.
              await app.session.checkpointed();
            },
            ours[0]?.work.workMs ?? 5_000,
            'import',
          ),
        );
        await app.shutdown();
        removeWorkspace(join(dir, `ours-${run}.vsow`));
        if (!withBefore) continue;
        const created = Workspace.create(join(dir, `before-${run}.vsow`), PASSPHRASE);
        const analysis = new AnalysisService();
        before.push(
          await measured(async () => {
            await runImport(created, { cohort: 'victims', path: csv });
            await analysis.load(created);
            // Its checkpoint ran on this connection 250 ms after the import: the window covers it.
            await new Promise((resolve) => setTimeout(resolve, 300));
          }, before[0]?.work.workMs ?? 5_000),
        );
        await analysis.unload();
        created.close();
        removeWorkspace(join(dir, `before-${run}.vsow`));
      }
      measuredRows.push(...rows(`importing ${millions} rows`, ours, before));
    }

    if (phases.has('open')) {
      // Opening as the app does (key derived on the thread pool, snapshots read in a store
      // worker), alternating with the open and load on the main thread.
      const ours: Run[] = [];
      const before: Run[] = [];
      for (let run = 0; run < runs; run++) {
        const app = createApplication({ session: session() });
        ours.push(await measured(() => app.session.open(path, PASSPHRASE), ours[0]?.work.workMs ?? 3_000, 'open'));
        await app.shutdown();
        if (!withBefore) continue;
        const analysis = new AnalysisService();
        let workspace: Workspace | undefined;
        before.push(
          await measured(async () => {
            workspace = Workspace.open(path, PASSPHRASE);
            await analysis.load(workspace);
          }, before[0]?.work.workMs ?? 3_000),
        );
        await analysis.unload();
        workspace?.close();
      }
      measuredRows.push(...rows(`opening a ${millions}-record workspace`, ours, before));
    }

    if (phases.has('protect')) {
      const table = areaByOffence(480, 20_000);
      const rule = { threshold: 10, secondary: true, round: null, suppressZeros: false };
      const ours: Run[] = [];
      for (let run = 0; run < runs; run++)
        ours.push(await measured(() => protectTableOffThread(table, rule), ours[0]?.work.workMs ?? 2_000, 'protect'));
      measuredRows.push(...rows('protecting a 480 x 13 table', ours));
    }

    if (phases.has('pack')) {
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
      // As buildReport does in the app: the pack drawn in the warm render worker, borrowed and
      // given back. One pack unmeasured first finds its modules loaded, as a pack built a few
      // seconds after the open would. Alternated with a worker started cold for each pack (as
      // every pack was drawn before), and with the drawing on this thread.
      prepareRenderWorker();
      await withRenderWorker(PACK, undefined, (renderer) => pack(-1, renderer));
      const ours: Run[] = [];
      const cold: Run[] = [];
      const before: Run[] = [];
      for (let run = 0; run < runs; run++) {
        ours.push(
          await measured(
            () => withRenderWorker(PACK, undefined, (renderer) => pack(run, renderer)),
            ours[0]?.work.workMs ?? 2_000,
            'pack',
          ),
        );
        cold.push(
          await measured(
            async () => {
              const renderer = startRenderWorker();
              await pack(run + runs, renderer).finally(() => renderer.close());
            },
            cold[0]?.work.workMs ?? 3_000,
            'pack in a cold worker',
          ),
        );
        if (withBefore) before.push(await measured(() => pack(run + 2 * runs), before[0]?.work.workMs ?? 2_000));
      }
      await endRenderWorker();
      await analysis.unload();
      workspace.close();
      const name = 'building a report pack (3 figures)';
      measuredRows.push(...rows(name, ours, before));
      measuredRows.push(latencyRow(name, ours, before));
      const elapsed = (list: readonly Run[]) => median(list.map((r) => r.work.workMs));
      measuredRows.push({
        name: `  end to end, request to reply, beside a cold worker: ${name}`,
        medianMs: elapsed(ours),
        peer: 'a render worker started cold per pack (before)',
        peerMedianMs: elapsed(cold),
        unit: 'ms',
        extra: { coldStallMedianMs: Math.round(median(cold.map((r) => r.work.longestOwnMs))) },
      });
    }
    if (phases.has('export')) {
      // One saved figure exported as the app's export.figure does (counted and protected here,
      // drawn in a render worker, audited), beside the same counting with the drawing on this
      // thread as it was. On a copy of the workspace: the exports write audit entries.
      const copy = join(dir, 'export.vsow');
      copyFileSync(path, copy);
      const workspace = Workspace.open(copy, PASSPHRASE);
      const analysis = new AnalysisService();
      await analysis.load(workspace);
      const exports = createExportSession(workspace, analysis);
      const saved = figure('Victims by sex and age band', 'bar', ['age_band'], ['sex']);
      saveFigure(workspace.db, saved, null, true);
      const work = { signal: new AbortController().signal, progress: () => undefined };
      const now = <T>(write: () => Promise<T>): Promise<T> => write();
      const onThisThread = async (format: 'png' | 'pdf', out: string): Promise<void> => {
        const result = await exports.resolve(saved.query);
        const footnote = footnoteLines(saved.query, exports.labelOf, result.disclosure, {
          source: exports.source,
          synthetic: exports.synthetic,
        });
        await exportFigure(result, saved, format, out, {
          labelOf: exports.labelOf,
          footnote,
          raster: { scale: 2 },
          synthetic: exports.synthetic,
          overwrite: true,
        });
      };
      // As the app does when a workspace opens: a render worker started idle and kept warm for
      // every export. One export unmeasured first finds it loaded, as an analyst's export a few
      // seconds after the open would; each measured export then reuses it.
      prepareRenderWorker();
      const out0 = join(dir, 'figure-warm.png');
      await exportSavedFigure(
        workspace,
        exports,
        { name: saved.name, format: 'png', path: out0, dpi: null, overwrite: true },
        work,
        now,
      );
      for (const format of ['png', 'pdf'] as const) {
        const ours: Run[] = [];
        const before: Run[] = [];
        for (let run = 0; run < runs; run++) {
          const out = join(dir, `figure-${run}.${format}`);
          ours.push(
            await measured(
              () =>
                exportSavedFigure(
                  workspace,
                  exports,
                  { name: saved.name, format, path: out, dpi: null, overwrite: true },
                  work,
                  now,
                ),
              ours[0]?.work.workMs ?? 1_000,
              `export ${format}`,
            ),
          );
          if (withBefore) before.push(await measured(() => onThisThread(format, out), before[0]?.work.workMs ?? 1_000));
        }
        measuredRows.push(...rows(`exporting one figure as ${format.toUpperCase()}`, ours, before));
        measuredRows.push(latencyRow(`exporting one figure as ${format.toUpperCase()}`, ours, before));
      }
      await endRenderWorker();
      await analysis.unload();
      workspace.close();
      removeWorkspace(copy);
    }
    if (phases.has('delete')) {
      // Undoing the import of every record, on a copy of the workspace each run: as the app's
      // batch.delete does (the count and the deletion in a store worker, then the engine's
      // reload and the WAL's copy), and as before, the count, the deletion and the snapshot
      // load on the main thread.
      const ours: Run[] = [];
      const before: Run[] = [];
      for (let run = 0; run < runs; run++) {
        const copy = join(dir, `delete-${run}.vsow`);
        copyFileSync(path, copy);
        const app = createApplication({ session: session() });
        await app.session.open(copy, PASSPHRASE);
        const batch = app.session.current().listBatches()[0];
        if (batch === undefined) throw new Error('The benchmark workspace holds no batch to delete.');
        const records = app.session.current().batchSummary(batch.id).records;
        ours.push(
          await measured(
            async () => {
              await deleteBatchConfirmed(app.session, batch.id, records);
              await app.session.checkpointed();
            },
            ours[0]?.work.workMs ?? 5_000,
            'delete',
          ),
        );
        await app.shutdown();
        removeWorkspace(copy);
        if (!withBefore) continue;
        copyFileSync(path, copy);
        const workspace = Workspace.open(copy, PASSPHRASE);
        const analysis = new AnalysisService();
        await analysis.load(workspace);
        before.push(
          await measured(async () => {
            if (workspace.batchSummary(batch.id).records !== records) throw new Error('The batch changed.');
            workspace.deleteBatch(batch.id);
            await analysis.load(workspace);
          }, before[0]?.work.workMs ?? 5_000),
        );
        await analysis.unload();
        workspace.close();
        removeWorkspace(copy);
      }
      measuredRows.push(...rows(`deleting a batch of ${millions} records`, ours, before));
    }
    return [...measuredRows, ...floorRows(floors)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
