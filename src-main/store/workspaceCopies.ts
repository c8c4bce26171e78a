// Copies of a workspace: backup, restore and hand-over (issue 10).
//
// A copy is made a chunk of rows at a time (chunkedCopy.ts) in one transaction that is also one
// read snapshot of the source, so the copy is consistent while other connections read or write,
// and a cancel is heard between chunks (VACUUM INTO, one statement, could not be left). A backup
// is written under the workspace's own key and salt, so the same passphrase opens it. The copy
// is also compact: free pages are not carried over. Each copy is written to a temporary name in
// the target folder, checked table by table, then renamed into place, so a half-written copy
// never carries the final name. Every copy and partial copy is the owner's alone (0600) from its
// first byte, and a partial copy is noted in the workspace before it is written, so the next
// open removes what a crash left (copyLeftovers.ts); a cancel removes it at once.
//
// A restore replaces a file only when asked, only a workspace that the same passphrase opens,
// and keeps the replaced file as a safety copy (a hard link, else a copy) until the restored
// workspace has opened: at every instant the target is either the old file or the whole,
// checked new one, so a kill -9 anywhere leaves a workspace that opens. A cancel is heard while
// the backup is checked and copied, never once the target is being replaced.
import { copyFileSync, existsSync, linkSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { COHORTS, type Cohort } from '../../shared/codebook.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { AuditLog } from './auditLog.ts';
import {
  assertOpenableShape,
  openCipherDatabase,
  restrictToOwner,
  type CipherDatabase,
  type CipherSecret,
} from './cipherDatabase.ts';
import { copyDatabase, type CopyOutcome } from './chunkedCopy.ts';
import {
  forgetAllPartials,
  forgetPartial,
  notePartial,
  partialBeside,
  removeCopy,
  safetyCopyBeside,
} from './copyLeftovers.ts';
import { inspectFileShape } from './fileShape.ts';
import { appliedMigrations, assertKnownHistory, hasMigrationsTable } from './migrate.ts';
import { sqliteIntegrityInSteps } from './integrity.ts';
import type { RestoreKeys } from './restoreKeys.ts';
import { toStoreError } from './storeErrors.ts';
import { safePoint, type Steps } from './safePoints.ts';
import type { DerivedKey } from './workspaceKey.ts';
import { deleteUnpublishedImports } from './unpublishedImports.ts';

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

/** A partial copy beside `out`, noted in the workspace (committed) before its first byte. */
function notedPartial(db: CipherDatabase, out: string): string {
  const temporary = partialBeside(out);
  notePartial(db, temporary);
  return temporary;
}

/** A copy that failed its check is not kept. */
function assertChecked(outcome: CopyOutcome): void {
  if (!outcome.check.ok) {
    throw new AppError(
      'EXPORT_FAILED',
      `The copy failed its check (${outcome.check.messages[0] ?? 'unknown'}); it was removed.`,
    );
  }
}

/** The open workspace a copy is made of: its file and its key (lent, zeroed by the caller). */
export interface CopySource {
  path: string;
  key: DerivedKey;
}

export async function backupTo(
  db: CipherDatabase,
  audit: AuditLog,
  source: CopySource,
  outPath: string,
  steps: Steps = {},
): Promise<CopyResult> {
  const out = assertFreeTarget(source.path, outPath);
  const temporary = notedPartial(db, out);
  try {
    const outcome = await copyDatabase(
      {
        source: source.path,
        target: temporary,
        targetKey: source.key,
        // The copy carries the live workspace's note of partial copies (its own among them): not its business.
        beforeCommit: (copy) => forgetAllPartials(copy, 'main'),
        what: 'The backup',
      },
      steps,
    );
    assertChecked(outcome);
    await safePoint(steps, 'The backup');
    renameSync(temporary, out);
  } catch (error) {
    removeCopy(temporary);
    throw toStoreError(error, source.path);
  } finally {
    forgetPartial(db, temporary);
  }
  const sizeBytes = statSync(out).size;
  audit.append('workspace.backup', { to: out, sizeBytes });
  return { path: out, sizeBytes };
}

/**
 * A copy for a colleague outside the team: under its own passphrase, without rejected rows
 * (raw source values: never written to the copy) and without the audit history, which restarts
 * with one entry saying so. `newKey` is the new passphrase's key, derived beforehand with a new
 * salt (on Node's thread pool in the app): SQLCipher is given it in raw form, so it derives
 * nothing on this thread.
 */
export async function exportForHandOver(
  db: CipherDatabase,
  audit: AuditLog,
  source: CopySource,
  outPath: string,
  newKey: DerivedKey,
  steps: Steps = {},
): Promise<HandOverResult> {
  const out = assertFreeTarget(source.path, outPath);
  const temporary = notedPartial(db, out);
  let removed: { rejectedRowsRemoved: number; auditEntriesRemoved: number };
  try {
    const outcome = await copyDatabase(
      {
        source: source.path,
        sourceKey: source.key,
        target: temporary,
        targetKey: newKey,
        leaveRows: ['rejected_rows', 'audit_log'],
        beforeCommit: (copy, left) => {
          // An import's rows committed but never published are no one's to hand over.
          deleteUnpublishedImports(copy);
          restartAudit(copy, basename(source.path), left);
        },
        what: 'The hand-over copy',
      },
      steps,
    );
    assertChecked(outcome);
    removed = {
      rejectedRowsRemoved: outcome.leftRows['rejected_rows'] ?? 0,
      auditEntriesRemoved: outcome.leftRows['audit_log'] ?? 0,
    };
    await safePoint(steps, 'The hand-over copy');
    renameSync(temporary, out);
  } catch (error) {
    removeCopy(temporary);
    throw toStoreError(error, source.path);
  } finally {
    forgetPartial(db, temporary);
  }
  const sizeBytes = statSync(out).size;
  audit.append('workspace.handover_export', { to: out, sizeBytes, ...removed });
  return { path: out, sizeBytes, ...removed };
}

/** The hand-over copy's audit log, copied empty, restarts with one entry saying what was left out. */
function restartAudit(copy: CipherDatabase, sourceName: string, left: Record<string, number>): void {
  forgetAllPartials(copy, 'main');
  copy.prepare(`DELETE FROM meta WHERE key = 'audit_head'`).run();
  new AuditLog(() => copy).append('workspace.handover', {
    from: sourceName,
    rejectedRowsRemoved: left['rejected_rows'] ?? 0,
    auditEntriesRemoved: left['audit_log'] ?? 0,
  });
}

export type RecordCounts = Record<Cohort, number> & { total: number };

export interface RestorePlan {
  backupPath: string;
  targetPath: string;
  backup: RecordCounts;
  /** The workspace a restore would replace; null when the target does not exist yet. */
  target: RecordCounts | null;
}

function recordCounts(db: CipherDatabase): RecordCounts {
  const counts = { total: 0 } as RecordCounts;
  for (const cohort of COHORTS) {
    counts[cohort] = db.prepare(`SELECT count(*) FROM ${cohort}`).pluck().get() as number;
    counts.total += counts[cohort];
  }
  return counts;
}

function withReadonly<T>(path: string, secret: CipherSecret, read: (db: CipherDatabase) => T): T {
  const db = openCipherDatabase(path, secret, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function assertWorkspaceSchema(db: CipherDatabase, path: string, role: 'backup' | 'target'): void {
  if (!hasMigrationsTable(db)) {
    throw new AppError(
      'NOT_A_WORKSPACE',
      role === 'backup'
        ? `${basename(path)} is an encrypted database but not a VSO workspace.`
        : `${path} is an encrypted database but not a VSO workspace: a restore replaces only a workspace. Choose a new file name.`,
    );
  }
}

/** The target's records, after checking it is a workspace the backup's passphrase opens; null when it does not exist. */
function targetCounts(target: string, keys: RestoreKeys): RecordCounts | null {
  const shape = inspectFileShape(target);
  if (shape.kind === 'missing') {
    if (!existsSync(dirname(target))) {
      throw new AppError(
        'FILE_NOT_FOUND',
        `The folder ${dirname(target)} does not exist. Choose a folder that exists.`,
      );
    }
    return null;
  }
  try {
    assertOpenableShape(shape, target);
    return withReadonly(target, keys.target ?? keys.backup, (db) => {
      assertWorkspaceSchema(db, target, 'target');
      return recordCounts(db);
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'WRONG_PASSPHRASE') {
      throw new AppError(
        'NOT_A_WORKSPACE',
        `${target} does not open with the backup's passphrase, so it cannot be checked to be the workspace to replace. Restore to a new file name instead.`,
      );
    }
    if (isAppError(error) && (error.code === 'NOT_A_WORKSPACE' || error.code === 'DAMAGED_WORKSPACE')) {
      throw new AppError(
        'NOT_A_WORKSPACE',
        `${target} is not a VSO workspace (${error.message}) and a restore replaces only a workspace. Choose a new file name.`,
      );
    }
    throw error;
  }
}

/**
 * What a restore of `backupPath` over `targetPath` would do: the records of both (the target's
 * null when it is a new file). Refuses a backup that is not a workspace, and a target that is
 * not a workspace the same passphrase opens. The caller holds the target's process lock.
 */
export function planRestore(backupPath: string, targetPath: string, keys: RestoreKeys): RestorePlan {
  const backup = resolve(backupPath);
  const target = resolve(targetPath);
  if (backup === target) {
    throw new AppError('BAD_REQUEST', 'A backup cannot be restored over itself. Choose another file to restore into.');
  }
  const backupCounts = withReadonly(backup, keys.backup, (db) => {
    assertWorkspaceSchema(db, backupPath, 'backup');
    assertKnownHistory(appliedMigrations(db), backupPath);
    return recordCounts(db);
  });
  return { backupPath: backup, targetPath: target, backup: backupCounts, target: targetCounts(target, keys) };
}

function describeCounts(counts: RecordCounts): string {
  return `${counts.total.toLocaleString('en-GB')} records`;
}

/** Folds the target's WAL into its file, so the file alone is the whole workspace (and a safe copy). */
function checkpointAlone(target: string, secret: CipherSecret): void {
  const db = openCipherDatabase(target, secret);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  if (existsSync(`${target}-wal`) && statSync(`${target}-wal`).size > 0) {
    throw new AppError(
      'WORKSPACE_IN_USE',
      `${basename(target)} is still being written to; close it everywhere and try again.`,
    );
  }
}

/** A safety copy of `target`: a hard link where the file system allows it, else a private copy. */
function keepSafetyCopy(target: string): string {
  const safety = safetyCopyBeside(target);
  try {
    linkSync(target, safety);
  } catch {
    copyFileSync(target, safety);
    restrictToOwner(safety);
  }
  return safety;
}

/** A restore over an existing workspace needs the user's say-so (the UI's confirm, the CLI's --replace). */
export function assertReplaceConfirmed(plan: RestorePlan, replace: boolean): void {
  if (plan.target === null || replace) return;
  throw new AppError(
    'FILE_EXISTS',
    `${plan.targetPath} is a workspace of ${describeCounts(plan.target)}; the backup holds ${describeCounts(plan.backup)}. ` +
      'Restoring replaces it: confirm the restore (on the command line, add --replace), or choose a new file name.',
  );
}

export interface RestoreOptions {
  /** An existing workspace at the target is replaced only when this is set. */
  replace?: boolean;
}

export interface RestoredCopy {
  plan: RestorePlan;
  /** The replaced workspace, kept until the restored one opens (then `discardSafetyCopy`). */
  safetyCopy: string | null;
}

/** A restore whose copy is made and checked, beside the target, not yet in its place. */
export interface StagedRestore {
  plan: RestorePlan;
  temporary: string;
}

/**
 * Checks a backup thoroughly (opens with the passphrase, is a workspace this build reads, passes
 * SQLite's integrity check of every table) and puts a fresh copy of it beside the plan's target.
 * Nothing at the target changes, so the workspace open there may stay open meanwhile. A cancel
 * is heard while the backup is checked and copied; the partial copy is then removed.
 */
export async function stageRestore(plan: RestorePlan, keys: RestoreKeys, steps: Steps = {}): Promise<StagedRestore> {
  const temporary = partialBeside(plan.targetPath);
  try {
    const check = await checkBackup(plan.backupPath, keys.backup, steps);
    if (!check.ok) {
      throw new AppError(
        'DAMAGED_WORKSPACE',
        `The backup ${basename(plan.backupPath)} is damaged and cannot be restored (${check.messages[0] ?? 'integrity check failed'}). Use another backup.`,
        check.messages.join('\n'),
      );
    }
    assertChecked(
      await copyDatabase(
        { source: plan.backupPath, target: temporary, targetKey: keys.backup, what: 'The restore' },
        steps,
      ),
    );
    await safePoint(steps, 'The restore');
  } catch (error) {
    removeCopy(temporary);
    throw toStoreError(error, plan.backupPath);
  }
  return { plan, temporary };
}

/** A staged restore that will not be put in place. */
export function discardStaged(staged: StagedRestore): void {
  removeCopy(staged.temporary);
}

/**
 * Puts a staged copy at its target, replacing a workspace there only with `replace` (checked
 * again: the target may have changed since the plan). The caller holds the target's process
 * lock, so nothing else has it open, and opens the result, then calls `discardSafetyCopy` or,
 * on failure, `putBack`. Not stopped by a cancel: from here the target changes.
 */
export function placeRestore(staged: StagedRestore, keys: RestoreKeys, options: RestoreOptions = {}): RestoredCopy {
  const { temporary } = staged;
  let plan: RestorePlan;
  try {
    plan = planRestore(staged.plan.backupPath, staged.plan.targetPath, keys);
    assertReplaceConfirmed(plan, options.replace === true);
  } catch (error) {
    removeCopy(temporary);
    throw error;
  }
  let safetyCopy: string | null = null;
  try {
    if (plan.target !== null) {
      checkpointAlone(plan.targetPath, keys.target ?? keys.backup);
      safetyCopy = keepSafetyCopy(plan.targetPath);
    }
    // A journal left by a crash of the old file would be replayed onto the restored one.
    rmSync(`${plan.targetPath}-journal`, { force: true });
    rmSync(`${plan.targetPath}-wal`, { force: true });
    rmSync(`${plan.targetPath}-shm`, { force: true });
    renameSync(temporary, plan.targetPath);
  } catch (error) {
    removeCopy(temporary);
    if (safetyCopy !== null) rmSync(safetyCopy, { force: true });
    throw toStoreError(error, plan.targetPath);
  }
  return { plan, safetyCopy };
}

/** SQLite's check of the backup, a table at a time, on a read-only connection of its own. */
async function checkBackup(path: string, key: DerivedKey, steps: Steps): Promise<{ ok: boolean; messages: string[] }> {
  const backup = openCipherDatabase(path, key, { readonly: true });
  try {
    return await sqliteIntegrityInSteps(backup, steps, 'The restore');
  } finally {
    backup.close();
  }
}

/** The restored workspace did not open: the replaced one goes back in its place. */
export function putBack(restored: RestoredCopy): void {
  if (restored.safetyCopy === null) rmSync(restored.plan.targetPath, { force: true });
  else renameSync(restored.safetyCopy, restored.plan.targetPath);
}

export function discardSafetyCopy(restored: RestoredCopy): void {
  if (restored.safetyCopy !== null) rmSync(restored.safetyCopy, { force: true });
}
