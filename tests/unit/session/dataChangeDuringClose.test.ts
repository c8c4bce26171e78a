// A change of data that is done when a close begins: the reload after it meets the close (its
// store work refused or stopped while the close waits for the store work already running) and
// the change is still reported done, not as the lock's refusal. Before, an import that had
// committed answered WORKSPACE_LOCKED when the workspace was closed, created over or restored
// during its reload: reported failed and stored both. The order below is fixed without timing:
// the close waits for a store worker's reply (a message), the reload resumes in the same turn.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors.ts';
import { changeData } from '../../../src-main/app/workspace/dataChange.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { PASSPHRASE, TempDir } from '../import/importTestKit.ts';

let dir: TempDir;
let session: WorkspaceSession;

beforeEach(async () => {
  dir = new TempDir();
  session = new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) });
  await session.create(dir.file('w.vsow'), PASSPHRASE);
});

afterEach(async () => {
  await session.close();
  dir.remove();
});

describe('a data change whose reload meets a close', () => {
  it('is reported done, and the refusal the reload met was the lock’s', async () => {
    let reached!: () => void;
    const atReload = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let refusal: unknown = null;
    session.addHooks({
      dataChanged: async () => {
        reached();
        await released;
        try {
          await session.inStoreWorker({ kind: 'info' });
        } catch (error) {
          refusal = error;
          throw error;
        }
      },
    });

    const change = changeData(session, async () => 'written');
    await atReload;
    // Store work already running: the close waits for its reply before it lets the workspace go.
    const running = session.inStoreWorker({ kind: 'info' }).catch((error: unknown) => error);
    const closing = session.close();
    release();

    expect(await change).toBe('written');
    expect(isAppError(refusal) && refusal.code).toBe('WORKSPACE_LOCKED');
    await closing;
    await running;
    expect(session.status().state).toBe('none');
  });

  it('still fails when the reload fails on an open workspace', async () => {
    session.addHooks({
      dataChanged: () => {
        throw new Error('the reload broke');
      },
    });
    await expect(changeData(session, async () => 'written')).rejects.toThrow('the reload broke');
  });

  it('still fails when the reload breaks while a close is under way', async () => {
    let reached!: () => void;
    const atReload = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    session.addHooks({
      dataChanged: async () => {
        reached();
        await released;
        throw new Error('the reload broke');
      },
    });
    const change = changeData(session, async () => 'written');
    await atReload;
    const running = session.inStoreWorker({ kind: 'info' }).catch((error: unknown) => error);
    const closing = session.close().catch((error: unknown) => error);
    release();
    await expect(change).rejects.toThrow('the reload broke');
    await closing;
    await running;
  });
});
