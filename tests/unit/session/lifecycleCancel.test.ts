// A cancel reaches the lifecycle's long work: backup, hand-over, restore, the workspace check,
// the retention purge and the sample's build, each sent through the dispatcher as a transport sends it and cancelled at
// a progress report part-way through (the report and the cancel on the same turn, so the point is
// deterministic, not timed). Each answers CANCELLED, and the workspace and its folder are exactly
// as before: every table, the audit log's length and last hash, no new file (no partial copy).
// Real SQLCipher file, real handlers; the test reads with its own SQL.
import { readdirSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Progress } from '../../../shared/protocol.ts';
import { cancelledCall } from '../../helpers/cancelCall.ts';
import { dispatcherWorkspaceCopies, type DispatcherWorkspace } from '../../helpers/dispatcherWorkspace.ts';
import { PASSPHRASE } from '../import/importTestKit.ts';
import { workspaceState } from '../import/workspaceState.ts';
import { contentDigest } from '../store/storeTestKit.ts';

const workspaces = dispatcherWorkspaceCopies('lifecycle.vsow', 'victims', 4_000);
let w: DispatcherWorkspace;

beforeEach(async () => {
  w = await workspaces.next();
});

afterEach(async () => {
  await w.close();
});

afterAll(() => workspaces.dispose());

/** Everything a cancelled operation must leave as it was: the open workspace's content and the folder's files. */
function snapshot() {
  const db = w.services.session.current().db;
  return {
    path: w.services.session.status().path,
    state: workspaceState(db),
    digest: contentDigest(db),
    files: readdirSync(w.dir.path).sort(),
  };
}

/** Part-way: a report of the phase after some of its work is done, not the first or the last. */
const partWay =
  (phase: string) =>
  (p: Progress): boolean =>
    p.phase === phase && p.done > 0 && (p.total === null || p.done < p.total);

describe('a cancel stops the lifecycle work and changes nothing', () => {
  it('stops a backup between chunks of its copy and removes the partial copy', async () => {
    const before = snapshot();
    const call = await cancelledCall(
      w.api,
      'workspace.backup',
      { path: w.dir.file('backup.vsow') },
      {
        atProgress: partWay('copy'),
      },
    );
    expect(call.outcome).toBe('CANCELLED');
    expect(call.progress.some(partWay('copy'))).toBe(true);
    expect(snapshot()).toEqual(before);
    // Not cancelled, the same backup is made.
    await w.api.call('workspace.backup', { path: w.dir.file('backup.vsow') });
    expect(readdirSync(w.dir.path)).toContain('backup.vsow');
  });

  it('stops a hand-over copy between chunks and removes it', async () => {
    const before = snapshot();
    const call = await cancelledCall(
      w.api,
      'workspace.handover',
      { path: w.dir.file('handover.vsow'), passphrase: 'a colleague passphrase 2026' },
      { atProgress: partWay('copy') },
    );
    expect(call.outcome).toBe('CANCELLED');
    expect(snapshot()).toEqual(before);
  });

  it('stops a restore while it copies the backup, the open workspace left open as it was', async () => {
    await w.api.call('workspace.backup', { path: w.dir.file('backup.vsow') });
    const before = snapshot();
    for (const target of [w.dir.file('restored.vsow'), before.path]) {
      const call = await cancelledCall(
        w.api,
        'workspace.restore',
        { backupPath: w.dir.file('backup.vsow'), targetPath: target, passphrase: PASSPHRASE, replace: true },
        { atProgress: partWay('copy') },
      );
      expect([target, call.outcome]).toEqual([target, 'CANCELLED']);
      expect(snapshot()).toEqual(before);
    }
  });

  it('stops a restore while it checks the backup', async () => {
    await w.api.call('workspace.backup', { path: w.dir.file('backup.vsow') });
    const before = snapshot();
    const call = await cancelledCall(
      w.api,
      'workspace.restore',
      { backupPath: w.dir.file('backup.vsow'), targetPath: w.dir.file('restored.vsow'), passphrase: PASSPHRASE },
      { atProgress: partWay('check') },
    );
    expect(call.outcome).toBe('CANCELLED');
    expect(snapshot()).toEqual(before);
  });

  it('stops the workspace check between tables', async () => {
    const before = snapshot();
    const call = await cancelledCall(w.api, 'workspace.check', {}, { atProgress: partWay('check') });
    expect(call.outcome).toBe('CANCELLED');
    expect(snapshot()).toEqual(before);
    expect((await w.api.call('workspace.check', {})).ok).toBe(true);
  });

  it('rolls a purge back when cancelled between chunks of its deletes', async () => {
    await w.api.call('retention.set', { years: 1 });
    const { due } = await w.api.call('retention.get', {});
    // The generated records span years: some are due, not all.
    expect(due?.total).toBeGreaterThan(0);
    const before = snapshot();
    const call = await cancelledCall(
      w.api,
      'retention.purge',
      { confirmRecords: due?.total ?? 0, confirmRows: due?.rows ?? 0 },
      { atProgress: partWay('purge') },
    );
    expect(call.outcome).toBe('CANCELLED');
    expect(snapshot()).toEqual(before);
    // Not cancelled, the same purge goes through.
    const purged = await w.api.call('retention.purge', {
      confirmRecords: due?.total ?? 0,
      confirmRows: due?.rows ?? 0,
    });
    expect(purged.total).toBe(due?.total);
  });

  it('stops building the sample between its steps: no sample file, the open workspace still open', async () => {
    const before = snapshot();
    const call = await cancelledCall(
      w.api,
      'workspace.createSample',
      { path: w.dir.file('sample.vsow') },
      { atProgress: (p) => p.done === 1 },
    );
    expect(call.outcome).toBe('CANCELLED');
    expect(snapshot()).toEqual(before);
  });
});

