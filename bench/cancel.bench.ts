// Cancel: from the cancel message to the reply, through the real dispatcher (as the IPC and
// HTTP transports send it), for a long query, an import, an open, a protection of a 480 x 13
// table and a report pack build, on a workspace of the given size. Target: under 100 ms each. Beside
// them, the one-writer rule measured: how long a write that skips the session's queue during
// an import takes to be refused (it used to wait out the main connection's busy timeout), and
// an import's cancel in each of its steps (importCancelSteps.ts), its total time beside the
// start commit's.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cohort } from '../shared/codebook.ts';
import { RecentWorkspaces } from '../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../src-main/app/workspace/workspaceSession.ts';
import { protectTableOffThread } from '../src-main/disclosure/index.ts';
import { createHandlers } from '../src-main/ipc/createHandlers.ts';
import { createDispatcher } from '../src-main/ipc/dispatcher.ts';
import { createMainServices } from '../src-main/ipc/mainServices.ts';
import { generateFixture } from '../src-main/sample/generator/generate.ts';
import { cancelledCall, type CancelledCall } from '../tests/helpers/cancelCall.ts';
import { areaByOffence } from './disclosureData.ts';
import { benchImportCancelSteps, benchLateCancel } from './importCancelSteps.ts';
import type { BenchRow } from './types.ts';

const PASSPHRASE = 'benchmark passphrase, long enough 42';
const TARGET_MS = 100;
/** The main connection's busy timeout before the one-writer rule (workspaceSession.ts). */
const BUSY_WAIT_BEFORE_MS = 200;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function row(name: string, calls: readonly CancelledCall[]): BenchRow {
  const timed = calls.flatMap((c) => (c.cancelToReplyMs === null ? [] : [c.cancelToReplyMs]));
  const outcomes = [...new Set(calls.map((c) => c.outcome))].join(', ');
  return {
    name: `cancel to reply: ${name}`,
    medianMs: timed.length === 0 ? Number.NaN : median(timed),
    unit: 'ms',
    extra: {
      runs: timed.length,
      finishedBeforeCancel: calls.length - timed.length,
      worstMs: timed.length === 0 ? Number.NaN : Math.round(Math.max(...timed)),
      outcomes,
      targetMs: TARGET_MS,
    },
  };
}

const query = (cohort: Cohort, rows: string[], cols: string[]) => ({
  cohort,
  rows,
  cols,
  measure: 'persons',
  disclosure: { threshold: 10, secondary: true, round: null, suppressZeros: false },
});

