// Locking the workspace while an import runs in its store worker: the reply and the workspace
// must agree. A lock that comes before the commit rolls the import back and the reply says
// WORKSPACE_LOCKED; one that comes after the commit leaves the batch stored and the reply is
// the committed result. Real SQLCipher file, real store worker, real import workers; the
// workspace is read afterwards with its own SQL, not through the import's numbers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../../../src-main/app/application.ts';
import { importInStoreWorker } from '../../../src-main/app/import/importInStoreWorker.ts';
import { changeData } from '../../../src-main/app/workspace/dataChange.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import type { ImportProgress, ImportPhase } from '../../../src-main/import/progress.ts';
import type { ImportResult } from '../../../src-main/import/runImport.ts';
import { isAppError, type AppError } from '../../../shared/errors.ts';
import { fixture, PASSPHRASE, TempDir } from '../import/importTestKit.ts';

let dir: TempDir;
let app: Application;

beforeEach(async () => {
  dir = new TempDir();
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) });
  app = createApplication({ session });
  await app.session.create(dir.file('lock.vsow'), PASSPHRASE);
});

afterEach(async () => {
  await app.shutdown();
  dir.remove();
});

type Outcome = { ok: true; result: ImportResult } | { ok: false; error: AppError };

/** Imports `path` and locks the workspace at the first progress report of `phase`. */
async function importLockingAt(
  path: string,
  phase: ImportPhase,
  signal?: AbortSignal,
): Promise<{ outcome: Outcome; lockedAt: ImportPhase | null }> {
  let locking: Promise<unknown> | undefined;
  let lockedAt: ImportPhase | null = null;
  const onProgress = (progress: ImportProgress): void => {
    if (locking === undefined && progress.phase === phase) {
      lockedAt = progress.phase;
      locking = app.session.lock();
    }
  };
  const outcome = await changeData(app.session, () =>
    importInStoreWorker(app.session, { cohort: 'victims', path, onProgress, ...(signal ? { signal } : {}) }),
  ).then(
    (result): Outcome => ({ ok: true, result }),
    (error: unknown): Outcome => {
      if (!isAppError(error)) throw error;
      return { ok: false, error };
    },
  );
  await locking;
  return { outcome, lockedAt };
}

/** What the workspace holds, read with SQL of the test's own once it is unlocked again. */
async function stored(): Promise<{ batches: Array<{ id: number; records: number }>; victims: number }> {
  if (app.session.status().state === 'locked') await app.session.unlock(PASSPHRASE);
  const db = app.session.current().db;
  const batches = db
    .prepare(
      `SELECT b.id AS id, (SELECT count(*) FROM victims v WHERE v.batch_id = b.id) AS records FROM import_batches b`,
    )
    .all() as Array<{ id: number; records: number }>;
  const victims = (db.prepare('SELECT count(*) AS n FROM victims').get() as { n: number }).n;
  return { batches, victims };
}

describe('locking during an import in the store worker', () => {
  it('rolls the import back when the lock comes before the commit, and says so', async () => {
    const file = await fixture(dir, 'victims', 20_000, { dialect: 'canonical' });
    const { outcome, lockedAt } = await importLockingAt(file.path, 'hashing');
    expect(lockedAt).toBe('hashing');
    expect(app.session.status().state).toBe('locked');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('WORKSPACE_LOCKED');
    expect(await stored()).toEqual({ batches: [], victims: 0 });
  });

  it('reports the import committed when the lock comes after the commit', async () => {
    const file = await fixture(dir, 'victims', 5_000, { dialect: 'canonical' });
    const { outcome, lockedAt } = await importLockingAt(file.path, 'done');
    expect(lockedAt).toBe('done');
    expect(app.session.status().state).toBe('locked');
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const after = await stored();
    expect(after.batches).toEqual([{ id: outcome.result.batchId, records: outcome.result.accepted }]);
    expect(after.victims).toBe(outcome.result.accepted);
  });

  it('agrees with the workspace when the lock comes while rows are read', async () => {
    const file = await fixture(dir, 'victims', 60_000, { dialect: 'canonical' });
    const { outcome } = await importLockingAt(file.path, 'reading');
    const after = await stored();
    if (outcome.ok) {
      expect(after.batches).toEqual([{ id: outcome.result.batchId, records: outcome.result.accepted }]);
    } else {
      expect(outcome.error.code).toBe('WORKSPACE_LOCKED');
      expect(after).toEqual({ batches: [], victims: 0 });
    }
  });

  it('reports a cancel that arrives after the commit as the committed import', async () => {
    const file = await fixture(dir, 'victims', 5_000, { dialect: 'canonical' });
    const cancel = new AbortController();
    const outcome = await changeData(app.session, () =>
      importInStoreWorker(app.session, {
        cohort: 'victims',
        path: file.path,
        signal: cancel.signal,
        onProgress: (p) => {
          if (p.phase === 'done') cancel.abort();
        },
      }),
    );
    expect(cancel.signal.aborted).toBe(true);
    const after = await stored();
    expect(after.batches).toEqual([{ id: outcome.batchId, records: outcome.accepted }]);
  });

  it('rolls back on a cancel before the commit', async () => {
    const file = await fixture(dir, 'victims', 20_000, { dialect: 'canonical' });
    const cancel = new AbortController();
    const error = await changeData(app.session, () =>
      importInStoreWorker(app.session, {
        cohort: 'victims',
        path: file.path,
        signal: cancel.signal,
        onProgress: (p) => {
          if (p.phase === 'hashing') cancel.abort();
        },
      }),
    ).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('CANCELLED');
    expect(await stored()).toEqual({ batches: [], victims: 0 });
  });
});
