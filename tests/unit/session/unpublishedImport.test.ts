// An import's rows commit under an unpublished batch before a small transaction publishes them
// (so the long COMMIT of a large import comes before the point of no return). Real SQLCipher
// files, real store worker, import workers and child process; the test reads with its own SQL:
// - held after its rows have committed, a second import's rows are in the file, yet every store
//   reader (workspace facts, import history, the engine's column reader row by row and packed,
//   the Data screen's profile, the integrity check) sees the first import alone; let go, both;
// - a process killed there (SIGKILL) leaves a file that opens with the data before the import
//   exactly and none of its rows: records, persons, rejected rows, line hashes, batches, indexes.
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../../../src-main/app/application.ts';
import { importInStoreWorker } from '../../../src-main/app/import/importInStoreWorker.ts';
import { ImportStepBoard } from '../../../src-main/app/import/importStepBoard.ts';
import { changeData } from '../../../src-main/app/workspace/dataChange.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import { readCohortColumns } from '../../../src-main/store/cohortColumns.ts';
import { cohortProfile } from '../../../src-main/store/datasetProfile.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { fixture, PASSPHRASE, TempDir } from '../import/importTestKit.ts';
import { workspaceState } from '../import/workspaceState.ts';
import { killWhenPrinted } from '../../helpers/killWhenPrinted.ts';

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.remove());

const count = (ws: Workspace, sql: string): number => ws.db.prepare(sql).pluck().get() as number;

/** What the store's readers show of the victims: each reader's own count. */
async function readersSee(ws: Workspace) {
  const info = ws.info();
  const columns = [{ kind: 'date', name: 'date' } as const];
  return {
    infoRecords: info.counts.victims,
    infoPersons: info.persons,
    batches: ws.listBatches().length,
    rowByRow: readCohortColumns(ws.db, 'victims', columns, { packed: false }).rowCount,
    packed: readCohortColumns(ws.db, 'victims', columns).rowCount,
    profile: cohortProfile(ws.db, 'victims', []).records,
    profilePersons: cohortProfile(ws.db, 'victims', []).persons,
    integrity: (await ws.checkIntegrity()).ok,
  };
}

describe('an import whose rows have committed but are not yet published', () => {
  let app: Application;
  beforeEach(async () => {
    app = createApplication({
      session: new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) }),
    });
    await app.session.create(dir.file('readers.vsow'), PASSPHRASE);
  });
  afterEach(async () => {
    await app.shutdown();
  });

  it('is seen by no reader until it is published', async () => {
    const first = await fixture(dir, 'victims', 2_000, { seed: 7, dialect: 'canonical' });
    const second = await fixture(dir, 'victims', 3_000, { seed: 8, dialect: 'canonical' });
    const ws = (): Workspace => app.session.current();
    const one = await changeData(app.session, () =>
      importInStoreWorker(app.session, { cohort: 'victims', path: first.path }),
    );
    const personsBefore = count(ws(), 'SELECT count(*) FROM persons');
    const seenBefore = await readersSee(ws());
    expect(seenBefore).toMatchObject({ infoRecords: one.accepted, rowByRow: one.accepted, batches: 1 });

    const board = new ImportStepBoard();
    board.holdAt('finishing');
    let over = false;
    const importing = changeData(app.session, () =>
      importInStoreWorker(app.session, { cohort: 'victims', path: second.path, steps: board.buffer }),
    ).finally(() => (over = true));
    try {
      expect(await board.reached('finishing', () => over)).toBe(true);
      // The rows are in the file (the test's own SQL), unpublished.
      expect(count(ws(), 'SELECT count(*) FROM victims')).toBeGreaterThan(one.accepted + 2_000);
      expect(count(ws(), 'SELECT count(*) FROM persons')).toBeGreaterThan(personsBefore);
      expect(count(ws(), `SELECT count(*) FROM import_batches WHERE status = 'importing'`)).toBe(1);
      expect(await readersSee(ws())).toEqual(seenBefore);
    } finally {
      board.release();
    }
    const two = await importing;
    expect(await readersSee(ws())).toMatchObject({
      infoRecords: one.accepted + two.accepted,
      infoPersons: count(ws(), 'SELECT count(*) FROM persons'),
      batches: 2,
      rowByRow: one.accepted + two.accepted,
      packed: one.accepted + two.accepted,
      profile: one.accepted + two.accepted,
      integrity: true,
    });
  }, 240_000);
});

