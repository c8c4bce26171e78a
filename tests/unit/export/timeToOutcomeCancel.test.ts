// The time-to-outcome export's cancel, sent as the transports send it, reaches the release
// worker protecting its counts: a table of suspects by district and sex is exported first, then the
// time-to-outcome table by the same fields, whose counts (the records with an outcome date)
// split that table's cells, so the release worker asks the engine for their true counts and
// waits. Cancelled at that moment, the worker ends unanswered, and the register, the audit log
// and the disk are as they were; the same export then runs whole. Every table of a release is
// protected in the release worker, whatever its size: districts (not the ~500 LSOAs, whose
// protections took most of this test's time) are enough for the second table to split the first's cells.
// Real SQLCipher file, real store, engine, release worker and dispatcher.
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import type { MainServices } from '../../../src-main/ipc/mainServices.ts';
import { cancelledCall } from '../../helpers/cancelCall.ts';
import { dispatcherWorkspace, type DispatcherWorkspace } from '../../helpers/dispatcherWorkspace.ts';
import { releaseWorkers } from '../../helpers/watchedReleaseWorkers.ts';
import type { TempDir } from '../import/importTestKit.ts';

vi.mock('../../../src-main/workers/moduleWorker.ts', async (original) =>
  (await import('../../helpers/watchedReleaseWorkers.ts')).watchedModuleWorker(await original()),
);

let world: DispatcherWorkspace;
let dir: TempDir;
let services: MainServices;
let api: Dispatcher;

beforeEach(async () => {
  world = await dispatcherWorkspace('outcomes.vsow', 'suspects', 4_000);
  ({ dir, services, api } = world);
}, 300_000);

afterEach(async () => {
  await releaseWorkers.reset();
  await world.close();
});

/** What an export could change, read with the test's own SQL: the register and the audit log. */
function stored() {
  const db = services.session.current().db;
  return {
    publications: db.prepare('SELECT count(*) FROM publications').pluck().get(),
    audit: db
      .prepare(
        'SELECT count(*) AS entries, (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS head FROM audit_log',
      )
      .get(),
  };
}

const DISCLOSURE = { threshold: 5, secondary: true, round: null, suppressZeros: false };

describe('the time-to-outcome export, cancelled', () => {
  it('stops the release worker as it waits for counts, and writes nothing to the register or disk', async () => {
    const figure = {
      name: 'suspects by district',
      title: 'Suspects by district and sex',
      chart: 'table',
      query: { cohort: 'suspects', rows: ['district'], cols: ['sex'], measure: 'records', disclosure: DISCLOSURE },
    };
    await api.call('figures.save', { figure, overwrite: true });
    await api.call('export.figure', { name: figure.name, format: 'csv', path: dir.file('by-district.csv') });
    await releaseWorkers.reset();
    const before = stored();
    const path = dir.file('days-by-district.csv');
    const args = {
      spec: { rows: ['district'], cols: ['sex'], disclosure: DISCLOSURE },
      path,
      format: 'csv',
      title: 'Days to outcome by district and sex',
    };

    const call = await cancelledCall(api, 'export.timeToOutcome', args, {
      onStart: (cancel) => {
        releaseWorkers.onAsk = cancel;
      },
    });
    expect(call.outcome).toBe('CANCELLED');
    const asking = releaseWorkers.started.filter((w) => w.posted.includes('leafValues'));
    expect(asking.length).toBe(1);
    // The worker that was protecting ended without an answer: it was stopped, not left to finish.
    await asking[0]!.exited;
    expect(asking[0]!.posted).not.toContain('done');
    expect(stored()).toEqual(before);
    expect(existsSync(path)).toBe(false);

    // Nothing of it is left behind: the same export, not cancelled, is written and recorded.
    await releaseWorkers.reset();
    const written = await api.call('export.timeToOutcome', args);
    expect(written.path).toBe(path);
    expect(existsSync(path)).toBe(true);
    expect(stored().publications).toBe(Number(before.publications) + 1);
  }, 600_000);
});
