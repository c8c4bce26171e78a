// Workspace-level reads the Start, Audit and tools screens show: recent workspaces, the
// retention setting and the open workspace's path as the key every read hangs on.
import { apiClient } from '../api/client.ts';
import { caller } from './caller.ts';
import { useWorkspace } from '../state/WorkspaceContext.tsx';
import { useApiData } from './useApiData.ts';

/** The open workspace's path, or null: reads keyed on it reload when another opens. */
export function useOpenWorkspaceKey(): string | null {
  const { status } = useWorkspace();
  return status?.state === 'open' ? (status.path ?? '') : null;
}

export function useRetention() {
  const workspace = useOpenWorkspaceKey();
  const retention = useApiData(workspace, () => apiClient().call('retention.get', {}), {
    what: 'Reading the retention period',
    reloadOn: ['workspace.changed', 'data.changed'],
  });
  return { retention: retention.data, reload: retention.reload };
}

export function useRecentWorkspaces() {
  const recent = useApiData('recent', () => apiClient().call('workspace.recent', {}), {
    what: 'Reading the recent workspaces',
    reloadOn: ['workspace.changed'],
  });
  return { items: recent.data?.items ?? [], reload: recent.reload };
}

export function useAuditPage(query: { limit: number; offset: number; action?: string }) {
  const workspace = useOpenWorkspaceKey();
  const key = workspace === null ? null : JSON.stringify([workspace, query]);
  const page = useApiData(key, () => apiClient().call('audit.list', query), {
    what: 'Reading the audit log',
    reloadOn: ['workspace.changed', 'data.changed'],
  });
  return { entries: page.data?.entries ?? [], total: page.data?.total ?? 0 };
}

/** The workspace's actions: create, open, lock, back up, hand over, check, retention, audit. */
export const workspaceCalls = {
  create: caller('workspace.create'),
  open: caller('workspace.open'),
  unlock: caller('workspace.unlock'),
  close: caller('workspace.close'),
  lock: caller('workspace.lock'),
  setIdleMinutes: caller('workspace.setIdleMinutes'),
  changePassphrase: caller('workspace.changePassphrase'),
  backup: caller('workspace.backup'),
  handover: caller('workspace.handover'),
  check: caller('workspace.check'),
  restorePlan: caller('workspace.restorePlan'),
  restore: caller('workspace.restore'),
  createSample: caller('workspace.createSample'),
  setRetention: caller('retention.set'),
  purge: caller('retention.purge'),
  verifyAudit: caller('audit.verify'),
  releases: caller('releases.list'),
  publications: caller('publications.list'),
  startRelease: caller('releases.start'),
};