describe('a process killed once its import has stored its rows', () => {
  it('leaves a workspace that opens with the data before the import, exactly', async () => {
    const first = await fixture(dir, 'victims', 2_000, { seed: 9, dialect: 'canonical' });
    const second = await fixture(dir, 'victims', 4_000, { seed: 10, dialect: 'canonical' });
    const path = dir.file('killed.vsow');
    const ws = Workspace.create(path, PASSPHRASE);
    await runImport(ws, { cohort: 'victims', path: first.path, thread: 'main' });
    const before = workspaceState(ws.db);
    const records = ws.db.prepare('SELECT * FROM victims ORDER BY id').raw(true).all();
    const persons = ws.db.prepare('SELECT * FROM persons ORDER BY id').raw(true).all();
    ws.close();

    const killed = await killWhenPrinted(
      resolve(import.meta.dirname, 'children', 'importUntilKilled.ts'),
      { WS_PATH: path, CSV_PATH: second.path, VSO_PASSPHRASE: PASSPHRASE },
      'stored',
    );
    expect(killed.reached, killed.stderr).toBe(true);
    expect(killed.signal).toBe('SIGKILL');

    const reopened = Workspace.open(path, PASSPHRASE);
    try {
      const after = workspaceState(reopened.db);
      // The opens (the child's and these) are audited; everything else is as before.
      expect({ ...after.rows, audit_log: 0 }).toEqual({ ...before.rows, audit_log: 0 });
      expect(after.indexes).toEqual(before.indexes);
      expect(reopened.db.prepare('SELECT * FROM victims ORDER BY id').raw(true).all()).toEqual(records);
      expect(reopened.db.prepare('SELECT * FROM persons ORDER BY id').raw(true).all()).toEqual(persons);
      expect(count(reopened, `SELECT count(*) FROM import_batches WHERE status <> 'committed'`)).toBe(0);
      expect((await reopened.checkIntegrity()).ok).toBe(true);
      expect(reopened.audit.verify().intact).toBe(true);
    } finally {
      reopened.close();
    }
  }, 240_000);
});

describe('an import left unpublished in the session (its removal after a cancel failed)', () => {
  it('is removed by the next import, which every reader then sees, and is never handed over', async () => {
    const [a, b, c] = await Promise.all(
      [11, 12, 13].map((seed, i) => fixture(dir, 'victims', 1_000 + 500 * i, { seed, dialect: 'canonical' })),
    );
    const ws = Workspace.create(dir.file('leftover.vsow'), PASSPHRASE);
    const victims = (w: Workspace): number => count(w, 'SELECT count(*) FROM victims');
    try {
      const first = await runImport(ws, { cohort: 'victims', path: a!.path, thread: 'main' });
      const second = await runImport(ws, { cohort: 'victims', path: b!.path, thread: 'main' });
      // As if the second's rows had committed and their removal after a cancel had failed.
      ws.db
        .prepare(`UPDATE import_batches SET status = 'importing' WHERE id = (SELECT max(id) FROM import_batches)`)
        .run();
      expect((await readersSee(ws)).infoRecords).toBe(first.accepted);
      expect(victims(ws)).toBe(first.accepted + second.accepted);

      // The hand-over copy leaves them behind: opening it finds none to remove.
      const handover = dir.file('handover.vsow');
      await ws.exportForHandOver(handover, 'a colleague passphrase 2026');
      const copy = Workspace.open(handover, 'a colleague passphrase 2026');
      try {
        expect(victims(copy)).toBe(first.accepted);
        const removedAtOpen = count(
          copy,
          `SELECT count(*) FROM audit_log WHERE action = 'workspace.unpublished_imports_removed'`,
        );
        expect(removedAtOpen).toBe(0);
      } finally {
        copy.close();
      }

      const third = await runImport(ws, { cohort: 'victims', path: c!.path, thread: 'main' });
      expect(victims(ws)).toBe(first.accepted + third.accepted);
      expect(await readersSee(ws)).toMatchObject({
        infoRecords: first.accepted + third.accepted,
        rowByRow: first.accepted + third.accepted,
        packed: first.accepted + third.accepted,
        batches: 2,
      });
    } finally {
      ws.close();
    }
  }, 240_000);
});
