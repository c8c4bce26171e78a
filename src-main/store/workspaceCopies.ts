// Copies of a workspace: backup, restore and hand-over (issue 10).
//
// A copy is made with `VACUUM INTO`, SQLite's other online backup: it reads the live database
// in one read transaction (a consistent snapshot while other connections read or write), and
// SQLite3MultipleCiphers writes the copy encrypted with the same key and salt, so the same
// passphrase opens it. better-sqlite3's `db.backup()` cannot be used: its destination
// connection has no key, and SQLite3MultipleCiphers refuses (rightly) to back an encrypted
// database up into it. The copy is also compact: free pages are not carried over. Each copy is
// written to a temporary name in the target folder, checked, then renamed into place, so a
// half-written copy never carries the final name.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { AuditLog } from './auditLog.ts';
import { openCipherDatabase, restrictToOwner, type CipherDatabase } from './cipherDatabase.ts';
import { appliedMigrations, assertKnownHistory, hasMigrationsTable } from './migrate.ts';
import { assertStrongPassphrase } from './passphrasePolicy.ts';
import { sqliteIntegrity } from './integrity.ts';
import { toStoreError } from './storeErrors.ts';

export interface CopyResult {
  path: string;
  sizeBytes: number;
}

export interface HandOverResult extends CopyResult {
  rejectedRowsRemoved: number;
  auditEntriesRemoved: number;
}

function assertFreeTarget(sourcePath: string, outPath: string): string {
  const out = resolve(outPath);
  if (out === resolve(sourcePath)) {
    throw new AppError('BAD_REQUEST', 'The copy must go to another file than the workspace itself.');
  }
  if (existsSync(out)) throw new AppError('FILE_EXISTS', `${out} already exists. Choose a new file name.`);
  if (!existsSync(dirname(out))) {
    throw new AppError('FILE_NOT_FOUND', `The folder ${dirname(out)} does not exist. Choose a folder that exists.`);
  }
  return out;
}

function temporaryBeside(target: string): string {
  return `${target}.partial-${randomBytes(4).toString('hex')}`;
}

/** `VACUUM INTO` a temporary file; the path is bound as a parameter, never spliced into SQL. */
function vacuumInto(db: CipherDatabase, temporary: string): void {
  db.prepare('VACUUM INTO ?').run(temporary);
  restrictToOwner(temporary);
}

/** Opens `copy` inside the live connection (ATTACH without KEY takes the main key) and checks it. */
function verifyWithSameKey(db: CipherDatabase, copy: string): void {
  db.prepare(`ATTACH DATABASE ? AS copy_check`).run(copy);
  try {
    const result = sqliteIntegrity(db, 'copy_check');
    if (!result.ok) {
      throw new AppError(
        'EXPORT_FAILED',
        `The copy failed its check (${result.messages[0] ?? 'unknown'}); it was removed.`,
      );
    }
    const versions = db.prepare('SELECT count(*) AS n FROM copy_check.schema_migrations').get() as { n: number };
    if (versions.n === 0) throw new AppError('EXPORT_FAILED', 'The copy has no schema; it was removed.');
  } finally {
    db.exec('DETACH DATABASE copy_check');
  }
}

export function backupTo(db: CipherDatabase, audit: AuditLog, sourcePath: string, outPath: string): CopyResult {
  const out = assertFreeTarget(sourcePath, outPath);
  const temporary = temporaryBeside(out);
  try {
    vacuumInto(db, temporary);
    verifyWithSameKey(db, temporary);
    renameSync(temporary, out);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw toStoreError(error, sourcePath);
  }
  const sizeBytes = statSync(out).size;
  audit.append('workspace.backup', { to: out, sizeBytes });
  return { path: out, sizeBytes };
}

