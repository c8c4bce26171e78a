import type { AppInfo } from '../../shared/contract/index.ts';

export function StatusBar({ info, error }: { info: AppInfo | null; error: string | null }) {
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
          <span data-testid="status-version">
            {info.name} {info.version}
          </span>
        </>
      )}
    </footer>
  );
}
