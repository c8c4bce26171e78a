// An import's cancel in each of its steps, and the steps' lengths. A first import of `records`
// rows into an empty workspace (the only kind that has every step: indexes and the persons' key
// index set aside, person keys stored after the rows) runs in its store worker as the app runs
// it (changeData + importInStoreWorker, the body of the `import.run` handler). For each step,
// the worker is held at the step's start (a step board in shared memory), let go, and the cancel
// raised in the same turn, so the cancel lands in that step while the worker works in it; cancel
// to answer is the figure, target 100 ms; one more row cancels 100 ms into `storing`, inside the
// rows' COMMIT. A cancel once the commit (the publishing one) has begun waits for it and
// reports the import committed. Beside them: the uncancelled import's total time and its steps,
// and a later import cancelled once its rows have committed unpublished (`finishing`): cancel to
// answer, the removal of its rows left alone, and a write asked right after the answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAppError } from '../shared/errors.ts';
import { createApplication, type Application } from '../src-main/app/application.ts';
import { importInStoreWorker } from '../src-main/app/import/importInStoreWorker.ts';
import { ImportStepBoard } from '../src-main/app/import/importStepBoard.ts';
import { changeData } from '../src-main/app/workspace/dataChange.ts';
import { RecentWorkspaces } from '../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../src-main/app/workspace/workspaceSession.ts';
import { IMPORT_STEPS, type BoardStep, type ImportStep } from '../src-main/import/importSteps.ts';
import type { BenchRow } from './types.ts';

const PASSPHRASE = 'benchmark passphrase, long enough 42';
const TARGET_MS = 100;
/**
 * The same uncancelled first import of 1M rows at the start commit (8ed5297), in its store
 * worker under tsx, timed as `timedImport` times it, interleaved with this code's on the same
 * machine (2 cores shared, load average 19-22): wall 35.6, 43.8 and 40.5 s (this code's: 54.8,
 * 37.0 and 34.0 s); CPU of every thread 10.7 s (this code's 10.8 s).
 */
const START_COMMIT_IMPORT_MS = 40_549;
const START_COMMIT_IMPORT_CPU_MS = 10_722;

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function openApp(dir: string, name: string): Promise<Application> {
  const app = createApplication({
    session: new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) }),
  });
  await app.session.create(join(dir, name), PASSPHRASE);
  return app;
}

interface CancelledStep {
  /** From the cancel to the answer, in ms. */
  ms: number;
  /** The answer's code, or 'ok' (committed). */
  outcome: string;
  /** The step the worker had begun when the answer came (the cancel landed in it or later). */
  stepAtAnswer: BoardStep | null;
}

/**
 * One import cancelled in `step`: held at its start, let go and cancelled in the same turn, or
 * `afterMs` later (the rows' COMMIT begins within microseconds of `storing` and lasts seconds at
 * a million rows: a cancel 100 ms in lands inside it).
 */
async function cancelInStep(app: Application, path: string, step: ImportStep, afterMs = 0): Promise<CancelledStep> {
  const board = new ImportStepBoard();
  board.holdAt(step);
  const controller = new AbortController();
  let over = false;
  let answeredAt = 0;
  let stepAtAnswer: BoardStep | null = null;
  // The import's own answer is timed; a committed one is followed by the engine's reload.
  const answer = changeData(app.session, () =>
    importInStoreWorker(app.session, {
      cohort: 'victims',
      path,
      signal: controller.signal,
      steps: board.buffer,
    }).finally(() => {
      answeredAt = performance.now();
      stepAtAnswer = board.current;
    }),
  ).then(
    () => 'ok',
    (error: unknown) => (isAppError(error) ? error.code : String(error)),
  );
  void answer.finally(() => (over = true));
  if (!(await board.reached(step, () => over))) throw new Error(`the import ended before ${step}: ${await answer}`);
  board.release();
  if (afterMs > 0) await new Promise((resolve) => setTimeout(resolve, afterMs));
  const cancelledAt = performance.now();
  controller.abort();
  const outcome = await answer;
  const ms = answeredAt - cancelledAt;
  // The rollback (or the unpublished rows' removal) finishes before the next import starts (its
  // write waits for it in the queue).
  return { ms, outcome, stepAtAnswer };
}

