// The log of unexpected errors: one JSON line per error in the user's app data folder (beside
// the recent-workspaces list; VSO_LOG_DIR elsewhere, for tests), readable by the user only. It
// holds what helps a developer and nothing of the data: the error's class and code (ENOENT,
// SQLITE_CORRUPT), the stack's frames (where, never the first line, which repeats the
// message), the API method, and versions. Messages are left out: they can quote a cell, a
// file name or a label. Writing the log must never become a second failure.
import { appendFileSync, chmodSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { APP_VERSION } from '../appVersion.ts';
import { configDir } from '../app/workspace/recentWorkspaces.ts';

/** A log past this size is moved to errors.1.log (replacing the one before). */
const MAX_LOG_BYTES = 1024 * 1024;
const MAX_FRAMES = 30;
const MAX_CAUSES = 5;

export function errorLogDir(): string {
  const override = process.env.VSO_LOG_DIR;
  return override !== undefined && override !== '' ? override : join(configDir(), 'logs');
}

export function errorLogPath(): string {
  return join(errorLogDir(), 'errors.log');
}

interface LoggedError {
  name: string;
  /** A system or library code such as ENOENT or SQLITE_BUSY (identifier-like codes only). */
  code?: string;
  frames: string[];
}

/** A stack frame as V8 prints it: "at fn (file:line:col)" or "at file:line:col". */
const FRAME = /^\s+at .+$/;
const CODE = /^[A-Z][A-Z0-9_]{1,40}$/;

function describe(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { name: typeof error, frames: [] };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => FRAME.test(line))
    .slice(0, MAX_FRAMES)
    .map((line) => line.trim());
  // Only the class name: a custom name could be built from data, so anything odd is dropped.
  const name = /^[A-Za-z][A-Za-z0-9_]{0,60}$/.test(error.name) ? error.name : 'Error';
  return { name, ...(typeof code === 'string' && CODE.test(code) ? { code } : {}), frames };
}

export interface ErrorContext {
  /** Where it happened: an API method name or a CLI command, never an argument. */
  where: string;
}

/**
 * Appends one entry for `error` and returns the log's path, or null when the log could not be
 * written (then nothing else happens: the caller still reports the error).
 */
export function logUnexpectedError(error: unknown, context: ErrorContext): string | null {
  const causes: LoggedError[] = [];
  let cause = error instanceof Error ? error.cause : undefined;
  while (cause !== undefined && causes.length < MAX_CAUSES) {
    causes.push(describe(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  const entry = {
    at: new Date().toISOString(),
    where: /^[\w.:-]{1,80}$/.test(context.where) ? context.where : 'unknown',
    app: APP_VERSION,
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    platform: `${process.platform}-${process.arch}`,
    error: describe(error),
    ...(causes.length > 0 ? { causes } : {}),
  };
  const dir = errorLogDir();
  const path = errorLogPath();
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      if (statSync(path).size > MAX_LOG_BYTES) renameSync(path, join(dir, 'errors.1.log'));
    } catch {
      // No log yet.
    }
    appendFileSync(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
    return path;
  } catch {
    return null;
  }
}

/** The sentence that follows "Something went wrong": where the log is, or that it could not be written. */
export function loggedWhere(path: string | null): string {
  return path === null
    ? 'It could not be written to the error log.'
    : `Details without any of your data were written to ${path}.`;
}
