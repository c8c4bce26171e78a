// The workspace key is derived on Node's thread pool, never on the calling thread, for the
// restore (the app's and the command line's), the passphrase change, the policy's passphrase
// check, the command line's create and open, and a hand-over copy's new key: while they run, neither Node's pbkdf2Sync nor
// SQLCipher's own KDF (a passphrase handed to a connection) is called, and Node's pooled
// pbkdf2 is. Real SQLCipher files; afterwards each opens both ways: by its passphrase through
// SQLCipher's own KDF, by a key derived here, and page by page under an independent SQLCipher 4
// decryptor (Node's crypto only) that reads the records back.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { restorePlan, restoreWorkspace as restoreInApp } from '../../../src-main/app/lifecycle/restore.ts';
import {
  createWorkspace,
  openWorkspace,
  planRestore,
  restoreWorkspace,
  withWorkspaceFile,
} from '../../../src-main/app/lifecycle/workspaceFiles.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createDispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createMainServices } from '../../../src-main/ipc/mainServices.ts';
import { openCipherDatabase } from '../../../src-main/store/cipherDatabase.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { PASSPHRASE, decryptSqlcipher4, insertBatch, openImage, tempDir } from './storeTestKit.ts';

const seen = vi.hoisted(() => ({ onCallingThread: 0, byPassphrase: 0, onPool: 0 }));

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  const pbkdf2Sync: typeof actual.pbkdf2Sync = (...args) => {
    seen.onCallingThread += 1;
    return actual.pbkdf2Sync(...args);
  };
  const pbkdf2: typeof actual.pbkdf2 = (...args) => {
    seen.onPool += 1;
    actual.pbkdf2(...args);
  };
  const patched = { ...actual, pbkdf2Sync, pbkdf2 };
  return { ...patched, default: patched };
});

vi.mock('../../../src-main/store/cipherDatabase.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src-main/store/cipherDatabase.ts')>();
  const byPassphrase = (secret: unknown): void => {
    if (typeof secret === 'string') seen.byPassphrase += 1;
  };
  return {
    ...actual,
    openCipherDatabase: (...args: Parameters<typeof actual.openCipherDatabase>) => {
      byPassphrase(args[1]);
      return actual.openCipherDatabase(...args);
    },
    rekey: (...args: Parameters<typeof actual.rekey>) => {
      byPassphrase(args[1]);
      actual.rekey(...args);
    },
  };
});

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('vso-keys-')));
afterEach(() => cleanup());

const NEXT = 'a completely different passphrase';

/** Runs `work` and says how its keys were derived. */
async function derivations(work: () => Promise<unknown>): Promise<typeof seen> {
  seen.onCallingThread = 0;
  seen.byPassphrase = 0;
  seen.onPool = 0;
  await work();
  return { ...seen };
}

const offThread = { onCallingThread: 0, byPassphrase: 0 };

/** A closed workspace of `victims` records. */
function workspaceOf(path: string, victims: number): void {
  const ws = Workspace.create(path, PASSPHRASE);
  const people = Array.from({ length: victims }, (_, i) => ({ personKey: `V${i}`, date: '2024-01-0' + (1 + (i % 9)) }));
  insertBatch(ws.db, 'victims', people);
  ws.close();
}

/** The victims the file holds, read three ways that must agree. */
function victimsBothWays(path: string, passphrase: string): number[] {
  const byKdf = openCipherDatabase(path, passphrase, { readonly: true });
  const counted = byKdf.prepare('SELECT count(*) FROM victims').pluck().get() as number;
  byKdf.close();
  const image = openImage(decryptSqlcipher4(readFileSync(path), passphrase));
  const decrypted = image.prepare('SELECT count(*) FROM victims').pluck().get() as number;
  image.close();
  return [counted, decrypted];
}

async function victimsByDerivedKey(path: string, passphrase: string): Promise<number> {
  const ws = await Workspace.openAsync(path, passphrase);
  try {
    return ws.info().counts.victims;
  } finally {
    ws.close();
  }
}

