// A cancel that lands once an import's rows have committed unpublished (`finishing`): it is
// answered first, and the removal of those rows follows as a step of its own, a chunk per
// transaction, which the next import, a lock or a close stops at its next chunk rather than
// waiting it out. Real SQLCipher files, real store worker, import workers and a child process
// killed with SIGKILL; a step board in shared memory orders the events, never the clock:
// - the answer comes while the worker is held before the removal, the rows still in the file;
// - the next import stops the removal, removes what is left first (its progress shows it) and
//   every reader sees it;
// - a lock stops the removal: the rest stays skipped by every reader, and the unlock removes it;
// - a process killed midway leaves a file that opens exactly as before the import;
// - the source band column such an import made is dropped with its rows (two audit entries say so).
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors.ts';
import { createApplication, type Application } from '../../../src-main/app/application.ts';
import { importInStoreWorker } from '../../../src-main/app/import/importInStoreWorker.ts';
import { changeData } from '../../../src-main/app/workspace/dataChange.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import type { ImportProgress } from '../../../src-main/import/progress.ts';
import { runImport, type ImportResult } from '../../../src-main/import/runImport.ts';
import { readCohortColumns } from '../../../src-main/store/cohortColumns.ts';
import { cohortProfile } from '../../../src-main/store/datasetProfile.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { SOURCE_BAND_COLUMN } from '../../../src-main/import/sourceBands.ts';
import { fixture, PASSPHRASE, TempDir } from '../import/importTestKit.ts';
import { workspaceState } from '../import/workspaceState.ts';
import { killWhenPrinted } from '../../helpers/killWhenPrinted.ts';
import { cancelAtFinishing } from '../../helpers/lateCancel.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const STOP_SEARCH = resolve(ROOT, 'fixtures/real/2019-08-cambridgeshire-stop-and-search.csv');
let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.remove());

const count = (ws: Workspace, sql: string): number => ws.db.prepare(sql).pluck().get() as number;
const unpublished = (ws: Workspace): number =>
  count(ws, `SELECT count(*) FROM import_batches WHERE status = 'importing'`);

/** What the store's readers show of the victims: each reader's own count. */
async function readersSee(ws: Workspace) {
  const columns = [{ kind: 'date', name: 'date' } as const];
  const info = ws.info();
  return {
    infoRecords: info.counts.victims,
    infoPersons: info.persons,
    batches: ws.listBatches().length,
    rowByRow: readCohortColumns(ws.db, 'victims', columns, { packed: false }).rowCount,
    packed: readCohortColumns(ws.db, 'victims', columns).rowCount,
    profile: cohortProfile(ws.db, 'victims', []).records,
    integrity: (await ws.checkIntegrity()).ok,
  };
}

