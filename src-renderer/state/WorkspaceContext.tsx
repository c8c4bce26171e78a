// The open workspace as every screen sees it: its status, and a refresh after changes.
// Main pushes `workspace.changed` and `workspace.locked` events (idle lock, another window).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { WorkspaceStatus } from '../../shared/contract/workspace.ts';
import { onApiEvent, sessionCalls } from '../data/session.ts';
import { useReportError } from '../data/errorReporter.tsx';

interface WorkspaceContextValue {
  status: WorkspaceStatus | null;
  setStatus(status: WorkspaceStatus): void;
  refresh(): Promise<void>;
}

const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<WorkspaceStatus | null>(null);
  const report = useReportError();

  const refresh = useCallback(async () => {
    setStatus(await sessionCalls.status({}));
  }, []);

  useEffect(() => {
    let active = true;
    const load = (): void => {
      sessionCalls.status({}).then(
        (s) => active && setStatus(s),
        (e: unknown) => report(e, 'Reading the workspace’s status'),
      );
    };
    let offs: Array<() => void> = [];
    try {
      offs = [onApiEvent('workspace.changed', load), onApiEvent('workspace.locked', load)];
      Promise.resolve().then(load);
    } catch {
      // No connection to main: the status bar reports it.
    }
    return () => {
      active = false;
      for (const off of offs) off();
    };
  }, [report]);

  const value = useMemo(() => ({ status, setStatus, refresh }), [status, refresh]);
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (value === null) throw new Error('useWorkspace outside WorkspaceProvider');
  return value;
}
