// Writes asked for while an import runs in the store worker: through the real dispatcher on a
// real SQLCipher file, each kind of write the app makes (the register of an export and its
// audit entry, a saved figure, infographic and report, screen state, settings, retention, a new
// release) waits in the session's write queue (not in SQLite's busy handler on the main
// thread), lands after the import, never refused, and is there afterwards; one queued behind an
// import that is then cancelled still lands. The main thread is shown free by a 5 ms interval
// that keeps ticking while the writes are pending. A write that skips the queue is refused at
// once, import or not: the rule is SQLite's (the main connection is read-only outside it).
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExploreView } from '../../../shared/contract/screenState.ts';
import { isAppError } from '../../../shared/errors.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { startStoreWork } from '../../../src-main/app/workspace/storeThread.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createDispatcher, type Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createMainServices, type MainServices } from '../../../src-main/ipc/mainServices.ts';
import { districtFigure } from '../report/figureSpecs.ts';
import { fixture, PASSPHRASE, TempDir } from '../import/importTestKit.ts';

const VIEW: ExploreView = {
  cohort: 'victims',
  period: { kind: 'financialYear', financialYears: ['2023/24'] },
  selections: {},
  rows: ['district'],
  cols: ['sex'],
  measure: 'records',
  rate: null,
  percent: 'none',
  stats: false,
  intervals: false,
  disclosure: { threshold: 5, secondary: true, round: null, suppressZeros: false },
  groups: {},
  chart: 'bar',
  keepEmpty: false,
  title: 'Saved while an import ran',
  notes: '',
  figureName: '',
};

let dir: TempDir;
let services: MainServices;
let api: Dispatcher;

beforeEach(async () => {
  dir = new TempDir();
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) });
  services = createMainServices({ mode: 'browser', modeReason: 'test', session });
  api = createDispatcher(createHandlers(services), 'test');
  await api.call('workspace.create', { path: dir.file('w.vsow'), passphrase: PASSPHRASE });
  const first = await fixture(dir, 'victims', 3_000, { seed: 1, dialect: 'canonical' });
  await api.call('import.run', { cohort: 'victims', path: first.path });
  await api.call('figures.save', { figure: districtFigure('districts'), overwrite: true });
});

afterEach(async () => {
  await services.shutdown?.();
  dir.remove();
});

/** Counts interval ticks that fire while at least one of the tracked calls is still pending. */
function tickWatch(): { track<T>(p: Promise<T>): Promise<T>; stop(): number } {
  let pending = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    if (pending > 0) ticks += 1;
  }, 5);
  return {
    track<T>(p: Promise<T>): Promise<T> {
      pending += 1;
      return p.finally(() => {
        pending -= 1;
      });
    },
    stop(): number {
      clearInterval(timer);
      return ticks;
    },
  };
}

function storedVictims(): number {
  const db = services.session.current().db;
  return (db.prepare('SELECT count(*) AS n FROM victims').get() as { n: number }).n;
}

