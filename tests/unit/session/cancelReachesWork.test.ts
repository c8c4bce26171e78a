// A cancel sent as the transports send it (a cancel message with the request's id) reaches the
// work and leaves nothing half-done: a query is answered CANCELLED and the engine answers the
// same query afterwards exactly as a fresh one; an import is rolled back (the test's own SQL
// finds no batch and no row of it) and the main connection is the writer again; a protection
// in the disclosure worker stops at its first progress; a report pack stopped while its first
// figure is drawn leaves no folder and no file, and an earlier pack in the folder stays whole.
// Real SQLCipher file, real store, engine, disclosure and render workers.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { protectTableOffThread } from '../../../src-main/disclosure/index.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createDispatcher, type Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createMainServices, type MainServices } from '../../../src-main/ipc/mainServices.ts';
import { areaByOffence } from '../../../bench/disclosureData.ts';
import { cancelledCall } from '../../helpers/cancelCall.ts';
import { districtFigure, yearFigure } from '../report/figureSpecs.ts';
import { fixture, PASSPHRASE, TempDir } from '../import/importTestKit.ts';

let dir: TempDir;
let services: MainServices;
let api: Dispatcher;

beforeEach(async () => {
  dir = new TempDir();
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) });
  services = createMainServices({ mode: 'browser', modeReason: 'test', session });
  api = createDispatcher(createHandlers(services), 'test');
  await api.call('workspace.create', { path: dir.file('cancel.vsow'), passphrase: PASSPHRASE });
  const first = await fixture(dir, 'victims', 4_000, { seed: 1, dialect: 'canonical' });
  await api.call('import.run', { cohort: 'victims', path: first.path });
});

afterEach(async () => {
  await services.shutdown?.();
  dir.remove();
});

function stored(): { batches: number; victims: number } {
  const db = services.session.current().db;
  return {
    batches: db.prepare('SELECT count(*) FROM import_batches').pluck().get() as number,
    victims: db.prepare('SELECT count(*) FROM victims').pluck().get() as number,
  };
}

/** Whether the main connection writes for a write holding the queue (SQLite's own flag). */
function writerInQueue(): Promise<boolean> {
  return services.session.exclusive(
    async () => services.session.current().db.pragma('query_only', { simple: true }) === 0,
  );
}

const SPEC = {
  cohort: 'victims',
  rows: ['district'],
  cols: ['sex'],
  measure: 'persons',
  disclosure: { threshold: 5, secondary: true, round: null, suppressZeros: false },
};

describe('a cancel reaches the work', () => {
  it('stops a query, and the engine then answers it as if nothing happened', async () => {
    const call = await cancelledCall(api, 'engine.query', SPEC, { immediately: true });
    expect(call.outcome).toBe('CANCELLED');
    const after = await api.call('engine.query', SPEC);
    const again = await api.call('engine.query', SPEC);
    expect(after.total).toBeGreaterThan(0);
    expect([after.counts, after.total]).toEqual([again.counts, again.total]);
  });

  it('rolls an import back, and gives the write role back to the main connection', async () => {
    const before = stored();
    const big = await fixture(dir, 'victims', 40_000, { seed: 2, dialect: 'canonical' });
    const call = await cancelledCall(
      api,
      'import.run',
      { cohort: 'victims', path: big.path },
      { atProgress: (p) => p.phase === 'reading' },
    );
    expect(call.outcome).toBe('CANCELLED');
    expect(call.cancelToReplyMs).not.toBeNull();
    expect(stored()).toEqual(before);
    expect(await writerInQueue()).toBe(true);
    // Nothing of it is left to stop the same file importing whole.
    const result = await api.call('import.run', { cohort: 'victims', path: big.path });
    expect(stored().victims).toBe(before.victims + result.accepted);
  });

  it('stops a protection in the disclosure worker at its first progress', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    const outcome = await protectTableOffThread(
      areaByOffence(480, 20_000),
      { threshold: 10, secondary: true, round: null, suppressZeros: false },
      {
        signal: controller.signal,
        onProgress: (done) => {
          progress.push(done);
          controller.abort();
        },
      },
    ).then(
      () => 'finished',
      (error: unknown) => (error instanceof Error ? error.name : String(error)),
    );
    expect(outcome).toBe('AbortError');
    expect(progress.length).toBe(1);
  });

  it('stops a report pack while a figure is drawn and leaves no file; an earlier pack stays whole', async () => {
    for (const figure of [districtFigure('districts'), yearFigure('years')])
      await api.call('figures.save', { figure, overwrite: true });
    const report = {
      name: 'Pack',
      items: [
        { kind: 'figure', name: 'districts' },
        { kind: 'figure', name: 'years' },
      ],
    };
    await api.call('reports.save', { report });

    const fresh = dir.file('fresh-pack');
    const call = await cancelledCall(api, 'report.build', { name: 'Pack', outDir: fresh }, { atProgress: () => true });
    expect(call.outcome).toBe('CANCELLED');
    expect(existsSync(fresh)).toBe(false);

    const earlier = dir.file('earlier-pack');
    const built = await api.call('report.build', { name: 'Pack', outDir: earlier });
    const files = (): Record<string, string> =>
      Object.fromEntries(readdirSync(earlier).map((name) => [name, readFileSync(`${earlier}/${name}`, 'base64')]));
    const whole = files();
    expect(Object.keys(whole).length).toBe(built.files.length + 1); // and the pack's note
    const again = await cancelledCall(
      api,
      'report.build',
      { name: 'Pack', outDir: earlier },
      { atProgress: () => true },
    );
    expect(again.outcome).toBe('CANCELLED');
    expect(files()).toEqual(whole);
  });
});
