// Explore's view held above the screens, so that Explore → Report → Explore finds it as it
// was, and kept in the workspace (screen.explore.*), so that it is there when the workspace
// reopens. Until the saved view has been read, `view` is null and Explore waits.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { sessionCalls } from '../../data/session.ts';
import { useReportError } from '../../data/errorReporter.tsx';
import { useWorkspace } from '../WorkspaceContext.tsx';
import { defaultView, type ExploreView } from './exploreView.ts';

/** Changes are written after a short pause, so that typing a title is one write, not twenty. */
const SAVE_AFTER_MS = 400;

interface ExploreViewStore {
  view: ExploreView | null;
  update(change: (view: ExploreView) => ExploreView): void;
}

const ExploreViewContext = createContext<ExploreViewStore | null>(null);

interface Entry {
  workspace: string;
  view: ExploreView;
  /** Changed since it was read (so it needs writing). */
  changed: boolean;
}

export function ExploreViewProvider({ children }: { children: ReactNode }) {
  const { status } = useWorkspace();
  const workspace = status?.state === 'open' ? (status.path ?? '') : null;
  const [entry, setEntry] = useState<Entry | null>(null);
  const report = useReportError();

  useEffect(() => {
    if (workspace === null) return undefined;
    let active = true;
    sessionCalls.exploreView({}).then(
      ({ view }) => active && setEntry({ workspace, view: view ?? defaultView(), changed: false }),
      (error: unknown) => {
        if (!active) return;
        setEntry({ workspace, view: defaultView(), changed: false });
        report(error, 'Reading Explore’s last view');
      },
    );
    return () => {
      active = false;
    };
  }, [workspace, report]);

  // A pause's write goes only to the workspace it was read from (another may have opened since).
  const openWorkspace = useRef(workspace);
  useLayoutEffect(() => {
    openWorkspace.current = workspace;
  });
  useEffect(() => {
    if (entry === null || !entry.changed) return undefined;
    const timer = setTimeout(() => {
      if (openWorkspace.current !== entry.workspace) return;
      sessionCalls
        .keepExploreView({ view: entry.view })
        .catch((error: unknown) => report(error, 'Keeping Explore’s view in the workspace'));
    }, SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [entry, report]);

  const update = useCallback(
    (change: (view: ExploreView) => ExploreView) =>
      setEntry((e) => (e === null ? e : { ...e, view: change(e.view), changed: true })),
    [],
  );
  const view = entry !== null && entry.workspace === workspace ? entry.view : null;
  const value = useMemo(() => ({ view, update }), [view, update]);
  return <ExploreViewContext.Provider value={value}>{children}</ExploreViewContext.Provider>;
}

export function useExploreView(): ExploreViewStore {
  const store = useContext(ExploreViewContext);
  if (store === null) throw new Error('useExploreView outside ExploreViewProvider');
  return store;
}
