// The window: navigation of DESIGN.md section 4 on the left, the current screen, and a
// status bar with the mode and version from app.info.
import { useEffect, useState } from 'react';
import type { AppInfo } from '../shared/contract/index.ts';
import { apiClient } from './api/client.ts';
import { Icon, type IconName } from './components/Icon.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { ComingSoon } from './components/ComingSoon.tsx';
import { StartScreen } from './screens/StartScreen.tsx';
import { ExploreScreen } from './screens/ExploreScreen.tsx';
import { AuditScreen } from './screens/AuditScreen.tsx';
import { DataScreen } from './screens/DataScreen.tsx';
import { WorkspaceProvider } from './state/WorkspaceContext.tsx';

export type ScreenId = 'start' | 'data' | 'explore' | 'report' | 'audit';

const SCREENS: ReadonlyArray<{ id: ScreenId; label: string; icon: IconName }> = [
  { id: 'start', label: 'Start', icon: 'start' },
  { id: 'data', label: 'Data', icon: 'data' },
  { id: 'explore', label: 'Explore', icon: 'explore' },
  { id: 'report', label: 'Report', icon: 'report' },
  { id: 'audit', label: 'Audit', icon: 'audit' },
];

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function App() {
  const [screen, setScreen] = useState<ScreenId>('start');
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    Promise.resolve()
      .then(() => apiClient().call('app.info', {}))
      .then(
        (value) => {
          if (!cancelled) setInfo(value);
        },
        (e: unknown) => {
          if (!cancelled) setError(errorText(e));
        },
      );
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <WorkspaceProvider>
      <div className="app">
        <aside className="sidebar">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              VSO
            </span>
            <span className="brand-name">Workbench</span>
          </div>
          <nav aria-label="Main">
            <ul>
              {SCREENS.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    className="nav-item"
                    aria-current={screen === s.id ? 'page' : undefined}
                    onClick={() => setScreen(s.id)}
                  >
                    <Icon name={s.icon} />
                    <span>{s.label}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        </aside>
        <main className="content" id="main">
          <CurrentScreen screen={screen} onNavigate={setScreen} />
        </main>
        <StatusBar info={info} error={error} />
      </div>
    </WorkspaceProvider>
  );
}

function CurrentScreen({ screen, onNavigate }: { screen: ScreenId; onNavigate(screen: ScreenId): void }) {
  switch (screen) {
    case 'start':
      return <StartScreen />;
    case 'data':
      return <DataScreen onNavigate={onNavigate} />;
    case 'explore':
      return <ExploreScreen onNavigate={onNavigate} />;
    case 'report':
      return (
        <ComingSoon
          title="Report"
          summary="Collect figures and infographics for the published report."
          items={['Saved figures', 'Infographic editor with templates', 'Export of figures and the report pack']}
        />
      );
    case 'audit':
      return <AuditScreen onNavigate={onNavigate} />;
  }
}
