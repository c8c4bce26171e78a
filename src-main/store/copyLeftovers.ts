// What a crash can leave of a copy, and its removal the next time the workspace opens (in the
// app or the CLI). A backup or hand-over copy is written to `OUT.partial-XXXXXXXX` beside its
// target, and its path is noted in the workspace first, so an open removes it even when the
// target folder is elsewhere; a restore writes `FILE.partial-XXXXXXXX` beside the workspace and
// keeps `FILE.before-restore-XXXXXXXX`, the file it replaced, until the restored one opens.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CipherDatabase } from './cipherDatabase.ts';

const PENDING_KEY = 'pending_copies';
const PARTIAL = /\.partial-[0-9a-f]{8}$/;
/** A partial copy's own side files: SQLite's journal while VACUUM INTO writes it. */
const PARTIAL_SIDE = /\.partial-[0-9a-f]{8}-(journal|wal|shm)$/;
const SIDE_FILES = ['', '-journal', '-wal', '-shm'];
const BEFORE_RESTORE = /\.before-restore-[0-9a-f]{8}$/;

export function partialBeside(target: string): string {
  return `${target}.partial-${randomBytes(4).toString('hex')}`;
}

export function safetyCopyBeside(target: string): string {
  return `${target}.before-restore-${randomBytes(4).toString('hex')}`;
}

function pending(db: CipherDatabase): string[] {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(PENDING_KEY) as { value: string } | undefined;
  if (!row) return [];
  try {
    const parsed: unknown = JSON.parse(row.value);
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string' && PARTIAL.test(p)) : [];
  } catch {
    return [];
  }
}

function setPending(db: CipherDatabase, paths: string[]): void {
  if (paths.length === 0) db.prepare('DELETE FROM meta WHERE key = ?').run(PENDING_KEY);
  else db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(PENDING_KEY, JSON.stringify(paths));
}

/** Notes a partial copy before it is written, so that a crash cannot leave it unknown. */
export function notePartial(db: CipherDatabase, path: string): void {
  setPending(db, [...pending(db).filter((p) => p !== path), path]);
}

/** The partial is gone (renamed into place or removed): forget it. */
export function forgetPartial(db: CipherDatabase, path: string): void {
  setPending(
    db,
    pending(db).filter((p) => p !== path),
  );
}

/** Clears the note in a copy of the workspace (`schema`: an attached copy, or `main`). */
export function forgetAllPartials(db: CipherDatabase, schema: 'main' | 'copy_check'): void {
  db.prepare(`DELETE FROM ${schema}.meta WHERE key = ?`).run(PENDING_KEY);
}

/** Removes a partial copy and any side file SQLite made beside it. */
export function removeCopy(path: string): void {
  for (const suffix of SIDE_FILES) rmSync(`${path}${suffix}`, { force: true });
}

/** Files in the workspace's folder named after it by a restore: partial copies, and safety copies. */
function besideWorkspace(workspacePath: string, pattern: RegExp): string[] {
  const name = basename(workspacePath);
  try {
    return readdirSync(dirname(workspacePath))
      .filter((file) => file.startsWith(`${name}.`) && pattern.test(file) && file.length - name.length < 32)
      .map((file) => join(dirname(workspacePath), file));
  } catch {
    return [];
  }
}

/**
 * At the app's start, before any workspace is open: the partial copies a crashed restore left
 * beside a workspace (never the workspace, nor a safety copy, which waits for the restored one
 * to open). Returns what it removed.
 */
export function removePartialsBeside(workspacePath: string): string[] {
  const removed = [...besideWorkspace(workspacePath, PARTIAL), ...besideWorkspace(workspacePath, PARTIAL_SIDE)];
  for (const path of removed) rmSync(path, { force: true });
  return removed;
}

/**
 * Called once the workspace has opened: removes the partial copies a crash left (noted ones
 * and restore ones beside it) and the safety copy of a restore, whose restored file has now
 * opened. Returns what it removed.
 */
export function removeLeftovers(db: CipherDatabase, workspacePath: string): string[] {
  const noted = pending(db);
  const found = [
    ...noted.flatMap((path) => SIDE_FILES.map((suffix) => `${path}${suffix}`)),
    ...besideWorkspace(workspacePath, PARTIAL),
    ...besideWorkspace(workspacePath, PARTIAL_SIDE),
    ...besideWorkspace(workspacePath, BEFORE_RESTORE),
  ];
  const removed = found.filter((path) => existsSync(path));
  for (const path of removed) rmSync(path, { force: true });
  if (noted.length > 0) setPending(db, []);
  return removed;
}
