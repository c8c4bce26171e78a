// Restoring a backup over a workspace file. The workspace open in this app may be the target:
// its restore plan is made without taking its lock, the backup is checked and copied beside the
// target while it stays open (a cancel there changes nothing), it is closed only then, and it is
// opened again if putting the copy in place fails. Any other target must be
// free. On success the session opens the restored workspace. The keys are derived once, on
// Node's thread pool, before any file is opened: the main thread never runs the KDF. A cancel
// while the backup is checked and copied leaves the target as it was (reopened if it was open here).
import { resolve } from 'node:path';
import { deriveRestoreKeys, forgetRestoreKeys, type RestoreKeys } from '../../store/restoreKeys.ts';
import type { Steps } from '../../store/safePoints.ts';
import { Workspace } from '../../store/workspace.ts';
import { assertReplaceConfirmed, discardStaged, planRestore, type RestorePlan } from '../../store/workspaceCopies.ts';
import type { WorkspaceSession } from '../workspace/workspaceSession.ts';

export interface RestoreRequest {
  backupPath: string;
  targetPath: string;
  passphrase: string;
}

const isOpenIn = (session: WorkspaceSession, path: string): boolean =>
  session.hasWorkspace && session.status().path === resolve(path);

/** Runs `work` with the restore's keys, forgotten afterwards. */
async function withRestoreKeys<T>(request: RestoreRequest, work: (keys: RestoreKeys) => Promise<T> | T): Promise<T> {
  const keys = await deriveRestoreKeys(request.backupPath, request.targetPath, request.passphrase);
  try {
    return await work(keys);
  } finally {
    forgetRestoreKeys(keys);
  }
}

function planWith(
  session: WorkspaceSession,
  { backupPath, targetPath }: RestoreRequest,
  keys: RestoreKeys,
): RestorePlan {
  return isOpenIn(session, targetPath)
    ? planRestore(backupPath, targetPath, keys)
    : Workspace.planRestoreWith(backupPath, targetPath, keys);
}

export function restorePlan(session: WorkspaceSession, request: RestoreRequest): Promise<RestorePlan> {
  return withRestoreKeys(request, (keys) => planWith(session, request, keys));
}

export async function restoreWorkspace(
  session: WorkspaceSession,
  request: RestoreRequest & { replace: boolean },
  steps: Steps = {},
): Promise<{ path: string }> {
  const { targetPath, passphrase, replace } = request;
  const wasOpenHere = isOpenIn(session, targetPath);
  return withRestoreKeys(request, async (keys) => {
    // Refused here, before this window's workspace is closed, when the target is not replaceable.
    const plan = planWith(session, request, keys);
    assertReplaceConfirmed(plan, replace);
    // Checked and copied while this window's workspace stays open: a cancel here changes nothing.
    const staged = await Workspace.stageRestore(plan, keys, steps);
    let restored: Workspace;
    try {
      await session.close();
      restored = Workspace.restoreStaged(staged, keys, { replace });
    } catch (error) {
      discardStaged(staged);
      if (wasOpenHere) await session.open(plan.targetPath, passphrase).catch(() => undefined);
      throw error;
    }
    await session.adopt(restored, 'opened');
    return { path: restored.path };
  });
}
