// Restoring a backup over a workspace file. The workspace open in this app may be the target:
// its restore plan is made without taking its lock, it is closed only once the restore is
// known to be allowed, and it is opened again if the restore fails. Any other target must be
// free. On success the session opens the restored workspace.
import { resolve } from 'node:path';
import { Workspace } from '../../store/workspace.ts';
import { assertReplaceConfirmed, planRestore } from '../../store/workspaceCopies.ts';
import type { WorkspaceSession } from '../workspace/workspaceSession.ts';

export interface RestoreRequest {
  backupPath: string;
  targetPath: string;
  passphrase: string;
}

const isOpenIn = (session: WorkspaceSession, path: string): boolean =>
  session.hasWorkspace && session.status().path === resolve(path);

export function restorePlan(session: WorkspaceSession, { backupPath, targetPath, passphrase }: RestoreRequest) {
  return isOpenIn(session, targetPath)
    ? planRestore(backupPath, targetPath, passphrase)
    : Workspace.planRestore(backupPath, targetPath, passphrase);
}

export async function restoreWorkspace(
  session: WorkspaceSession,
  request: RestoreRequest & { replace: boolean },
): Promise<{ path: string }> {
  const { backupPath, targetPath, passphrase, replace } = request;
  const wasOpenHere = isOpenIn(session, targetPath);
  // Refused here, before this window's workspace is closed, when the target is not replaceable.
  const plan = restorePlan(session, request);
  assertReplaceConfirmed(plan, replace);
  await session.close();
  let restored: Workspace;
  try {
    restored = Workspace.restoreFrom(backupPath, targetPath, passphrase, { replace });
  } catch (error) {
    if (wasOpenHere) await session.open(plan.targetPath, passphrase).catch(() => undefined);
    throw error;
  }
  await session.adopt(restored, 'opened');
  return { path: restored.path };
}
