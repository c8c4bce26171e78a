// Workspace files for one command or the sample builder: create, open, plan and run a
// restore, mark a file synthetic. The running app opens through its session instead; both
// end at the same store calls, so the CLI and the sample builder need no store import.
import type { RestorePlan } from '../../store/workspaceCopies.ts';
import { markSynthetic } from '../../store/syntheticFlag.ts';
import { Workspace } from '../../store/workspace.ts';

export type { Workspace, WorkspaceInfo } from '../../store/workspace.ts';

export function createWorkspace(path: string, passphrase: string): Workspace {
  return Workspace.create(path, passphrase);
}

/** A new workspace marked as holding synthetic records, so every screen and export says so. */
export function createSyntheticWorkspace(path: string, passphrase: string): Workspace {
  const workspace = Workspace.create(path, passphrase);
  markSynthetic(workspace);
  return workspace;
}

export function openWorkspace(path: string, passphrase: string): Workspace {
  return Workspace.open(path, passphrase);
}

/** What restoring `backupPath` over `targetPath` would replace (checked, nothing written). */
export function planRestore(backupPath: string, targetPath: string, passphrase: string): RestorePlan {
  return Workspace.planRestore(backupPath, targetPath, passphrase);
}

export function restoreWorkspace(
  backupPath: string,
  targetPath: string,
  passphrase: string,
  options: { replace: boolean },
): Workspace {
  return Workspace.restoreFrom(backupPath, targetPath, passphrase, options);
}

/** Opens the workspace, runs `work`, and always closes it (also on error). */
export async function withWorkspaceFile<T>(
  path: string,
  passphrase: string,
  work: (workspace: Workspace) => T | Promise<T>,
): Promise<T> {
  const workspace = Workspace.open(path, passphrase);
  try {
    return await work(workspace);
  } finally {
    workspace.close();
  }
}
