// The one composition root: store, engine, disclosure and export wired into the services the
// app's use cases need. The IPC handlers get a long-lived `Application` (the open workspace of
// a running app, the engine that follows it, events for the renderers); `vso` commands and the
// sample builder run one piece of work over one workspace with `withAnalysis`/`withExports`.
// Either way a number, a refusal and an audit entry come out of the same wiring.
import { setTimeout as delay } from 'node:timers/promises';
import type { EventMessage } from '../../shared/protocol.ts';
import { endReleaseWorker, prepareReleaseWorker } from '../disclosure/releaseThread.ts';
import { removePartialsBeside } from '../store/copyLeftovers.ts';
import type { Workspace } from '../store/workspace.ts';
import { AnalysisService } from './analysis/analysisService.ts';
import { flagChangedFigures } from './analysis/figureChanges.ts';
import { createExportSession, type ExportSession } from './publication/exportSession.ts';
import { endRenderWorker, prepareRenderWorker } from './publication/renderThread.ts';
import { snapshotsInStoreWorker, type LoadWork } from './workspace/snapshotsInWorker.ts';
import { prepareStoreWorker } from './workspace/storeThread.ts';
import { WorkspaceSession } from './workspace/workspaceSession.ts';

export type AppEvent = Omit<EventMessage, 'type'>;

/** How long after an open the render worker starts loading (its modules take 1-2 s of a CPU). */
const RENDER_WORKER_AFTER_MS = 5_000;

export interface Application {
  /** The open workspace, shared by every transport. */
  session: WorkspaceSession;
  /** The engine over the open workspace, behind disclosure control. */
  analysis: AnalysisService;
  publish(event: AppEvent): void;
  subscribe(listener: (event: AppEvent) => void): () => void;
  /** What exports need from the open workspace: its policy, the open release, the register. */
  exports(): ExportSession;
  /** Lock the open workspace now (the OS screen locked, the machine suspends). */
  lock(reason?: 'screen-locked' | 'suspend' | 'menu'): Promise<void>;
  /** Close the workspace cleanly (finish or roll back an import) before the app exits. */
  shutdown(): Promise<void>;
}

export function createApplication(
  options: { session?: WorkspaceSession; analysis?: AnalysisService } = {},
): Application {
  const listeners = new Set<(event: AppEvent) => void>();
  const publish = (event: AppEvent): void => {
    for (const listener of listeners) listener(event);
  };
  const session = options.session ?? new WorkspaceSession();
  prepareStoreWorker();
  // What a crashed restore left beside a recent workspace; opening one removes the rest.
  for (const { path } of session.recent.list()) removePartialsBeside(path);
  // The app reads the engine's snapshots in a store worker: opening 1M records must not stall this thread.
  const analysis =
    options.analysis ??
    new AnalysisService(undefined, async (workspace, work) => {
      const read = await session.inStoreWorker({ kind: 'snapshots' }, work);
      session.rememberInfo(workspace, read.info);
      return read;
    });
  session.addHooks({
    opened: (workspace, work) => analysis.load(workspace, work),
    closed: () => analysis.unload(),
    dataChanged: async (workspace) => {
      await analysis.load(workspace);
      await flagChangedFigures(workspace, analysis);
      publish({ topic: 'data.changed', payload: null });
    },
  });
  // A render worker and a release worker kept warm while a workspace is open: an export does not
  // wait for a start, nor does a table's protection (every one runs off this thread). They start
  // a while after the open, once any data change queued meanwhile (an import right after a
  // create) and its checkpoint are done: their modules take a CPU for a while, which an import
  // on two cores would feel. A lock or close before then cancels them (`opens` moved on).
  let opens = 0;
  const warmSoon = async (open: number): Promise<void> => {
    await delay(RENDER_WORKER_AFTER_MS, undefined, { ref: false });
    // Waited for, not stopped: a write would stop a late-cancelled import's removal part-way.
    await session.writesSettled().catch(() => undefined);
    await session.checkpointed();
    if (open !== opens) return;
    prepareRenderWorker();
    prepareReleaseWorker();
  };
  session.addHooks({
    opened: () => void warmSoon(++opens).catch(() => undefined),
    closed: async () => {
      opens++;
      await Promise.all([endRenderWorker(), endReleaseWorker()]);
    },
  });
  session.addHooks({
    changed: (status, reason) =>
      publish({ topic: reason === 'locked' ? 'workspace.locked' : 'workspace.changed', payload: status }),
    removal: (progress) => publish({ topic: 'workspace.removal', payload: progress }),
  });
  return {
    session,
    analysis,
    publish,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exports: () => createExportSession(session.current(), analysis),
    async lock() {
      if (session.hasWorkspace) await session.lock().catch(() => undefined);
    },
    async shutdown() {
      await session.close();
    },
  };
}

/**
 * One piece of work with the engine loaded over `workspace` (a command, the sample builder);
 * dropped after. Given a signal, the snapshot is read in a store worker that the signal ends
 * mid-read, and `work` does not start once it has fired.
 */
export async function withAnalysis<T>(
  workspace: Workspace,
  work: (analysis: AnalysisService) => Promise<T>,
  load: LoadWork = {},
): Promise<T> {
  const analysis = new AnalysisService(undefined, load.signal ? snapshotsInStoreWorker(load) : undefined);
  try {
    await analysis.load(workspace);
    load.signal?.throwIfAborted();
    return await work(analysis);
  } finally {
    await analysis.unload();
  }
}

/** One piece of work with the export session of `workspace`: policy, open release, register. */
export function withExports<T>(
  workspace: Workspace,
  work: (exports: ExportSession) => Promise<T>,
  load: LoadWork = {},
): Promise<T> {
  return withAnalysis(workspace, (analysis) => work(createExportSession(workspace, analysis)), load);
}