describe('a cancel once the rows have committed unpublished, in the session', () => {
  let app: Application;
  let first: ImportResult;
  let before: ReturnType<typeof workspaceState>;
  let seenBefore: Awaited<ReturnType<typeof readersSee>>;
  const ws = (): Workspace => app.session.current();

  beforeEach(async () => {
    app = createApplication({
      session: new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) }),
    });
    await app.session.create(dir.file('late.vsow'), PASSPHRASE);
    const file = await fixture(dir, 'victims', 2_000, { seed: 21, dialect: 'canonical' });
    first = await changeData(app.session, () =>
      importInStoreWorker(app.session, { cohort: 'victims', path: file.path }),
    );
    before = workspaceState(ws().db);
    seenBefore = await readersSee(ws());
  });
  afterEach(async () => {
    await app.shutdown();
  });

  /**
   * A second import cancelled as `finishing` begins; answered, the worker is let go and held
   * again as its removal begins. The answer and the rows in the file at that point.
   */
  async function cancelledLate(seed: number) {
    const file = await fixture(dir, 'victims', 3_000, { seed, dialect: 'canonical' });
    const { code, board } = await cancelAtFinishing(app.session, file.path, 100);
    // Answered while the worker is still held at `finishing`: its rows are all in the file.
    const stepAtAnswer = board.current;
    const rowsAtAnswer = count(ws(), 'SELECT count(*) FROM victims');
    // Let go of `finishing` and held again as the removal begins.
    board.holdAt('removing');
    // The worker reaches its removal (a removal without that step would end the batch first).
    const reachedRemoval = await board.reached('removing', () => unpublished(ws()) === 0);
    return { code, stepAtAnswer, rowsAtAnswer, reachedRemoval, board };
  }

  it('is answered before the removal begins, which then runs as a step of its own', async () => {
    const late = await cancelledLate(22);
    expect(late.code).toBe('CANCELLED');
    expect(late.stepAtAnswer).toBe('finishing');
    expect(late.rowsAtAnswer).toBeGreaterThan(first.accepted);
    expect(late.reachedRemoval).toBe(true);
    expect(late.board.current).toBe('removing');
    // Held at the removal's start: the rows are still in the file, and no reader sees them.
    expect(count(ws(), 'SELECT count(*) FROM victims')).toBe(late.rowsAtAnswer);
    expect(unpublished(ws())).toBe(1);
    expect(await readersSee(ws())).toEqual(seenBefore);
    late.board.release();
  }, 240_000);

  it('lets the next import stop the removal, remove the rest first with progress, and be seen', async () => {
    const late = await cancelledLate(23);
    expect(late.reachedRemoval).toBe(true);
    const next = await fixture(dir, 'victims', 1_500, { seed: 24, dialect: 'canonical' });
    const progress: ImportProgress[] = [];
    const importing = changeData(app.session, () =>
      importInStoreWorker(app.session, {
        cohort: 'victims',
        path: next.path,
        onProgress: (p) => progress.push(p),
      }),
    );
    // The next import asks the removal to stop before it is let go: it stops at its next chunk.
    await new Promise((resolve) => setTimeout(resolve, 50));
    late.board.release();
    const third = await importing;
    const removing = progress.filter((p) => p.phase === 'removing');
    expect(removing.length).toBeGreaterThan(0);
    const lastRemoving = removing[removing.length - 1]!;
    expect(lastRemoving.total).toBeGreaterThan(0);
    expect(lastRemoving.done).toBe(lastRemoving.total);
    // Every reader sees the first import and this one; the file holds nothing else.
    expect(unpublished(ws())).toBe(0);
    expect(count(ws(), 'SELECT count(*) FROM victims')).toBe(first.accepted + third.accepted);
    expect(count(ws(), 'SELECT count(*) FROM persons WHERE id NOT IN (SELECT person_id FROM victims)')).toBe(0);
    expect(await readersSee(ws())).toEqual({
      infoRecords: first.accepted + third.accepted,
      infoPersons: count(ws(), 'SELECT count(*) FROM persons'),
      batches: 2,
      rowByRow: first.accepted + third.accepted,
      packed: first.accepted + third.accepted,
      profile: first.accepted + third.accepted,
      integrity: true,
    });
  }, 240_000);

  it('lets work that waits for quiet (the warm render worker) wait for the removal, not stop it', async () => {
    const late = await cancelledLate(27);
    expect(late.reachedRemoval).toBe(true);
    const settled = app.session.writesSettled();
    late.board.release();
    await settled;
    // Removed to the end: nothing unpublished is left, the file holds the first import alone.
    expect(unpublished(ws())).toBe(0);
    expect(count(ws(), 'SELECT count(*) FROM victims')).toBe(first.accepted);
    expect(await readersSee(ws())).toEqual(seenBefore);
  }, 240_000);

  it('lets a lock stop the removal: the rest stays skipped, and the unlock removes it', async () => {
    const late = await cancelledLate(25);
    expect(late.reachedRemoval).toBe(true);
    let locked = false;
    const locking = app.session.lock().then(() => (locked = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(locked).toBe(false);
    late.board.release();
    await locking;
    expect(app.session.status().state).toBe('locked');
    await app.session.unlock(PASSPHRASE);
    // Stopped between two chunks, the rest goes once unlocked, in a store worker of its own.
    await app.session.writesSettled();
    expect(unpublished(ws())).toBe(0);
    expect(count(ws(), 'SELECT count(*) FROM victims')).toBe(first.accepted);
    expect(await readersSee(ws())).toEqual(seenBefore);
    const path = ws().path;
    await app.session.close();
    await app.session.open(path, PASSPHRASE);
    const after = workspaceState(ws().db);
    expect(after.indexes).toEqual(before.indexes);
    expect({ ...after.rows, audit_log: 0 }).toEqual({ ...before.rows, audit_log: 0 });
    expect(await readersSee(ws())).toEqual(seenBefore);
  }, 240_000);
});