/** A row of cancels by the step they landed in. */
function stepRow(name: string, calls: readonly CancelledStep[]): BenchRow {
  const times = calls.map((c) => c.ms);
  return {
    name,
    medianMs: median(times),
    unit: 'ms',
    extra: {
      runs: calls.length,
      worstMs: Math.round(Math.max(...times)),
      outcomes: [...new Set(calls.map((c) => c.outcome))].join(', '),
      workerStepAtAnswer: [...new Set(calls.map((c) => c.stepAtAnswer ?? 'none'))].join(', '),
      targetMs: TARGET_MS,
    },
  };
}

const unpublishedLeft = (app: Application): boolean =>
  app.session.current().db.prepare(`SELECT 1 FROM import_batches WHERE status = 'importing' LIMIT 1`).get() !==
  undefined;

interface LateCancel {
  answerMs: number;
  /** `removal`: answer to no batch left unpublished; `write`: a write asked at the answer, until it runs. */
  afterMs: number;
  /** `write`: to its end, which takes in the main connection's automatic checkpoint of the import's WAL. */
  endMs: number;
}

/**
 * A later import of `path` cancelled while its worker is held at the start of `finishing` (its
 * rows committed unpublished), then let go; then either the removal is left alone and timed
 * (until no batch is unpublished, read every 20 ms) or a write is asked at once and timed.
 */
async function lateCancel(app: Application, path: string, then: 'removal' | 'write'): Promise<LateCancel> {
  const board = new ImportStepBoard();
  board.holdAt('finishing');
  const controller = new AbortController();
  let over = false;
  let answeredAt = 0;
  const answer = changeData(app.session, () =>
    importInStoreWorker(app.session, {
      cohort: 'victims',
      path,
      signal: controller.signal,
      steps: board.buffer,
      onDuplicateFile: 'import',
    }).finally(() => (answeredAt = performance.now())),
  ).then(
    () => 'ok',
    (error: unknown) => (isAppError(error) ? error.code : String(error)),
  );
  void answer.finally(() => (over = true));
  if (!(await board.reached('finishing', () => over))) throw new Error(`the import ended early: ${await answer}`);
  const cancelledAt = performance.now();
  controller.abort();
  const outcome = await answer;
  if (outcome !== 'CANCELLED') throw new Error(`a cancel in finishing was answered ${outcome}`);
  board.release();
  const answerMs = answeredAt - cancelledAt;
  if (then === 'write') {
    const asked = performance.now();
    let runs = asked;
    await app.session.exclusive(async () => {
      runs = performance.now();
      app.session.current().setScreenState('explore', { probe: asked });
    });
    return { answerMs, afterMs: runs - asked, endMs: performance.now() - asked };
  }
  while (unpublishedLeft(app)) await new Promise((resolve) => setTimeout(resolve, 20));
  return { answerMs, afterMs: performance.now() - answeredAt, endMs: Number.NaN };
}

