// A store worker that dies mid-write: the caller gets a typed error (not a hang), and the
// workspace is as SQLite's transaction left it: the uncommitted row is gone and the main
// connection, read-only while the worker held the write role, can write again at once (the
// role given back, no write lock left behind). Real SQLCipher file, real worker thread.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStoreWork } from '../../../src-main/app/workspace/storeThread.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { AppError, isAppError } from '../../../shared/errors.ts';
import { PASSPHRASE, TempDir } from '../import/importTestKit.ts';

let dir: TempDir;
let workspace: Workspace;

beforeEach(() => {
  dir = new TempDir();
  workspace = Workspace.create(dir.file('crash.vsow'), PASSPHRASE);
});

afterEach(() => {
  workspace.close();
  dir.remove();
});

describe('a store worker that dies mid-write', () => {
  it('becomes a typed error and leaves no trace of its open transaction', async () => {
    const progress: string[] = [];
    const work = startStoreWork(
      workspace,
      { kind: 'import', options: { cohort: 'victims', path: dir.file('never-read.csv') } },
      {
        onProgress: (p) => progress.push(p.phase),
        onCrash: (reason) => new AppError('IMPORT_FAILED', `stopped: ${reason}`),
      },
      new URL('./children/dyingStoreWorker.ts', import.meta.url),
    );
    // While the worker holds the write role, SQLite refuses a write on this connection: a write
    // that did not wait its turn, a fault of the app (INTERNAL), never a busy workspace.
    expect(workspace.db.pragma('query_only', { simple: true })).toBe(1);
    expect(() => workspace.updateSettings({ idleMinutes: 9 })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    const error = await work.done.catch((e: unknown) => e);
    expect(progress).toEqual(['reading']);
    expect(isAppError(error) && error.code).toBe('IMPORT_FAILED');
    expect(isAppError(error) && error.message).toContain('exited with code 7');
    const row = workspace.db.prepare(`SELECT value FROM meta WHERE key = 'half_written'`).get();
    expect(row).toBeUndefined();
    // The dead thread's write lock is gone: a write here succeeds (a held lock fails it as busy).
    workspace.updateSettings({ idleMinutes: 7 });
    expect(workspace.settings().idleMinutes).toBe(7);
  });
});
