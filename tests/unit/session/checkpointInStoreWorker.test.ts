// An import commits with automatic checkpoints off, leaving its pages in the WAL; at a million
// rows, copying them on the main connection froze the main thread for seconds. After a data
// change the app now copies them in a store worker. Real SQLCipher workspace, real import,
// real store worker; the file alone (its WAL left behind) is then opened to see the rows.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApplication, type Application } from '../../../src-main/app/application.ts';
import { importInStoreWorker } from '../../../src-main/app/import/importInStoreWorker.ts';
import { changeData } from '../../../src-main/app/workspace/dataChange.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { count, fixture, PASSPHRASE, TempDir } from '../import/importTestKit.ts';

let dir: TempDir;
let app: Application;

beforeEach(async () => {
  dir = new TempDir();
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) });
  app = createApplication({ session });
  await app.session.create(dir.file('wal.vsow'), PASSPHRASE);
});

afterEach(async () => {
  await app.shutdown();
  dir.remove();
});

describe('the checkpoint after an import', () => {
  it('copies the whole WAL in a store worker, not on the main connection', async () => {
    const main = app.session.current();
    const mainCheckpoint = vi.spyOn(main, 'checkpointSoon');
    const file = await fixture(dir, 'victims', 4_000, { dialect: 'canonical' });
    const result = await changeData(app.session, () =>
      importInStoreWorker(app.session, { cohort: 'victims', path: file.path }),
    );
    const copied = await app.session.checkpointed();
    expect(copied).not.toBeNull();
    expect(copied?.walFrames).toBeGreaterThan(0);
    expect(copied?.copiedFrames).toBe(copied?.walFrames);
    expect(mainCheckpoint).not.toHaveBeenCalled();

    // The file without its WAL holds every imported row: the pages were copied into it.
    const alone = dir.file('file-alone.vsow');
    copyFileSync(main.path, alone);
    const opened = Workspace.open(alone, PASSPHRASE);
    try {
      expect(count(opened, 'SELECT count(*) AS n FROM victims')).toBe(result.accepted);
      expect(result.accepted).toBeGreaterThan(3_000);
    } finally {
      opened.close();
    }
  });

  it('is waited for by a lock, which then finds the workspace whole', async () => {
    const file = await fixture(dir, 'victims', 4_000, { dialect: 'canonical' });
    const result = await changeData(app.session, () =>
      importInStoreWorker(app.session, { cohort: 'victims', path: file.path }),
    );
    let settled = false;
    void app.session.checkpointed().then(() => (settled = true));
    // Locked straight after the reply, while the checkpoint may still be copying.
    await app.session.lock();
    await Promise.resolve();
    expect(settled).toBe(true);
    expect(app.session.status().state).toBe('locked');
    const copied = await app.session.checkpointed();
    expect(copied?.copiedFrames).toBe(copied?.walFrames);
    await app.session.unlock(PASSPHRASE);
    expect(count(app.session.current(), 'SELECT count(*) AS n FROM victims')).toBe(result.accepted);
  });

  it('is never made by the main connection: its next small write leaves the file as it was', async () => {
    // An import with no data change after it (as one cancelled once its rows had committed):
    // its pages wait in the WAL, past the thousand frames at which SQLite copies them at a commit.
    const file = await fixture(dir, 'victims', 20_000, { dialect: 'canonical' });
    await app.session.exclusive(() => importInStoreWorker(app.session, { cohort: 'victims', path: file.path }));
    const main = app.session.current();
    const digest = (): string => createHash('sha256').update(readFileSync(main.path)).digest('hex');
    let during: { before: string; after: string } | undefined;
    await app.session.exclusive(async () => {
      const before = digest();
      main.setScreenState('explore', { probe: 1 });
      during = { before, after: digest() };
    });
    expect(during?.after).toBe(during?.before);

    // The store worker copies them soon after, the write's frame included.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const copied = await app.session.checkpointed();
    expect(copied?.walFrames).toBeGreaterThan(1_000);
    expect(copied?.copiedFrames).toBe(copied?.walFrames);
    expect(digest()).not.toBe(during?.before);
  });
});
