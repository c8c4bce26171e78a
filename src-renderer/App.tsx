// The window: navigation on the left, the current screen, the status
// bar with mode, version and workspace, the guided start on first run, and the native menu's
// commands (desktop mode) mapped to the same actions as the buttons. Above the screens: the
// error region, the open workspace, Explore's view (kept across screens) and unsaved work
// (leaving a screen that holds some asks first). A screen's heading takes focus when it opens.
import { useEffect, useRef, useState } from 'react';
import type { AppInfo } from '../shared/contract/index.ts';
import { MenuCommandEventSchema } from '../shared/menuCommands.ts';
import { onApiEvent, sessionCalls } from './data/session.ts';
import { GuidedStart, TOUR_DONE_KEY, TOUR_STEPS, tourProgress } from './components/GuidedStart.tsx';
import { Icon, type IconName } from './components/Icon.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { AuditScreen } from './screens/AuditScreen.tsx';
import { DataScreen } from './screens/DataScreen.tsx';
import { ExploreScreen } from './screens/ExploreScreen.tsx';
import { HelpScreen } from './screens/HelpScreen.tsx';
import { ReportScreen } from './screens/ReportScreen.tsx';
import { StartScreen } from './screens/StartScreen.tsx';
import { useWorkspace, WorkspaceProvider } from './state/WorkspaceContext.tsx';
import { ErrorReporterProvider, useReportError } from './data/errorReporter.tsx';
import { ExploreViewProvider, useExploreView } from './state/explore/ExploreViewStore.tsx';
import { UnsavedWorkProvider, useLeaveGuard } from './state/unsavedWork.tsx';
import type { ScreenId } from './state/screens.ts';

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

function tourDone(): boolean {
  try {
    return localStorage.getItem(TOUR_DONE_KEY) === '1';
  } catch {
    return true;
  }
}

export function App() {
  return (
    <ErrorReporterProvider>
      <WorkspaceProvider>
        <ExploreViewProvider>
          <UnsavedWorkProvider>
            <Shell />
          </UnsavedWorkProvider>
        </ExploreViewProvider>
      </WorkspaceProvider>
    </ErrorReporterProvider>
  );
}

/** Moves focus to the new screen's heading, so keyboard and screen-reader users start there. */
function useFocusHeading(screen: ScreenId): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return undefined;
    }
    const frame = requestAnimationFrame(() => {
      const heading = document.getElementById('screen-title');
      if (!heading) return;
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [screen]);
}

function Shell() {
  const [screen, setScreenNow] = useState<ScreenId>('start');
  const guard = useLeaveGuard();
  const report = useReportError();
  const guardRef = useRef(guard);
  useEffect(() => {
    guardRef.current = guard;
  }, [guard]);
  const setScreen = (next: ScreenId): void => guardRef.current(() => setScreenNow(next));
  useFocusHeading(screen);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tourStep, setTourStep] = useState<number | null>(null);
  /** Whether the preferences were read: until then, no guided start is shown or ruled out. */
  const [tourAsked, setTourAsked] = useState(false);
  const progressRef = useRef(0);

  // The guided start shows unless it was switched off: in this browser profile, or for this user on
  // this computer (browser mode may open a fresh profile each time).
  useEffect(() => {
    let cancelled = false;
    // It opens at the first step not yet done (a workspace may already be open).
    const show = (on: boolean): void => {
      if (cancelled) return;
      if (on) setTourStep((step) => step ?? Math.min(progressRef.current, TOUR_STEPS.length - 1));
      setTourAsked(true);
    };
    if (tourDone()) {
      queueMicrotask(() => show(false));
      return undefined;
    }
    Promise.resolve()
      .then(() => sessionCalls.preferences({}))
      .then(
        (preferences) => show(preferences.guidedStart),
        () => show(true),
      );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    let cancelled = false;
    Promise.resolve()
      .then(() => sessionCalls.info({}))
      .then(
        (value) => {
          if (!cancelled) setInfo(value);
        },
        (e: unknown) => {
          if (!cancelled) setError(errorText(e));
        },
      );
    let off = (): void => undefined;
    try {
      off = onApiEvent('menu.command', (payload) => {
        const parsed = MenuCommandEventSchema.safeParse(payload);
        if (!parsed.success) return;
        switch (parsed.data.command) {
          case 'help.guide':
            guardRef.current(() => setScreenNow('help'));
            break;
          case 'help.tour':
            setTourStep(0);
            break;
          case 'workspace.lock':
            // Locking is not asked about: it protects the data, and the workspace keeps what was saved.
            sessionCalls.lock({}).catch((e: unknown) => report(e, 'Locking the workspace'));
            setScreenNow('start');
            break;
          default:
            guardRef.current(() => setScreenNow('start'));
        }
      });
    } catch {
      // No connection: the status bar says so.
    }
    return () => {
      cancelled = true;
      off();
    };
  }, [report]);

  // The tour moves on when the analyst does what a step asks (the sample opened, a filter set...).
  const { status } = useWorkspace();
  const { view: exploreView } = useExploreView();
  const sampleOpen = status?.state === 'open' && (status.info?.synthetic ?? false);
  const progress = tourProgress({ sampleOpen, explore: exploreView });
  useEffect(() => {
    progressRef.current = progress;
  }, [progress]);
  const [seenProgress, setSeenProgress] = useState(progress);
  if (progress !== seenProgress) {
    setSeenProgress(progress);
    if (progress > seenProgress && tourStep !== null && tourStep < progress) setTourStep(progress);
  }

  const closeTour = (done: boolean): void => {
    if (done) {
      try {
        localStorage.setItem(TOUR_DONE_KEY, '1');
      } catch {
        // Storage refused: the preference below still holds.
      }
      sessionCalls
        .setPreferences({ guidedStart: false })
        .catch((e: unknown) => report(e, 'Switching the guided start off'));
    }
    setTourStep(null);
  };

  return (
    <>
      <div className="app" data-guided-start={tourAsked ? (tourStep === null ? 'hidden' : 'shown') : undefined}>
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
          <div className="sidebar-footer">
            <button
              type="button"
              className="nav-item"
              aria-current={screen === 'help' ? 'page' : undefined}
              onClick={() => setScreen('help')}
            >
              <Icon name="help" />
              <span>Help</span>
            </button>
          </div>
        </aside>
        <main className="content" id="main">
          <CurrentScreen screen={screen} onNavigate={setScreen} onStartTour={() => setTourStep(0)} />
        </main>
        <StatusBar info={info} error={error} />
        {tourStep !== null ? (
          <GuidedStart step={tourStep} onStep={setTourStep} onClose={closeTour} onGo={setScreen} />
        ) : null}
      </div>
    </>
  );
}

function CurrentScreen({
  screen,
  onNavigate,
  onStartTour,
}: {
  screen: ScreenId;
  onNavigate(screen: ScreenId): void;
  onStartTour(): void;
}) {
  switch (screen) {
    case 'start':
      return <StartScreen />;
    case 'data':
      return <DataScreen onNavigate={onNavigate} />;
    case 'explore':
      return <ExploreScreen onNavigate={onNavigate} />;
    case 'report':
      return <ReportScreen onNavigate={onNavigate} />;
    case 'audit':
      return <AuditScreen onNavigate={onNavigate} />;
    case 'help':
      return <HelpScreen onStartTour={onStartTour} />;
  }
}