describe('keys derived off the calling thread', () => {
  it('changes the passphrase with both keys from the pool; the file opens by the new one, both ways', async () => {
    const path = join(dir, 'w.vsow');
    workspaceOf(path, 7);
    const ws = await Workspace.openAsync(path, PASSPHRASE);
    await expect(ws.changePassphrase('wrong old passphrase', NEXT)).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    const saltBefore = readFileSync(path).subarray(0, 16);
    const how = await derivations(() => ws.changePassphrase(PASSPHRASE, NEXT));
    expect(how).toMatchObject(offThread);
    expect(how.onPool).toBe(2); // the old passphrase checked, the new key made
    // Still usable on the same connection, and a store worker gets the new key.
    expect(ws.info().counts.victims).toBe(7);
    ws.close();
    expect(readFileSync(path).subarray(0, 16).equals(saltBefore)).toBe(false);
    expect(victimsBothWays(path, NEXT)).toEqual([7, 7]);
    expect(await victimsByDerivedKey(path, NEXT)).toBe(7);
    expect(() => openCipherDatabase(path, PASSPHRASE, { readonly: true })).toThrow(/passphrase/);
  });

  it('checks the passphrase for a policy change on the pool', async () => {
    const path = join(dir, 'policy.vsow');
    workspaceOf(path, 1);
    const ws = await Workspace.openAsync(path, PASSPHRASE);
    const policy = { threshold: 10, suppressZeros: true, round: null };
    await expect(ws.setDisclosurePolicy('not the passphrase!', policy)).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    const how = await derivations(() => ws.setDisclosurePolicy(PASSPHRASE, policy));
    expect(how).toMatchObject({ ...offThread, onPool: 1 });
    expect(ws.disclosurePolicy()).toEqual(policy);
    ws.close();
  });

  it('creates, opens and restores for the command line on the pool; the restored file opens both ways', async () => {
    const live = join(dir, 'live.vsow');
    const backup = join(dir, 'backup.vsow');
    const created = await derivations(async () => (await createWorkspace(live, PASSPHRASE)).close());
    expect(created).toMatchObject({ ...offThread, onPool: 1 });
    const opened = await derivations(() =>
      withWorkspaceFile(live, PASSPHRASE, async (ws) => {
        insertBatch(ws.db, 'victims', [{ personKey: 'A', date: '2024-02-02' }]);
        await ws.backupTo(backup);
        insertBatch(ws.db, 'victims', [{ personKey: 'B', date: '2024-02-03' }]);
      }),
    );
    expect(opened).toMatchObject({ ...offThread, onPool: 1 });

    // The backup was taken of this workspace: one salt, so one derivation serves the restore.
    const restored = await derivations(async () => {
      const plan = await planRestore(backup, live, PASSPHRASE);
      expect([plan.backup.total, plan.target?.total]).toEqual([1, 2]);
      (await restoreWorkspace(backup, live, PASSPHRASE, { replace: true })).close();
    });
    expect(restored).toMatchObject(offThread);
    expect(restored.onPool).toBe(2); // the plan's keys, then the restore's
    expect(victimsBothWays(live, PASSPHRASE)).toEqual([1, 1]);
    expect(await victimsByDerivedKey(live, PASSPHRASE)).toBe(1);

    const reopened = await derivations(async () => (await openWorkspace(live, PASSPHRASE)).close());
    expect(reopened).toMatchObject({ ...offThread, onPool: 1 });
  });

  it("derives the hand-over copy's new key on the pool; the copy opens by its passphrase, both ways", async () => {
    const path = join(dir, 'source.vsow');
    const copy = join(dir, 'handover.vsow');
    workspaceOf(path, 4);
    const ws = await Workspace.openAsync(path, PASSPHRASE);
    await expect(ws.exportForHandOverAsync(join(dir, 'weak.vsow'), 'short')).rejects.toMatchObject({
      code: 'WEAK_PASSPHRASE',
    });
    const pragma = vi.spyOn(Database.prototype, 'pragma');
    const how = await derivations(() => ws.exportForHandOverAsync(copy, NEXT));
    expect(how).toMatchObject({ ...offThread, onPool: 1 });
    // Nor is the new passphrase handed to SQLCipher as text (its KDF on this thread): the raw key is.
    const pragmas = pragma.mock.calls.map(([source]) => source);
    pragma.mockRestore();
    expect(pragmas.filter((source) => source.includes(NEXT))).toEqual([]);
    ws.close();
    // A salt of its own, not the source's; the source still opens by its own passphrase.
    expect(readFileSync(copy).subarray(0, 16).equals(readFileSync(path).subarray(0, 16))).toBe(false);
    expect(victimsBothWays(copy, NEXT)).toEqual([4, 4]);
    expect(await victimsByDerivedKey(copy, NEXT)).toBe(4);
    expect(() => openCipherDatabase(copy, PASSPHRASE, { readonly: true })).toThrow(/passphrase/);
    expect(victimsBothWays(path, PASSPHRASE)).toEqual([4, 4]);
  });

  it('hands over from the app on the pool', async () => {
    const path = join(dir, 'app-source.vsow');
    const copy = join(dir, 'app-handover.vsow');
    workspaceOf(path, 2);
    const session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
    const api = createDispatcher(
      createHandlers(createMainServices({ mode: 'browser', modeReason: 'test', session })),
      'test',
    );
    await session.open(path, PASSPHRASE);
    const how = await derivations(() => api.call('workspace.handover', { path: copy, passphrase: NEXT }));
    expect(how).toMatchObject({ ...offThread, onPool: 1 });
    await session.close();
    expect(victimsBothWays(copy, NEXT)).toEqual([2, 2]);
  });

  it('restores over another workspace (its own salt) in the app, the open one closed and the restored one adopted', async () => {
    const live = join(dir, 'app.vsow');
    const other = join(dir, 'other.vsow');
    const backup = join(dir, 'other-backup.vsow');
    workspaceOf(live, 3);
    workspaceOf(other, 5);
    const source = await Workspace.openAsync(other, PASSPHRASE);
    await source.backupTo(backup);
    source.close();

    const session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
    await session.open(live, PASSPHRASE);
    const request = { backupPath: backup, targetPath: live, passphrase: PASSPHRASE };
    const how = await derivations(async () => {
      const plan = await restorePlan(session, request);
      expect([plan.backup.total, plan.target?.total]).toEqual([5, 3]);
      await restoreInApp(session, { ...request, replace: true });
    });
    expect(how).toMatchObject(offThread);
    expect(how.onPool).toBe(4); // backup and target salts, for the plan and for the restore
    expect(session.current().info().counts.victims).toBe(5);

    // Opening the same file again checks the passphrase first, on the pool too.
    const reopened = await derivations(() => session.open(live, PASSPHRASE));
    expect(reopened).toMatchObject(offThread);
    await session.close();
    expect(victimsBothWays(live, PASSPHRASE)).toEqual([5, 5]);
  });
});
