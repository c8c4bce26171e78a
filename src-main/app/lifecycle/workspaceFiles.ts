// Workspace files for one command or the sample builder: create, open, plan and run a
// restore, mark a file synthetic. The running app opens through its session instead; both
// end at the same store calls, so the CLI and the sample builder need no store import. Every
// key is derived on Node's thread pool, as the app's are (a tenth of a second each).
import { resolve } from 'node:path';
import type { Steps } from '../../store/safePoints.ts';
import type { RestorePlan } from '../../store/workspaceCopies.ts';
import { markSynthetic } from '../../store/syntheticFlag.ts';
import { deriveRestoreKeys, forgetRestoreKeys } from '../../store/restoreKeys.ts';
import { Workspace } from '../../store/workspace.ts';

export type { Workspace, WorkspaceInfo } from '../../store/workspace.ts';

export function createWorkspace(path: string, passphrase: string): Promise<Workspace> {
  return Workspace.createAsync(path, passphrase);
}

/** A new workspace marked as holding synthetic records, so every screen and export says so. */
export async function createSyntheticWorkspace(path: string, passphrase: string): Promise<Workspace> {
  const workspace = await Workspace.createAsync(path, passphrase);
  markSynthetic(workspace);
  return workspace;
}

export function openWorkspace(path: string, passphrase: string): Promise<Workspace> {
  return Workspace.openAsync(path, passphrase);
}

/** What restoring `backupPath` over `targetPath` would replace (checked, nothing written). */
export async function planRestore(backupPath: string, targetPath: string, passphrase: string): Promise<RestorePlan> {
  const keys = await deriveRestoreKeys(backupPath, targetPath, passphrase);
  try {
    return Workspace.planRestoreWith(backupPath, targetPath, keys);
  } finally {
    forgetRestoreKeys(keys);
  }
}

/** Restores a backup (checked first) and opens it; a cancel in `steps` stops the check or the copy, leaving both files. */
export async function restoreWorkspace(
  backupPath: string,
  targetPath: string,
  passphrase: string,
  options: { replace: boolean },
  steps: Steps = {},
): Promise<Workspace> {
  const keys = await deriveRestoreKeys(resolve(backupPath), resolve(targetPath), passphrase);
  try {
    return await Workspace.restoreWith(backupPath, targetPath, keys, options, steps);
  } finally {
    forgetRestoreKeys(keys);
  }
}

/** Opens the workspace, runs `work`, and always closes it (also on error). */
export async function withWorkspaceFile<T>(
  path: string,
  passphrase: string,
  work: (workspace: Workspace) => T | Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const workspace = await Workspace.openAsync(path, passphrase);
  try {
    // The key's derivation cannot stop midway: a cancel during it is heard as it ends.
    signal?.throwIfAborted();
    return await work(workspace);
  } finally {
    workspace.close();
  }
}