describe('writes while an import runs in the store worker', () => {
  it('queue behind the import without blocking the main thread, then land', async () => {
    const big = await fixture(dir, 'victims', 60_000, { seed: 2, dialect: 'canonical' });
    const { doc } = await api.call('infographic.fromTemplate', { template: 'victims' });
    const before = storedVictims();
    const order: string[] = [];
    let started!: () => void;
    const firstProgress = new Promise<void>((resolve) => (started = resolve));
    const importing = api
      .call('import.run', { cohort: 'victims', path: big.path }, { progress: () => started() })
      .then((result) => {
        order.push('import');
        return result;
      });
    await firstProgress;

    const watch = tickWatch();
    const out = dir.file('districts.csv');
    const write = (name: string, call: Promise<unknown>): Promise<unknown> =>
      watch.track(call).then(() => order.push(name));
    const writes = [
      write('screen', api.call('screen.explore.set', { view: VIEW })),
      write('figure', api.call('figures.save', { figure: { ...districtFigure('during import') }, overwrite: false })),
      write('export', api.call('export.figure', { name: 'districts', format: 'csv', path: out })),
      write('release', api.call('releases.start', { name: 'Started during an import' })),
      write('contact', api.call('workspace.setContact', { contact: 'Analysts, analysts@example.gov.uk' })),
      write('retention', api.call('retention.set', { years: 7 })),
      write('report', api.call('reports.save', { report: { name: 'During import', items: [] } })),
      write('infographic', api.call('infographics.save', { doc: { ...doc, name: 'During import' } })),
    ];
    const results = await Promise.allSettled([importing, ...writes]);
    const ticks = watch.stop();

    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(results.map(() => 'ok'));
    expect(order[0]).toBe('import');
    expect([...order].sort()).toEqual(
      ['contact', 'export', 'figure', 'import', 'infographic', 'release', 'report', 'retention', 'screen'].sort(),
    );
    expect(ticks).toBeGreaterThanOrEqual(1);

    const imported = await importing;
    expect(storedVictims()).toBe(before + imported.accepted);
    expect(await api.call('screen.explore.get', {})).toEqual({ view: VIEW });
    expect((await api.call('figures.get', { name: 'during import' })).name).toBe('during import');
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8').length).toBeGreaterThan(0);
    const { entries } = await api.call('audit.list', { limit: 1000 });
    const tableExports = entries.filter((e) => e.action === 'export.table');
    expect(tableExports.map((e) => (e.detail.files as Array<{ path: string }>).map((f) => f.path))).toEqual([[out]]);
    // Each write's own audit entry and stored value, read back through the API.
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['release.start', 'settings.change', 'export.table']));
    const { releases } = await api.call('releases.list', {});
    expect(releases.map((r) => r.name)).toContain('Started during an import');
    // The export's publication is in the register, in whichever release was open when it landed.
    const published = await Promise.all(
      releases.map(async (r) => (await api.call('publications.list', { releaseId: r.id })).publications),
    );
    expect(published.flat().filter((p) => p.id === tableExports[0]?.detail.publication)).toHaveLength(1);
    expect((await api.call('workspace.contact', {})).contact).toBe('Analysts, analysts@example.gov.uk');
    expect((await api.call('retention.get', {})).years).toBe(7);
    expect((await api.call('reports.list', {})).reports.map((r) => r.name)).toContain('During import');
    expect((await api.call('infographics.get', { name: 'During import' })).doc.name).toBe('During import');
  });

  it('still land when the import they waited for is cancelled', async () => {
    const big = await fixture(dir, 'victims', 40_000, { seed: 3, dialect: 'canonical' });
    const before = storedVictims();
    const cancel = new AbortController();
    let started!: () => void;
    const firstProgress = new Promise<void>((resolve) => (started = resolve));
    const importing = api
      .call('import.run', { cohort: 'victims', path: big.path }, { signal: cancel.signal, progress: () => started() })
      .catch((error: unknown) => error);
    await firstProgress;

    const watch = tickWatch();
    const saving = watch.track(api.call('screen.explore.set', { view: VIEW }));
    cancel.abort();
    const error = await importing;
    expect(isAppError(error) && error.code).toBe('CANCELLED');
    expect(await saving).toEqual({ saved: true });
    expect(watch.stop()).toBeGreaterThanOrEqual(1);

    expect(storedVictims()).toBe(before);
    expect(await api.call('screen.explore.get', {})).toEqual({ view: VIEW });
  });

  it('refuses a write that skips the queue at once, with or without an import, and never as busy', async () => {
    const big = await fixture(dir, 'victims', 40_000, { seed: 4, dialect: 'canonical' });
    const before = storedVictims();
    const quiet = (() => {
      try {
        services.session.current().setScreenState('explore', VIEW);
        return 'written';
      } catch (error) {
        return error;
      }
    })();
    expect(isAppError(quiet) && quiet.code).toBe('INTERNAL');
    let skipped: unknown = null;
    const result = await api.call(
      'import.run',
      { cohort: 'victims', path: big.path },
      {
        progress: (p) => {
          if (skipped !== null || p.phase !== 'reading') return;
          try {
            services.session.current().setScreenState('explore', VIEW);
            skipped = 'written';
          } catch (error) {
            skipped = error;
          }
        },
      },
    );
    expect(isAppError(skipped) && skipped.code).toBe('INTERNAL');
    expect(storedVictims()).toBe(before + result.accepted);
    expect(await api.call('screen.explore.get', {})).toEqual({ view: null });
    // The same write in the queue lands.
    await services.session.exclusive(async () => services.session.current().setScreenState('explore', VIEW));
    expect(await api.call('screen.explore.get', {})).toEqual({ view: VIEW });
  });

  it('refuses to lend the write role to an import that does not hold the queue', async () => {
    const ws = services.session.current();
    expect(() =>
      startStoreWork(ws, { kind: 'import', options: { cohort: 'victims', path: dir.file('x.csv') } }),
    ).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(storedVictims()).toBeGreaterThan(0);
  });
});
