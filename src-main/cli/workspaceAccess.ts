// Opening a workspace for one command: the passphrase from VSO_PASSPHRASE or a prompt, the
// work done through the application layer, everything closed again (also on error). A command
// that passes its cancel (`LoadWork`) hears it while the workspace opens and its snapshot loads.
import { withAnalysis as withEngine, withExports } from '../app/application.ts';
import type { AnalysisService } from '../app/analysis/analysisService.ts';
import type { ExportSession } from '../app/publication/exportSession.ts';
import { withWorkspaceFile, type Workspace } from '../app/lifecycle/workspaceFiles.ts';
import type { LoadWork } from '../app/workspace/snapshotsInWorker.ts';
import { readPassphrase } from './io.ts';

/** Opens the workspace with the passphrase, runs `work`, and always closes it. */
export async function withWorkspace<T>(
  file: string,
  work: (workspace: Workspace) => T | Promise<T>,
  options: { passphrase?: string; signal?: AbortSignal } = {},
): Promise<T> {
  return withWorkspaceFile(file, options.passphrase ?? (await readPassphrase()), work, options.signal);
}

/**
 * A cancellable load reads its snapshot in a store worker (snapshotsInWorker.ts), started only
 * once the passphrase has opened the workspace: a wrong one starts no worker. One read, one
 * worker: no spare is kept after it.
 */
function loadIn(load: LoadWork): { signal?: AbortSignal } {
  return load.signal === undefined ? {} : { signal: load.signal };
}

export function withAnalysis<T>(
  file: string,
  work: (workspace: Workspace, analysis: AnalysisService) => Promise<T>,
  load: LoadWork = {},
): Promise<T> {
  return withWorkspace(
    file,
    (workspace) => withEngine(workspace, (analysis) => work(workspace, analysis), load),
    loadIn(load),
  );
}

export function withExportSession<T>(
  file: string,
  work: (session: ExportSession) => Promise<T>,
  load: LoadWork = {},
): Promise<T> {
  return withWorkspace(file, (workspace) => withExports(workspace, work, load), loadIn(load));
}
