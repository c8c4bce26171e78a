// One writer at a time on the open workspace, enforced by SQLite rather than by convention: a
// store worker's reading connection is opened read-only (`PRAGMA query_only`) and SQLite
// refuses a write through it; the main connection writes only for a write holding the
// session's queue (read-only at rest, so a write that skipped the queue is refused at once);
// while an import holds the write role in its store worker it is read-only even for the
// import's own turn; when the import settles (committed or cancelled), a queued write writes
// again. Real SQLCipher file, real store and import workers; rows counted with the test's SQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors.ts';
import { createApplication, type Application } from '../../../src-main/app/application.ts';
import { importInStoreWorker } from '../../../src-main/app/import/importInStoreWorker.ts';
import { changeData } from '../../../src-main/app/workspace/dataChange.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { startStoreWork } from '../../../src-main/app/workspace/storeThread.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import type { CipherDatabase } from '../../../src-main/store/cipherDatabase.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { fixture, PASSPHRASE, TempDir } from '../import/importTestKit.ts';

let dir: TempDir;
let app: Application;

beforeEach(async () => {
  dir = new TempDir();
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) });
  app = createApplication({ session });
  await app.session.create(dir.file('writer.vsow'), PASSPHRASE);
});

afterEach(async () => {
  await app.shutdown();
  dir.remove();
});

/** A write of the test's own, straight through the connection: SQLite's answer, untranslated. */
function tryWrite(db: CipherDatabase): string {
  try {
    db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('writer_probe', ?)`).run(String(Math.random()));
    return 'written';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const queryOnly = (db: CipherDatabase): unknown => db.pragma('query_only', { simple: true });

/** `work` run holding the session's write queue, as the app's writes run. */
const queued = <T>(work: () => T): Promise<T> => app.session.exclusive(async () => work());

function victims(db: CipherDatabase): number {
  return db.prepare('SELECT count(*) FROM victims').pluck().get() as number;
}

describe('one writer', () => {
  it("opens a store worker's reading connection read-only: SQLite refuses its writes, reads work", async () => {
    const main = app.session.current();
    const reader = Workspace.attach(main.path, main.lendKey(), { writer: false });
    try {
      expect(queryOnly(reader.db)).toBe(1);
      expect(tryWrite(reader.db)).toBe('SQLITE_READONLY');
      expect(() => reader.updateSettings({ idleMinutes: 3 })).toThrow(
        expect.objectContaining({ code: 'SQLITE_READONLY' }),
      );
      expect(reader.info().counts.victims).toBe(0);
    } finally {
      reader.close();
    }
    // The main connection was never lent: it writes for a queued write, and only then.
    expect(await queued(() => tryWrite(main.db))).toBe('written');
    expect(tryWrite(main.db)).toBe('SQLITE_READONLY');
  });

  it('reads the snapshots in a store worker on its read-only connection', async () => {
    const file = await fixture(dir, 'victims', 2_000, { seed: 5, dialect: 'canonical' });
    await changeData(app.session, () => importInStoreWorker(app.session, { cohort: 'victims', path: file.path }));
    const main = app.session.current();
    const read = await startStoreWork(main, { kind: 'snapshots' }).done;
    const rows = read.snapshots.find((s) => s.cohort === 'victims')?.rowCount;
    expect(rows).toBe(victims(main.db));
    expect(await queued(() => queryOnly(main.db))).toBe(0);
  });

  it('makes the main connection read-only while an import writes, and the writer again after it', async () => {
    const file = await fixture(dir, 'victims', 30_000, { seed: 6, dialect: 'canonical' });
    const main = app.session.current();
    const during: Array<{ queryOnly: unknown; write: string; typed: unknown }> = [];
    const result = await changeData(app.session, () =>
      importInStoreWorker(app.session, {
        cohort: 'victims',
        path: file.path,
        onProgress: (progress) => {
          if (during.length > 0 || progress.phase !== 'reading') return;
          let typed: unknown = 'written';
          try {
            main.setScreenState('explore', { probe: true });
          } catch (error) {
            typed = isAppError(error) ? error.code : error;
          }
          during.push({ queryOnly: queryOnly(main.db), write: tryWrite(main.db), typed });
        },
      }),
    );
    // A write in the import's own turn that bypasses its worker: a fault, refused, never waited for.
    expect(during).toEqual([{ queryOnly: 1, write: 'SQLITE_READONLY', typed: 'INTERNAL' }]);
    expect(victims(main.db)).toBe(result.accepted);
    expect(queryOnly(main.db)).toBe(1);
    expect(await queued(() => [queryOnly(main.db), tryWrite(main.db)])).toEqual([0, 'written']);
  });

  it('gives the write role back to the main connection when the import is cancelled', async () => {
    const file = await fixture(dir, 'victims', 30_000, { seed: 7, dialect: 'canonical' });
    const main = app.session.current();
    const cancel = new AbortController();
    const outcome = await changeData(app.session, () =>
      importInStoreWorker(app.session, {
        cohort: 'victims',
        path: file.path,
        signal: cancel.signal,
        onProgress: (progress) => {
          if (progress.phase === 'reading') cancel.abort();
        },
      }),
    ).catch((error: unknown) => error);
    expect(isAppError(outcome) && outcome.code).toBe('CANCELLED');
    expect(victims(main.db)).toBe(0);
    expect(await queued(() => [queryOnly(main.db), tryWrite(main.db)])).toEqual([0, 'written']);
  });
});