describe('a lock stops the lifecycle work at its next pause, before the connection goes', () => {
  /** What a lock and unlock may not change: everything but the audit log's own lock entries. */
  function data() {
    const db = w.services.session.current().db;
    const state = workspaceState(db);
    return {
      rows: { ...state.rows, audit_log: 0 },
      indexes: state.indexes,
      digest: contentDigest(db),
      files: readdirSync(w.dir.path).sort(),
    };
  }
  const actionsSince = (id: number): string[] =>
    w.services.session
      .current()
      .db.prepare('SELECT action FROM audit_log WHERE id > ? ORDER BY id')
      .pluck()
      .all(id) as string[];
  const lastAuditId = (): number =>
    w.services.session.current().db.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;

  async function lockedPartWay(
    method: 'workspace.backup' | 'workspace.handover' | 'workspace.check' | 'retention.purge',
    args: unknown,
    phase: string,
  ) {
    const before = data();
    const lastId = lastAuditId();
    let locking: Promise<unknown> | null = null;
    const call = await cancelledCall(w.api, method, args, {
      atProgress: (p) => {
        if (locking === null && partWay(phase)(p)) locking = w.services.session.lock();
        return false;
      },
    });
    expect(locking).not.toBeNull();
    await locking;
    expect(w.services.session.status().state).toBe('locked');
    await w.api.call('workspace.unlock', { passphrase: PASSPHRASE });
    expect(call.outcome).toBe('WORKSPACE_LOCKED');
    expect(data()).toEqual(before);
    // Only the lock and the unlock were recorded: no copy, check or purge.
    expect(actionsSince(lastId).filter((a) => !/lock/.test(a))).toEqual([]);
  }

  it('stops a backup and removes its partial copy', async () => {
    await lockedPartWay('workspace.backup', { path: w.dir.file('backup.vsow') }, 'copy');
  });

  it('stops a hand-over copy and removes it', async () => {
    await lockedPartWay(
      'workspace.handover',
      { path: w.dir.file('handover.vsow'), passphrase: 'a colleague passphrase 2026' },
      'copy',
    );
  });

  it('stops the workspace check instead of reporting the file damaged', async () => {
    await lockedPartWay('workspace.check', {}, 'check');
    expect((await w.api.call('workspace.check', {})).ok).toBe(true);
  });

  it('rolls a purge back', async () => {
    await w.api.call('retention.set', { years: 1 });
    const { due } = await w.api.call('retention.get', {});
    expect(due?.total).toBeGreaterThan(0);
    await lockedPartWay('retention.purge', { confirmRecords: due?.total ?? 0, confirmRows: due?.rows ?? 0 }, 'purge');
  });
});
