// The status bar: mode and version from app.info, the open workspace (locked, open,
// SYNTHETIC) and a cancelled import's removal while it runs. It also keeps the window title
// honest about synthetic data.
import { useEffect } from 'react';
import type { AppInfo } from '../../shared/contract/index.ts';
import { useWorkspace } from '../state/WorkspaceContext.tsx';
import { RemovalProgressBar } from './RemovalProgress.tsx';

function fileName(path: string | null): string {
  return path === null ? '' : (path.split(/[\\/]/).pop() ?? path);
}

export function StatusBar({ info, error }: { info: AppInfo | null; error: string | null }) {
  const { status } = useWorkspace();
  const synthetic = status?.info?.synthetic ?? false;

  useEffect(() => {
    const parts = ['VSO Workbench'];
    if (status?.path) parts.push(fileName(status.path));
    if (synthetic) parts.push('SYNTHETIC SAMPLE DATA');
    if (status?.state === 'locked') parts.push('locked');
    document.title = parts.join(' — ');
  }, [status?.path, status?.state, synthetic]);

  return (
    <footer className="status-bar" role="contentinfo">
      {error !== null ? (
        <span className="status-error" role="alert">
          {error}
        </span>
      ) : info === null ? (
        <span>Connecting…</span>
      ) : (
        <>
          <span title={info.modeReason} data-testid="status-mode">
            {info.mode === 'electron' ? 'Desktop app' : 'Browser mode'} · offline
          </span>
          <span data-testid="status-workspace">
            {status?.state === 'open'
              ? `Open: ${fileName(status.path)}`
              : status?.state === 'locked'
                ? `Locked: ${fileName(status.path)}`
                : 'No workspace open'}
            {synthetic ? <span className="synthetic-flag"> Synthetic data</span> : null}
          </span>
          <RemovalProgressBar />
          <span data-testid="status-version">
            {info.name} {info.version}
          </span>
        </>
      )}
    </footer>
  );
}