/** Rows of late cancels of a later import of `path` onto the same file imported once. */
export async function benchLateCancel(opts: { path: string; records: number; runs: number }): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vso-bench-late-cancel-'));
  const millions = `${opts.records / 1_000_000}M`;
  try {
    const app = await openApp(dir, 'late.vsow');
    try {
      await changeData(app.session, () => importInStoreWorker(app.session, { cohort: 'victims', path: opts.path }));
      const removals: LateCancel[] = [];
      const writes: LateCancel[] = [];
      // Alternating, so both see the same machine; a write's run may leave rows for the next
      // import, which removes them first (that import's time is not measured).
      for (let run = 0; run < opts.runs; run++) {
        removals.push(await lateCancel(app, opts.path, 'removal'));
        writes.push(await lateCancel(app, opts.path, 'write'));
      }
      const late = (name: string, calls: LateCancel[], key: keyof LateCancel): BenchRow => ({
        name: `a later import of ${millions} rows onto ${millions} cancelled in finishing: ${name}`,
        medianMs: median(calls.map((c) => c[key])),
        unit: 'ms',
        extra: { runs: calls.length, worstMs: Math.round(Math.max(...calls.map((c) => c[key]))) },
      });
      return [
        late('cancel to answer', [...removals, ...writes], 'answerMs'),
        late('answer to its rows removed (left alone)', removals, 'afterMs'),
        late('a write asked at the answer, until it runs', writes, 'afterMs'),
        late('a write asked at the answer, to its end', writes, 'endMs'),
      ];
    } finally {
      await app.shutdown();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An uncancelled import: its total time, and each step's length as the step board showed it. */
export async function timedImport(
  app: Application,
  path: string,
): Promise<{ totalMs: number; cpuMs: number; steps: Record<string, number> }> {
  const board = new ImportStepBoard();
  let started = performance.now();
  let ended = started;
  const marks: Array<[string, number]> = [];
  let over = false;
  const watching = (async () => {
    let seen: BoardStep | null = null;
    while (!over) {
      const now = board.current;
      if (now !== seen && now !== null) {
        seen = now;
        marks.push([now, performance.now()]);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  // Timed without the engine's reload that follows (changeData), which is not the import's.
  let cpuMs = 0;
  await changeData(app.session, async () => {
    started = performance.now();
    const cpu = process.cpuUsage();
    marks.push(['beforeReading', started]);
    const result = await importInStoreWorker(app.session, { cohort: 'victims', path, steps: board.buffer });
    ended = performance.now();
    // Every thread of the process: the store worker's and the import workers' too.
    const used = process.cpuUsage(cpu);
    cpuMs = (used.user + used.system) / 1000;
    return result;
  });
  over = true;
  await watching;
  marks.push(['end', ended]);
  const steps: Record<string, number> = {};
  for (let i = 0; i + 1 < marks.length; i++)
    steps[`${(marks[i] as [string, number])[0]}Ms`] = Math.round(
      (marks[i + 1] as [string, number])[1] - (marks[i] as [string, number])[1],
    );
  return { totalMs: ended - started, cpuMs, steps };
}

export async function benchImportCancelSteps(opts: {
  path: string;
  records: number;
  runs: number;
}): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vso-bench-cancel-steps-'));
  const millions = `${opts.records / 1_000_000}M`;
  const rows: BenchRow[] = [];
  try {
    // Every cancel before the commit leaves the workspace empty: one workspace serves them all.
    let app = await openApp(dir, 'steps.vsow');
    for (const step of IMPORT_STEPS) {
      const calls: CancelledStep[] = [];
      for (let run = 0; run < opts.runs; run++) {
        if (step === 'commit' && run > 0) {
          // A cancel in the commit leaves the import committed: the next run needs an empty workspace.
          await app.shutdown();
          app = await openApp(dir, `commit-${run}.vsow`);
        }
        calls.push(await cancelInStep(app, opts.path, step));
      }
      rows.push(stepRow(`cancel to reply: importing ${millions} rows, in step ${step}`, calls));
      if (step !== 'storing') continue;
      // Inside the rows' COMMIT, an import's longest statement (once past the point of no return).
      const inRowsCommit: CancelledStep[] = [];
      for (let run = 0; run < opts.runs; run++) inRowsCommit.push(await cancelInStep(app, opts.path, 'storing', 100));
      rows.push(stepRow(`cancel to reply: importing ${millions} rows, inside the rows' COMMIT`, inRowsCommit));
    }
    await app.shutdown();

    const totals: number[] = [];
    const cpu: number[] = [];
    let steps: Record<string, number> = {};
    for (let run = 0; run < Math.min(opts.runs, 3); run++) {
      const fresh = await openApp(dir, `whole-${run}.vsow`);
      try {
        const timed = await timedImport(fresh, opts.path);
        totals.push(timed.totalMs);
        cpu.push(timed.cpuMs);
        steps = timed.steps;
      } finally {
        await fresh.shutdown();
      }
    }
    rows.push({
      name: `importing ${millions} rows into an empty workspace (store worker), uncancelled`,
      medianMs: median(totals),
      peer: 'the start commit (8ed5297), measured beside it',
      peerMedianMs: START_COMMIT_IMPORT_MS,
      ratio: median(totals) / START_COMMIT_IMPORT_MS,
      unit: 'ms',
      extra: {
        runs: totals.length,
        cpuMs: Math.round(median(cpu)),
        startCommitCpuMs: START_COMMIT_IMPORT_CPU_MS,
        ...steps,
      },
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