export async function benchCancel(opts: { records: number; runs?: number }): Promise<BenchRow[]> {
  const runs = opts.runs ?? 5;
  const dir = mkdtempSync(join(tmpdir(), 'vso-bench-cancel-'));
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
  const services = createMainServices({ mode: 'browser', modeReason: 'benchmark', session });
  const api = createDispatcher(createHandlers(services), 'test');
  try {
    const stored = join(dir, 'victims.csv');
    const another = join(dir, 'victims-2.csv');
    await generateFixture({ cohort: 'victims', rows: opts.records, seed: 2026, dialect: 'canonical', out: stored });
    await generateFixture({ cohort: 'victims', rows: opts.records, seed: 2027, dialect: 'canonical', out: another });
    await api.call('workspace.create', { path: join(dir, 'cancel.vsow'), passphrase: PASSPHRASE });
    await api.call('import.run', { cohort: 'victims', path: stored });

    // A persons cross-tab is one exact pass over the person-sorted rows: long on a million.
    const layouts = [
      [['district'], ['sex']],
      [['offence_group'], ['age_band']],
      [['lsoa'], ['sex']],
      [['district'], ['offence_group']],
      [['age_band'], ['ethnicity']],
    ] as const;
    const queries: CancelledCall[] = [];
    for (const [rows, cols] of layouts.slice(0, Math.max(runs, 3)))
      queries.push(await cancelledCall(api, 'engine.query', query('victims', [...rows], [...cols]), { afterMs: 5 }));

    const imports: CancelledCall[] = [];
    for (let run = 0; run < runs; run++)
      imports.push(
        await cancelledCall(
          api,
          'import.run',
          { cohort: 'victims', path: another },
          { atProgress: (p) => p.phase === 'reading' && p.done > 0 },
        ),
      );

    // The disclosure worker as the engine's queries and the exports use it; cancel mid-suppression.
    const table = areaByOffence(480, 20_000);
    const rule = { threshold: 10, secondary: true, round: null, suppressZeros: false };
    const protections: CancelledCall[] = [];
    for (let run = 0; run < runs; run++) {
      const controller = new AbortController();
      let cancelledAt = 0;
      const outcome = await protectTableOffThread(table, rule, {
        signal: controller.signal,
        onProgress: () => {
          if (controller.signal.aborted) return;
          cancelledAt = performance.now();
          controller.abort();
        },
      }).then(
        () => 'ok',
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      );
      protections.push({
        cancelToReplyMs: controller.signal.aborted ? performance.now() - cancelledAt : null,
        outcome,
        progress: [],
      });
    }

    const figures = [
      { name: 'By district and sex', chart: 'bar', query: { cohort: 'victims', rows: ['district'], cols: ['sex'] } },
      { name: 'By offence group', chart: 'table', query: { cohort: 'victims', rows: ['offence_group'] } },
      { name: 'By financial year', chart: 'line', query: { cohort: 'victims', rows: ['financial_year'] } },
    ];
    for (const figure of figures)
      await api.call('figures.save', { figure: { ...figure, title: figure.name }, overwrite: true });
    await api.call('reports.save', {
      report: { name: 'Cancelled pack', items: figures.map((f) => ({ kind: 'figure', name: f.name })) },
    });
    const packs: CancelledCall[] = [];
    let packFoldersLeft = 0;
    for (let run = 0; run < runs; run++) {
      const outDir = join(dir, `pack-${run}`);
      packs.push(
        await cancelledCall(
          api,
          'report.build',
          { name: 'Cancelled pack', outDir },
          { atProgress: (p) => p.done === 1 },
        ),
      );
      if (existsSync(outDir)) packFoldersLeft += 1;
    }

    // A write that skips the queue while an import holds the write role: refused how fast?
    const refusals: number[] = [];
    for (let run = 0; run < runs; run++) {
      let refusedInMs: number | null = null;
      await cancelledCall(
        api,
        'import.run',
        { cohort: 'victims', path: another },
        {
          atProgress: (p) => {
            if (p.phase !== 'reading' || refusedInMs !== null) return false;
            const started = performance.now();
            try {
              session.current().setScreenState('explore', { probe: run });
            } catch {
              // WORKSPACE_BUSY: the measurement is how soon.
            }
            refusedInMs = performance.now() - started;
            return true;
          },
        },
      );
      if (refusedInMs !== null) refusals.push(refusedInMs);
    }

    // An open cancelled while the engine reads the records (it used to finish the open first).
    const workspacePath = join(dir, 'cancel.vsow');
    const opens: CancelledCall[] = [];
    for (let run = 0; run < runs; run++) {
      await api.call('workspace.close', {});
      opens.push(
        await cancelledCall(
          api,
          'workspace.open',
          { path: workspacePath, passphrase: PASSPHRASE },
          { atProgress: (p) => p.phase === 'Loading the records' },
        ),
      );
    }

    const millions = `${opts.records / 1_000_000}M`;
    // Each step of a first import, with the app's own session idle meanwhile.
    const steps = await benchImportCancelSteps({ path: stored, records: opts.records, runs });
    // A later import cancelled once its rows have committed unpublished: answer, removal, next write.
    const late = await benchLateCancel({ path: stored, records: opts.records, runs: Math.min(runs, 3) });
    return [
      row(`a persons query over ${millions} records`, queries),
      row(`importing ${millions} rows`, imports),
      row(`opening a workspace of ${millions} records`, opens),
      row('protecting a 480 x 13 table (disclosure worker)', protections),
      { ...row('building a report pack (3 figures)', packs), extra: { ...row('', packs).extra, packFoldersLeft } },
      {
        name: 'a write skipping the queue during an import: refused after',
        medianMs: median(refusals),
        peer: 'busy timeout before (one writer by convention)',
        peerMedianMs: BUSY_WAIT_BEFORE_MS,
        unit: 'ms',
        extra: { runs: refusals.length },
      },
      ...steps,
      ...late,
    ];
  } finally {
    await services.shutdown?.();
    rmSync(dir, { recursive: true, force: true });
  }
}
