// A cancel sent as the transports send it reaches the work of the calls that once ignored it:
// a figure's preview stops before its table reaches the release worker, an infographic's
// preview and an extract's preview are answered CANCELLED (and answer whole when asked again),
// and an open stopped while the passphrase is checked leaves the open workspace as it was,
// one stopped while the engine reads the records leaves no workspace open, its file free to
// open again; a load stopped while the query workers take the snapshots is answered without
// waiting for them, and the same engine loads and counts whole after it. Real SQLCipher files, real store, engine and release workers.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnalysisService } from '../../../src-main/app/analysis/analysisService.ts';
import { snapshotsInStoreWorker } from '../../../src-main/app/workspace/snapshotsInWorker.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { QuerySpecSchema } from '../../../shared/query.ts';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import type { MainServices } from '../../../src-main/ipc/mainServices.ts';
import { cancelledCall } from '../../helpers/cancelCall.ts';
import { dispatcherWorkspaceCopies, type DispatcherWorkspace } from '../../helpers/dispatcherWorkspace.ts';
import { releaseWorkers } from '../../helpers/watchedReleaseWorkers.ts';
import { districtFigure } from '../report/figureSpecs.ts';
import { fixture, PASSPHRASE, type TempDir } from '../import/importTestKit.ts';

// The real release workers, watched: the jobs each was sent are seen here.
vi.mock('../../../src-main/workers/moduleWorker.ts', async (original) =>
  (await import('../../helpers/watchedReleaseWorkers.ts')).watchedModuleWorker(await original()),
);

const NAME = 'cancel-open.vsow';
const workspaces = dispatcherWorkspaceCopies(NAME, 'victims', 4_000);
let world: DispatcherWorkspace;
let dir: TempDir;
let services: MainServices;
let api: Dispatcher;

beforeEach(async () => {
  world = await workspaces.next();
  ({ dir, services, api } = world);
});

afterEach(async () => {
  await releaseWorkers.reset();
  await world.close();
});

afterAll(async () => {
  await workspaces.dispose();
});

const QUERY = { cohort: 'victims', rows: ['district'], cols: ['sex'] };

/** The number the engine gives now, to compare before and after a cancelled open. */
async function districtTotal(): Promise<number | null> {
  return (await api.call('engine.query', QUERY)).total;
}

const recentPaths = (recent: { items: Array<{ path: string }> }): string[] => recent.items.map((r) => r.path);

describe('a cancel reaches the previews', () => {
  it('stops a figure preview before its table reaches the release worker', async () => {
    await api.call('figures.save', { figure: districtFigure('districts'), overwrite: true });
    await releaseWorkers.reset();
    const call = await cancelledCall(api, 'figure.previewSvg', { name: 'districts' }, { immediately: true });
    expect(call.outcome).toBe('CANCELLED');
    // Without the signal the table was counted and protected in full, and only then dropped.
    expect(releaseWorkers.started.flatMap((w) => w.sent)).toEqual([]);
    const whole = await api.call('figure.previewSvg', { name: 'districts' });
    expect(whole.svg).toContain('<svg');
  });

  it('stops an infographic preview, and the same preview then draws whole', async () => {
    const { doc } = await api.call('infographic.fromTemplate', { template: 'victims' });
    const call = await cancelledCall(api, 'infographic.render', { doc }, { immediately: true });
    expect(call.outcome).toBe('CANCELLED');
    const whole = await api.call('infographic.render', { doc });
    expect(whole.svg).toContain('<svg');
  });

  it('stops an extract preview', async () => {
    const extract = await fixture(dir, 'victims', 200, { seed: 3, dialect: 'canonical' });
    const args = { path: extract.path, cohort: 'victims' };
    const call = await cancelledCall(api, 'import.preview', args, { immediately: true });
    expect(call.outcome).toBe('CANCELLED');
    const whole = await api.call('import.preview', args);
    expect(whole.rows.length).toBe(20);
  });
});

describe('a cancelled open leaves no half-open workspace', () => {
  it('while the passphrase is checked: the open workspace stays open as it was', async () => {
    const otherPath = dir.file('other.vsow');
    (await Workspace.createAsync(otherPath, PASSPHRASE)).close();
    const before = services.session.status();
    const total = await districtTotal();

    const call = await cancelledCall(
      api,
      'workspace.open',
      { path: otherPath, passphrase: PASSPHRASE },
      { atProgress: (p) => p.phase === 'Checking the passphrase' },
    );
    expect(call.outcome).toBe('CANCELLED');
    expect(services.session.status()).toEqual(before);
    expect(await districtTotal()).toBe(total);
    // The other file was never opened: nothing holds its lock, so it opens now.
    const opened = await api.call('workspace.open', { path: otherPath, passphrase: PASSPHRASE });
    expect(opened.path).toBe(otherPath);
  });

  it('while the engine reads the records: no workspace is left open, and the file opens again', async () => {
    const path = dir.file(NAME);
    const total = await districtTotal();
    await api.call('workspace.close', {});
    await api.call('workspace.forgetRecent', { path });

    const call = await cancelledCall(
      api,
      'workspace.open',
      { path, passphrase: PASSPHRASE },
      { atProgress: (p) => p.phase === 'Loading the records' },
    );
    expect(call.outcome).toBe('CANCELLED');
    expect(services.session.status().state).toBe('none');
    await expect(api.call('engine.query', QUERY)).rejects.toMatchObject({ code: 'NO_WORKSPACE' });
    // Not opened, so not offered as a recent workspace.
    expect(recentPaths(await api.call('workspace.recent', {}))).not.toContain(path);

    const opened = await api.call('workspace.open', { path, passphrase: PASSPHRASE });
    expect(opened.state).toBe('open');
    expect(await districtTotal()).toBe(total);
    expect(recentPaths(await api.call('workspace.recent', {}))).toContain(path);
  });
});

describe('a cancelled engine load', () => {
  it('is answered while the query workers take the snapshots, and the next load counts whole', async () => {
    const workspace = services.session.current();
    const spec = QuerySpecSchema.parse(QUERY);
    const controller = new AbortController();
    // The real store worker's read; the cancel comes as the query workers are given its snapshots.
    const read = snapshotsInStoreWorker({});
    const analysis = new AnalysisService(undefined, async (ws) => {
      const snapshots = await read(ws);
      if (!controller.signal.aborted) queueMicrotask(() => controller.abort());
      return snapshots;
    });
    try {
      await expect(analysis.load(workspace, { signal: controller.signal })).rejects.toMatchObject({
        name: 'AbortError',
      });
      await analysis.unload();
      await analysis.load(workspace);
      // The app's own engine, loaded by its open, is the oracle.
      const expected = await services.analysis.rawQuery(spec);
      const raw = await analysis.rawQuery(spec);
      expect(raw.total).toBeGreaterThan(0);
      expect([raw.counts, raw.total]).toEqual([expected.counts, expected.total]);
    } finally {
      await analysis.unload();
    }
  });
});
