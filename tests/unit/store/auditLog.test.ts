// The audit log's hash chain: intact after normal use; one changed byte, a removed entry or a
// cut-off tail (made through a raw SQLCipher connection with the key, triggers dropped) is
// reported at the right entry; the triggers refuse ordinary updates and deletes.
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, GENESIS_HASH } from '../../../src-main/store/auditLog.ts';
import { openCipherDatabase, type CipherDatabase } from '../../../src-main/store/cipherDatabase.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { PASSPHRASE, tempDir } from './storeTestKit.ts';

let dir: string;
let cleanup: () => void;
let path: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'audit.vsow');
  const ws = Workspace.create(path, PASSPHRASE);
  ws.audit.append('export.table', { file: 'table.xlsx', rows: 12 });
  ws.audit.append('import.commit', { batchId: 1, accepted: 1000, rejected: 3 });
  ws.audit.append('export.infographic', { template: 'victims' });
  ws.close();
});
afterEach(() => cleanup());

/** A raw connection with the key, the append-only triggers dropped: what a tamperer would do. */
function tamper(work: (db: CipherDatabase) => void): void {
  const db = openCipherDatabase(path, PASSPHRASE);
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  work(db);
  db.close();
}

function verify() {
  const ws = Workspace.open(path, PASSPHRASE);
  try {
    return ws.audit.verify();
  } finally {
    ws.close();
  }
}

describe('audit log', () => {
  it('chains every entry to the one before with SHA-256 over canonical JSON', () => {
    const ws = Workspace.open(path, PASSPHRASE);
    const entries = ws.audit.list().reverse();
    ws.close();
    expect(entries.map((e) => e.action)).toEqual([
      'workspace.create',
      'export.table',
      'import.commit',
      'export.infographic',
      'workspace.open',
    ]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    entries.forEach((entry, i) => {
      if (i > 0) expect(entry.prevHash).toBe(entries[i - 1]?.hash);
      expect(entry.userName).toBe(userInfo().username);
    });
    // Recomputed here from the documented rule, keys in sorted order.
    const third = entries[2];
    const canonical = `{"action":"import.commit","at":"${third?.at}","detail":{"accepted":1000,"batchId":1,"rejected":3},"user_name":"${third?.userName}"}`;
    expect(third?.hash).toBe(createHash('sha256').update(`${third?.prevHash}${canonical}`).digest('hex'));
    expect(verify()).toEqual({ intact: true, entries: 6 }); // verify() opened it once more
  });

  it('refuses updates and deletes through SQL', () => {
    const ws = Workspace.open(path, PASSPHRASE);
    expect(() => ws.db.prepare(`UPDATE audit_log SET action = 'x' WHERE id = 2`).run()).toThrow(/append-only/);
    expect(() => ws.db.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(/append-only/);
    ws.close();
  });

  it('reports the entry where one byte of the detail was changed', () => {
    tamper((db) => {
      const detail = db.prepare('SELECT detail FROM audit_log WHERE id = 3').pluck().get() as string;
      const changed = detail.replace('1000', '1001'); // one byte
      expect(changed).not.toBe(detail);
      db.prepare('UPDATE audit_log SET detail = ? WHERE id = 3').run(changed);
    });
    const result = verify();
    expect(result).toMatchObject({ intact: false, brokenAt: 3 });
    expect(result.intact ? '' : result.reason).toMatch(/does not match its hash/);
  });

  it('reports a changed user name or time, and an entry removed from the middle', () => {
    tamper((db) => db.prepare(`UPDATE audit_log SET user_name = 'someone else' WHERE id = 2`).run());
    expect(verify()).toMatchObject({ intact: false, brokenAt: 2 });

    cleanupAndRecreate();
    tamper((db) => db.prepare('DELETE FROM audit_log WHERE id = 3').run());
    const result = verify();
    expect(result).toMatchObject({ intact: false, brokenAt: 4 });
    expect(result.intact ? '' : result.reason).toMatch(/link to the previous entry/);
  });

  it('reports entries cut off the end, before and after new entries are appended', () => {
    tamper((db) => db.prepare('DELETE FROM audit_log WHERE id >= 3').run());
    const db = openCipherDatabase(path, PASSPHRASE);
    const direct = new AuditLog(() => db);
    expect(direct.verify()).toMatchObject({ intact: false, brokenAt: 2, reason: expect.stringMatching(/missing/) });
    db.close();
    // The open in verify() appends a new entry #3: it links to the lost #4, not to #2.
    expect(verify()).toMatchObject({ intact: false, brokenAt: 3, reason: expect.stringMatching(/previous entry/) });
  });
});

function cleanupAndRecreate(): void {
  cleanup();
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'audit.vsow');
  const ws = Workspace.create(path, PASSPHRASE);
  ws.audit.append('export.table', { file: 'table.xlsx', rows: 12 });
  ws.audit.append('import.commit', { batchId: 1, accepted: 1000, rejected: 3 });
  ws.audit.append('export.infographic', { template: 'victims' });
  ws.close();
}
