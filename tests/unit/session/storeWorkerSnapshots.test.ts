// The app reads the engine's snapshots in a store worker (its own connection, the lent key) so
// that opening a million records never stalls the main thread. What it hands over must be what
// the same readers give on this thread: every column, code and label, the populations and the
// workspace's facts, on a real SQLCipher workspace filled by a real import. The shared
// buffers are then checked to cross without a copy, and the engine to answer the same query
// either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COHORTS } from '../../../shared/codebook.ts';
import { QuerySpecSchema } from '../../../shared/query.ts';
import { AnalysisService } from '../../../src-main/app/analysis/analysisService.ts';
import { createApplication, type Application } from '../../../src-main/app/application.ts';
import { importInStoreWorker } from '../../../src-main/app/import/importInStoreWorker.ts';
import { changeData } from '../../../src-main/app/workspace/dataChange.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import type { SnapshotSet } from '../../../src-main/app/workspace/storeWorkerProtocol.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { listContextDatasets, loadContextSnapshot } from '../../../src-main/engine/loadContextSnapshot.ts';
import { loadSnapshot } from '../../../src-main/engine/loadSnapshot.ts';
import { loadPopulations } from '../../../src-main/engine/populations.ts';
import type { CohortSnapshot } from '../../../src-main/engine/snapshot.ts';
import { fixture, PASSPHRASE, TempDir } from '../import/importTestKit.ts';

let dir: TempDir;
let app: Application;
let fromWorker: SnapshotSet;

beforeAll(async () => {
  dir = new TempDir();
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) });
  app = createApplication({ session });
  await app.session.create(dir.file('snapshots.vsow'), PASSPHRASE);
  for (const cohort of ['victims', 'offenders'] as const) {
    const file = await fixture(dir, cohort, 3_000, { dialect: 'canonical' });
    await changeData(app.session, () => importInStoreWorker(app.session, { cohort, path: file.path }));
  }
  fromWorker = await app.session.inStoreWorker({ kind: 'snapshots' });
}, 120_000);

afterAll(async () => {
  await app.shutdown();
  dir.remove();
});

/** A snapshot as plain data: typed arrays as number lists, so any difference is named. */
function plain(snapshot: CohortSnapshot): unknown {
  return JSON.parse(
    JSON.stringify(snapshot, (_key, value: unknown) =>
      ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value,
    ),
  );
}

describe('the snapshots a store worker reads', () => {
  it('are the snapshots read on this thread, column by column', () => {
    const ws = app.session.current();
    const codebook = ws.codebook();
    const here = COHORTS.map((cohort) => loadSnapshot(ws.db, codebook, cohort));
    for (const dataset of listContextDatasets(ws.db)) here.push(loadContextSnapshot(ws.db, dataset));
    expect(fromWorker.snapshots.map((s) => s.cohort)).toEqual(here.map((s) => s.cohort));
    // The import filled something to compare: a comparison of two empty sets proves nothing.
    const victims = fromWorker.snapshots.find((s) => s.cohort === 'victims');
    expect(victims?.rowCount).toBeGreaterThan(2_000);
    expect(Object.keys(victims?.dimensions ?? {}).length).toBeGreaterThan(5);
    fromWorker.snapshots.forEach((snapshot, k) => expect(plain(snapshot)).toEqual(plain(here[k] as CohortSnapshot)));
    expect([...fromWorker.populations]).toEqual([...loadPopulations(ws.db)]);
  });

  it('carry the workspace facts this thread reads', () => {
    const { sizeBytes: _workerSize, ...worker } = fromWorker.info;
    const { sizeBytes: _hereSize, ...here } = app.session.current().info();
    expect(worker).toEqual(here);
  });

  it('arrive in shared memory, so the hand-over copies no column', () => {
    const victims = fromWorker.snapshots.find((s) => s.cohort === 'victims') as CohortSnapshot;
    const buffers = [
      victims.personIds.buffer,
      ...Object.values(victims.dimensions).map((d) => d.codes.buffer),
      ...Object.values(victims.dates).map((d) => d.days.buffer),
    ];
    for (const buffer of buffers) expect(buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('give the engine the same answer as a load on this thread', async () => {
    const spec = QuerySpecSchema.parse({ cohort: 'victims', rows: ['offence_group'], cols: ['sex'] });
    const onThisThread = new AnalysisService();
    try {
      await onThisThread.load(app.session.current());
      const expected = await onThisThread.rawQuery(spec);
      // The app's analysis loaded through the store worker at each import.
      const actual = await app.analysis.rawQuery(spec);
      expect({ rows: actual.rows, cols: actual.cols, counts: actual.counts }).toEqual({
        rows: expected.rows,
        cols: expected.cols,
        counts: expected.counts,
      });
      expect(actual.meta.recordsMatched).toBe(expected.meta.recordsMatched);
      expect(actual.meta.recordsMatched).toBeGreaterThan(2_000);
    } finally {
      await onThisThread.unload();
    }
  });
});