describe('a process killed while a late-cancelled import removes its rows', () => {
  it('leaves a workspace that opens with the data before the import, exactly', async () => {
    const a = await fixture(dir, 'victims', 2_000, { seed: 26, dialect: 'canonical' });
    const b = await fixture(dir, 'victims', 4_000, { seed: 27, dialect: 'canonical' });
    const path = dir.file('killed-removal.vsow');
    const ws = Workspace.create(path, PASSPHRASE);
    await runImport(ws, { cohort: 'victims', path: a.path, thread: 'main' });
    const before = workspaceState(ws.db);
    const records = ws.db.prepare('SELECT * FROM victims ORDER BY id').raw(true).all();
    const persons = ws.db.prepare('SELECT * FROM persons ORDER BY id').raw(true).all();
    const batches = ws.db.prepare('SELECT * FROM import_batches ORDER BY id').raw(true).all();
    const audit = ws.db.prepare('SELECT * FROM audit_log ORDER BY id').raw(true).all();
    ws.close();

    const killed = await killWhenPrinted(
      resolve(import.meta.dirname, 'children', 'removalUntilKilled.ts'),
      { WS_PATH: path, CSV_PATH: b.path, VSO_PASSPHRASE: PASSPHRASE },
      'removing',
    );
    // Midway: part of the rows removed and committed, the batch still unpublished.
    expect(killed.reached, killed.stderr).toBe(true);
    expect(killed.signal).toBe('SIGKILL');

    const reopened = Workspace.open(path, PASSPHRASE);
    try {
      const after = workspaceState(reopened.db);
      expect({ ...after.rows, audit_log: 0 }).toEqual({ ...before.rows, audit_log: 0 });
      expect(after.indexes).toEqual(before.indexes);
      expect(reopened.db.prepare('SELECT * FROM victims ORDER BY id').raw(true).all()).toEqual(records);
      expect(reopened.db.prepare('SELECT * FROM persons ORDER BY id').raw(true).all()).toEqual(persons);
      expect(reopened.db.prepare('SELECT * FROM import_batches ORDER BY id').raw(true).all()).toEqual(batches);
      // The chain as it was, then the opens (the child's and this one) and the removal at open.
      expect(reopened.db.prepare(`SELECT * FROM audit_log ORDER BY id LIMIT ${audit.length}`).raw(true).all()).toEqual(
        audit,
      );
      expect(reopened.audit.verify().intact).toBe(true);
      expect((await reopened.checkIntegrity()).ok).toBe(true);
    } finally {
      reopened.close();
    }
  }, 240_000);
});

describe('the source band column made by an import cancelled once its rows committed', () => {
  it('is dropped with its rows: codebook, categories and table as before', async () => {
    const ws = Workspace.create(dir.file('bands.vsow'), PASSPHRASE);
    const shape = () => ({
      codebook: ws.db.prepare('SELECT name FROM codebook_columns ORDER BY name').pluck().all(),
      table: ws.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('suspects'),
      categories: ws.db.prepare('SELECT column_name, code, label FROM categories ORDER BY 1, 2').raw(true).all(),
      suspects: count(ws, 'SELECT count(*) FROM suspects'),
    });
    try {
      const before = shape();
      const controller = new AbortController();
      let columnMade = false;
      const outcome = await runImport(ws, {
        cohort: 'suspects',
        path: STOP_SEARCH,
        sourceBands: 'column',
        unmapped: 'unknown',
        signal: controller.signal,
        onStep: (step) => {
          if (step !== 'finishing') return;
          // The rows have committed with the column in the table.
          columnMade = (
            ws.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('suspects') as string[]
          ).includes(SOURCE_BAND_COLUMN);
          controller.abort();
        },
      }).then(
        () => 'committed',
        (error: unknown) => (isAppError(error) ? error.code : String(error)),
      );
      expect(outcome).toBe('CANCELLED');
      expect(columnMade).toBe(true);
      expect(shape()).toEqual(before);
      expect(ws.codebook().columns.map((c) => c.name)).not.toContain(SOURCE_BAND_COLUMN);
      const entries = ws.db
        .prepare(`SELECT action FROM audit_log WHERE action LIKE 'codebook.%' ORDER BY id`)
        .pluck()
        .all();
      expect(entries).toEqual(['codebook.add_column', 'codebook.remove_column']);
      expect(ws.audit.verify().intact).toBe(true);
    } finally {
      ws.close();
    }
  }, 240_000);
});
