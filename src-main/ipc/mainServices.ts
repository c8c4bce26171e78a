// The long-lived state behind the handlers, one per running app: which mode it runs in,
// the open workspace session, the engine. Transports share one instance and forward
// its events to their renderers.
import type { EventMessage } from '../../shared/protocol.ts';
import type { DialogProvider } from './handlers/dialogHandlers.ts';
import type { PassphraseVault } from './handlers/keyHandlers.ts';
import { WorkspaceSession } from '../app/workspace/workspaceSession.ts';
import { AnalysisService } from '../app/analysis/analysisService.ts';
import { flagChangedFigures } from '../app/analysis/figureChanges.ts';
import { removePartialsBeside } from '../store/copyLeftovers.ts';

export type AppEvent = Omit<EventMessage, 'type'>;

export interface MainServices {
  mode: 'electron' | 'browser';
  modeReason: string;
  publish(event: AppEvent): void;
  subscribe(listener: (event: AppEvent) => void): () => void;
  /** The open workspace, shared by every transport. */
  session: WorkspaceSession;
  /** The engine over the open workspace, behind disclosure control. */
  analysis: AnalysisService;
  /** Native open/save dialogs: set by the Electron shell; absent in browser mode. */
  dialogs?: DialogProvider;
  /** The OS key store for remembered passphrases: set by the Electron shell; absent in browser mode. */
  passphraseVault?: PassphraseVault;
  /** Lock the open workspace now (the OS screen locked, the machine suspends). */
  lock?(reason: 'screen-locked' | 'suspend' | 'menu'): Promise<void>;
  /** Close the workspace cleanly (finish or roll back an import) before the app exits. */
  shutdown?(): Promise<void>;
}

export function createMainServices(
  options: Pick<MainServices, 'mode' | 'modeReason'> & { session?: WorkspaceSession; analysis?: AnalysisService },
): MainServices {
  const listeners = new Set<(event: AppEvent) => void>();
  const publish = (event: AppEvent): void => {
    for (const listener of listeners) listener(event);
  };
  const session = options.session ?? new WorkspaceSession();
  // What a crashed restore left beside a recent workspace; opening one removes the rest.
  for (const { path } of session.recent.list()) removePartialsBeside(path);
  const analysis = options.analysis ?? new AnalysisService();
  session.addHooks({
    opened: (workspace) => analysis.load(workspace),
    closed: () => analysis.unload(),
    dataChanged: async (workspace) => {
      await analysis.load(workspace);
      await flagChangedFigures(workspace, analysis);
      publish({ topic: 'data.changed', payload: null });
    },
  });
  session.addHooks({
    changed: (status, reason) =>
      publish({ topic: reason === 'locked' ? 'workspace.locked' : 'workspace.changed', payload: status }),
  });
  return {
    mode: options.mode,
    modeReason: options.modeReason,
    session,
    analysis,
    publish,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async lock() {
      if (session.hasWorkspace) await session.lock().catch(() => undefined);
    },
    async shutdown() {
      await session.close();
    },
  };
}
