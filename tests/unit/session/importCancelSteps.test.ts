// An import in its store worker, cancelled in each step, the worker held at the start of that
// step (a step board in shared memory, not timing): before the commit the cancel is answered
// CANCELLED while the worker is still held, so the answer never waits for the step's work (an
// index build is one statement of seconds, the rows' COMMIT seconds at a million rows); a write
// asked for after the answer waits until the worker has rolled back or removed its rows, unpublished, and then runs; every table, the indexes, the audit log and the writer
// are as before. Once the commit has begun, the cancel waits and the import is reported whole.
// Real SQLCipher file, real store worker and import workers; the test reads with its own SQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors.ts';
import { createApplication, type Application } from '../../../src-main/app/application.ts';
import { importInStoreWorker } from '../../../src-main/app/import/importInStoreWorker.ts';
import { ImportStepBoard } from '../../../src-main/app/import/importStepBoard.ts';
import { changeData } from '../../../src-main/app/workspace/dataChange.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { IMPORT_STEPS, type ImportStep } from '../../../src-main/import/importSteps.ts';
import { fixture, PASSPHRASE, TempDir } from '../import/importTestKit.ts';
import { workspaceState } from '../import/workspaceState.ts';

let dir: TempDir;
let app: Application;

beforeEach(async () => {
  dir = new TempDir();
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) });
  app = createApplication({ session });
  await app.session.create(dir.file('steps.vsow'), PASSPHRASE);
});

afterEach(async () => {
  await app.shutdown();
  dir.remove();
});

/** Turns of this thread's event loop: time for an answer that was already due to arrive. */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Whether the main connection writes for a write holding the queue (SQLite's own flag). */
function writerInQueue(): Promise<boolean> {
  return app.session.exclusive(async () => app.session.current().db.pragma('query_only', { simple: true }) === 0);
}

/** Starts an import held at `step`, and cancels it once the worker waits there. */
async function cancelHeldAt(path: string, step: ImportStep) {
  const board = new ImportStepBoard();
  board.holdAt(step);
  const controller = new AbortController();
  let answered = false;
  const answer = changeData(app.session, () =>
    importInStoreWorker(app.session, { cohort: 'victims', path, signal: controller.signal, steps: board.buffer }),
  ).then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => {
      if (!isAppError(error)) throw error;
      return { ok: false as const, error };
    },
  );
  void answer.finally(() => (answered = true));
  expect(await board.reached(step, () => answered)).toBe(true);
  controller.abort();
  return { board, answer, answeredYet: () => answered };
}

describe('a cancel in each step of an import in its store worker', () => {
  it.each(IMPORT_STEPS.filter((step) => step !== 'commit'))(
    'is answered at %s while the worker is held, and a later write waits for the rollback',
    async (step) => {
      const file = await fixture(dir, 'victims', 3_000, { seed: 6, dialect: 'canonical' });
      const before = workspaceState(app.session.current().db);
      const { board, answer } = await cancelHeldAt(file.path, step);
      const outcome = await answer;
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.code).toBe('CANCELLED');
      // Answered while the worker is still held at the step's start. From `finishing` on, the
      // rows have committed unpublished: no reader sees them, and the worker removes them.
      expect(board.current).toBe(step);
      if (IMPORT_STEPS.indexOf(step) < IMPORT_STEPS.indexOf('finishing'))
        expect(workspaceState(app.session.current().db)).toEqual(before);
      else expect(app.session.current().info().counts.victims).toBe(0);

      let wrote = false;
      const write = app.session
        .exclusive(async () => app.session.current().setScreenState('explore', { step }))
        .then(() => (wrote = true));
      await turns(10);
      expect(wrote).toBe(false);
      board.release();
      await write;
      expect(wrote).toBe(true);
      expect(await writerInQueue()).toBe(true);
      // The screen state written after: otherwise every table, index and audit entry as before.
      const after = workspaceState(app.session.current().db);
      expect(after.indexes).toEqual(before.indexes);
      for (const [table, rows] of Object.entries(before.rows))
        if (table !== 'audit_log') expect([table, after.rows[table]]).toEqual([table, rows]);
      const result = await changeData(app.session, () =>
        importInStoreWorker(app.session, { cohort: 'victims', path: file.path }),
      );
      expect(app.session.current().db.prepare('SELECT count(*) FROM victims').pluck().get()).toBe(result.accepted);
    },
  );

  it('waits for a commit that has begun, and reports the import whole', async () => {
    const file = await fixture(dir, 'victims', 3_000, { seed: 6, dialect: 'canonical' });
    const { board, answer, answeredYet } = await cancelHeldAt(file.path, 'commit');
    await turns(10);
    expect(answeredYet()).toBe(false);
    board.release();
    const outcome = await answer;
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const db = app.session.current().db;
    const batches = db
      .prepare(
        'SELECT id, status, (SELECT count(*) FROM victims v WHERE v.batch_id = b.id) AS records FROM import_batches b',
      )
      .all();
    expect(batches).toEqual([{ id: outcome.result.batchId, status: 'committed', records: outcome.result.accepted }]);
    expect(await writerInQueue()).toBe(true);
  });

  it('locks only once the cancelled worker has rolled back', async () => {
    const file = await fixture(dir, 'victims', 3_000, { seed: 6, dialect: 'canonical' });
    const { board, answer } = await cancelHeldAt(file.path, 'indexes');
    expect((await answer).ok).toBe(false);
    let locked = false;
    const locking = app.session.lock().then(() => (locked = true));
    await turns(10);
    expect(locked).toBe(false);
    board.release();
    await locking;
    expect(app.session.status().state).toBe('locked');
    await app.session.unlock(PASSPHRASE);
    expect(app.session.current().db.prepare('SELECT count(*) FROM victims').pluck().get()).toBe(0);
  });
});
