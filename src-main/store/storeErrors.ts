// Turns SQLite's error codes into the workspace's typed, user-facing errors. Only codes
// whose meaning is certain in this context are translated; anything else stays as it is
// so that the caller's own error handling (and the log) sees the original.
import { basename } from 'node:path';
import { AppError, isAppError } from '../../shared/errors.ts';

export function sqliteCodeOf(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/**
 * Who the lock a busy error met belongs to: another process or connection (the default), or a
 * store worker of this app writing to the same workspace (an import).
 */
export type BusyWith = 'another' | 'appWrite';

/** The translation used once the key is known to be right (after a successful open). */
export function toStoreError(error: unknown, path: string, busyWith: BusyWith = 'another'): unknown {
  if (isAppError(error)) return error;
  const code = sqliteCodeOf(error);
  const name = basename(path);
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT_')) {
    return new AppError(
      'DAMAGED_WORKSPACE',
      `The workspace ${name} is damaged: part of the file cannot be read. Restore it from a backup (vso workspace check tells what is wrong).`,
      error instanceof Error ? error.message : undefined,
    );
  }
  if (code === 'SQLITE_BUSY' && busyWith === 'appWrite') {
    return new AppError(
      'WORKSPACE_BUSY',
      `${name} is busy: an import or another change is writing to it. Wait for it to finish, then try again.`,
      error instanceof Error ? error.message : undefined,
    );
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError(
      'WORKSPACE_IN_USE',
      `The workspace ${name} is busy in another connection or process. Close it there, then try again.`,
      error instanceof Error ? error.message : undefined,
    );
  }
  if (code === 'SQLITE_FULL') {
    return new AppError('INTERNAL', `The disk is full: ${name} could not be written. Free some space, then try again.`);
  }
  return error;
}

/** Runs `work`, rethrowing SQLite errors as typed workspace errors. */
export function translating<T>(path: string, work: () => T, busyWith: BusyWith = 'another'): T {
  try {
    return work();
  } catch (error) {
    throw toStoreError(error, path, busyWith);
  }
}
