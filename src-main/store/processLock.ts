// Keeps a workspace to one process at a time (WORKSPACE_IN_USE for the others).
//
// The lock is an operating-system file lock, held by SQLite on an empty side file
// `FILE.vsow.lock` through an open `BEGIN EXCLUSIVE` transaction that is never committed.
// The OS drops it when the process ends in any way, SIGKILL and power loss included, so there
// is no stale lock to guess about (a pid file would need `kill(pid, 0)`, which is fooled by pid
// reuse and cannot see other hosts). The transaction writes nothing, so the file stays 0 bytes:
// it holds no data at all. The file is left in place on release: deleting it would let two
// processes lock two different files of the same name (one unlinked, one new).
import Database from 'better-sqlite3-multiple-ciphers';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { sqliteCodeOf } from './storeErrors.ts';

export interface ProcessLock {
  readonly lockPath: string;
  readonly held: boolean;
  release(): void;
}

export function lockPathFor(workspacePath: string): string {
  return `${workspacePath}.lock`;
}

export function acquireProcessLock(workspacePath: string): ProcessLock {
  const lockPath = lockPathFor(workspacePath);
  let connection: Database.Database;
  try {
    connection = new Database(lockPath, { timeout: 0 });
  } catch (error) {
    throw new AppError(
      'INTERNAL',
      `Could not create the lock file beside ${basename(workspacePath)}: the folder must be writable.`,
      error instanceof Error ? error.message : String(error),
    );
  }
  try {
    // No journal file for the lock database itself.
    connection.pragma('journal_mode=MEMORY');
    connection.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    connection.close();
    if (sqliteCodeOf(error) === 'SQLITE_BUSY' || sqliteCodeOf(error) === 'SQLITE_LOCKED') {
      throw new AppError(
        'WORKSPACE_IN_USE',
        `The workspace ${basename(workspacePath)} is already open in another VSO Workbench window or command. Close it there, then try again.`,
      );
    }
    throw error;
  }
  let held = true;
  return {
    lockPath,
    get held() {
      return held;
    },
    release() {
      if (!held) return;
      held = false;
      connection.close(); // rolls the empty transaction back and drops the OS lock
    },
  };
}
