// The append-only audit log: who opened, imported, exported, re-keyed or
// changed the codebook, and when. Each entry stores the SHA-256 of the previous entry, and its
// own hash = SHA-256(prev_hash + canonical JSON of {action, at, detail, user_name}); the first
// entry's prev_hash is 64 zeros. Triggers refuse UPDATE and DELETE; `meta.audit_head` records
// the newest entry, and new entries link to it, so cutting entries off the end is detected too. Someone holding the key can
// still rewrite the whole chain: the chain shows accidental or partial tampering, not all.
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { canonicalJson, type JsonValue } from './canonicalJson.ts';
import type { CipherDatabase } from './cipherDatabase.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  id: number;
  at: string;
  userName: string;
  action: string;
  detail: JsonValue;
  prevHash: string;
  hash: string;
}

export type AuditVerification =
  { intact: true; entries: number } | { intact: false; entries: number; brokenAt: number; reason: string };

export interface AuditListOptions {
  limit?: number;
  offset?: number;
  action?: string;
}

interface AuditRow {
  id: number;
  at: string;
  user_name: string;
  action: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

export function currentUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function entryHash(prevHash: string, at: string, userName: string, action: string, detail: unknown): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ action, at, detail, user_name: userName }))
    .digest('hex');
}

export class AuditLog {
  constructor(private readonly db: () => CipherDatabase) {}

  /** Appends one entry; inside a caller's transaction it commits or rolls back with it. */
  append(action: string, detail: Record<string, unknown> = {}): AuditEntry {
    const db = this.db();
    return db.transaction(() => {
      // The recorded head, not the last row: if entries were cut off the end, the new entry
      // links to the lost one and verify() reports the break at the new entry.
      const head =
        readHead(db) ??
        (db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
          { id: number; hash: string } | undefined);
      const prevHash = head?.hash ?? GENESIS_HASH;
      const at = new Date().toISOString();
      const userName = currentUserName();
      const hash = entryHash(prevHash, at, userName, action, detail);
      const result = db
        .prepare('INSERT INTO audit_log (at, user_name, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)')
        .run(at, userName, action, canonicalJson(detail), prevHash, hash);
      const id = Number(result.lastInsertRowid);
      db.prepare(
        `INSERT INTO meta (key, value) VALUES ('audit_head', ?)
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      ).run(JSON.stringify({ id, hash }));
      return { id, at, userName, action, detail: JSON.parse(canonicalJson(detail)) as JsonValue, prevHash, hash };
    })();
  }

  /** Newest first. */
  list(options: AuditListOptions = {}): AuditEntry[] {
    const limit = Math.max(0, Math.min(options.limit ?? 100, 10_000));
    const offset = Math.max(0, options.offset ?? 0);
    const rows = (
      options.action === undefined
        ? this.db().prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?').all(limit, offset)
        : this.db()
            .prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT ? OFFSET ?')
            .all(options.action, limit, offset)
    ) as AuditRow[];
    return rows.map(toEntry);
  }

  count(): number {
    return (this.db().prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  }

  /** Walks the chain from the first entry; reports the first entry whose link or content is wrong. */
  verify(): AuditVerification {
    const db = this.db();
    let expectedPrev = GENESIS_HASH;
    let entries = 0;
    let last: { id: number; hash: string } | undefined;
    for (const row of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditRow>) {
      entries += 1;
      const broken = (reason: string): AuditVerification => ({ intact: false, entries, brokenAt: row.id, reason });
      if (row.prev_hash !== expectedPrev) {
        return broken('its link to the previous entry does not match (an entry before it was removed or changed)');
      }
      let detail: unknown;
      try {
        detail = JSON.parse(row.detail);
      } catch {
        return broken('its detail is not valid JSON (it was changed after it was written)');
      }
      if (entryHash(row.prev_hash, row.at, row.user_name, row.action, detail) !== row.hash) {
        return broken('its content does not match its hash (it was changed after it was written)');
      }
      expectedPrev = row.hash;
      last = { id: row.id, hash: row.hash };
    }
    const head = readHead(db);
    if (head !== undefined && (last === undefined || head.id !== last.id || head.hash !== last.hash)) {
      return {
        intact: false,
        entries,
        brokenAt: last?.id ?? 0,
        reason: `entries after #${last?.id ?? 0} are missing (the log ended at #${head.id})`,
      };
    }
    return { intact: true, entries };
  }
}

function readHead(db: CipherDatabase): { id: number; hash: string } | undefined {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'audit_head'`).get() as { value: string } | undefined;
  if (row === undefined) return undefined;
  try {
    return JSON.parse(row.value) as { id: number; hash: string };
  } catch {
    return { id: -1, hash: '' };
  }
}

function toEntry(row: AuditRow): AuditEntry {
  let detail: JsonValue;
  try {
    detail = JSON.parse(row.detail) as JsonValue;
  } catch {
    detail = row.detail;
  }
  return {
    id: row.id,
    at: row.at,
    userName: row.user_name,
    action: row.action,
    detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