/** SQL string literal: the only quoting needed by SQLite is doubling single quotes. */
function sqlString(value: string): string {
  if (value.includes('\0')) throw new AppError('BAD_REQUEST', 'A passphrase cannot contain a NUL character.');
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A copy for a colleague outside the team: under its own passphrase, without rejected rows
 * (raw source values) and without the audit history, which restarts with one entry saying so.
 */
export function exportForHandOver(
  db: CipherDatabase,
  audit: AuditLog,
  sourcePath: string,
  outPath: string,
  newPassphrase: string,
): HandOverResult {
  assertStrongPassphrase(newPassphrase);
  const out = assertFreeTarget(sourcePath, outPath);
  const temporary = temporaryBeside(out);
  let removed: { rejectedRowsRemoved: number; auditEntriesRemoved: number };
  try {
    vacuumInto(db, temporary);
    db.prepare('ATTACH DATABASE ? AS handover').run(temporary);
    try {
      // PRAGMA takes no parameters; the passphrase is a quoted literal and goes to sqlite3_rekey.
      db.pragma(`handover.rekey = ${sqlString(newPassphrase.normalize('NFC'))}`);
    } finally {
      db.exec('DETACH DATABASE handover');
    }
    removed = stripForHandOver(temporary, newPassphrase, basename(sourcePath));
    renameSync(temporary, out);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw toStoreError(error, sourcePath);
  }
  const sizeBytes = statSync(out).size;
  audit.append('workspace.handover_export', { to: out, sizeBytes, ...removed });
  return { path: out, sizeBytes, ...removed };
}

function stripForHandOver(
  path: string,
  passphrase: string,
  sourceName: string,
): { rejectedRowsRemoved: number; auditEntriesRemoved: number } {
  const copy = openCipherDatabase(path, passphrase);
  try {
    const result = copy.transaction(() => {
      const rejectedRowsRemoved = copy.prepare('DELETE FROM rejected_rows').run().changes;
      const triggers = copy
        .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'`)
        .all() as { name: string; sql: string }[];
      for (const trigger of triggers) copy.exec(`DROP TRIGGER "${trigger.name.replaceAll('"', '""')}"`);
      const auditEntriesRemoved = copy.prepare('DELETE FROM audit_log').run().changes;
      copy.prepare(`DELETE FROM meta WHERE key = 'audit_head'`).run();
      for (const trigger of triggers) copy.exec(trigger.sql);
      new AuditLog(() => copy).append('workspace.handover', {
        from: sourceName,
        rejectedRowsRemoved,
        auditEntriesRemoved,
      });
      return { rejectedRowsRemoved, auditEntriesRemoved };
    })();
    copy.exec('VACUUM');
    return result;
  } finally {
    copy.close();
  }
}

/**
 * Checks a backup thoroughly (opens with the passphrase, is a workspace this build reads, passes
 * SQLite's full integrity check) and puts a fresh copy of it at `target`. The caller holds the
 * target's process lock, so nothing else has it open.
 */
export function restoreCopy(backupPath: string, target: string, passphrase: string): void {
  const backup = openCipherDatabase(resolve(backupPath), passphrase, { readonly: true });
  const temporary = temporaryBeside(target);
  try {
    if (!hasMigrationsTable(backup)) {
      throw new AppError(
        'NOT_A_WORKSPACE',
        `${basename(backupPath)} is an encrypted database but not a VSO workspace.`,
      );
    }
    assertKnownHistory(appliedMigrations(backup), backupPath);
    const check = sqliteIntegrity(backup);
    if (!check.ok) {
      throw new AppError(
        'DAMAGED_WORKSPACE',
        `The backup ${basename(backupPath)} is damaged and cannot be restored (${check.messages[0] ?? 'integrity check failed'}). Use another backup.`,
        check.messages.join('\n'),
      );
    }
    vacuumInto(backup, temporary);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw toStoreError(error, backupPath);
  } finally {
    backup.close();
  }
  // A journal left by a crash of the old file would be replayed onto the restored one.
  rmSync(`${target}-journal`, { force: true });
  renameSync(temporary, target);
}
