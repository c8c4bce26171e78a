// Opening a workspace for one command: the passphrase from VSO_PASSPHRASE or a prompt, the
// work done through the application layer, everything closed again (also on error).
import { withAnalysis as withEngine, withExports } from '../app/application.ts';
import type { AnalysisService } from '../app/analysis/analysisService.ts';
import type { ExportSession } from '../app/publication/exportSession.ts';
import { withWorkspaceFile, type Workspace } from '../app/lifecycle/workspaceFiles.ts';
import { readPassphrase } from './io.ts';

/** Opens the workspace with the passphrase, runs `work`, and always closes it. */
export async function withWorkspace<T>(
  file: string,
  work: (workspace: Workspace) => T | Promise<T>,
  passphrase?: string,
): Promise<T> {
  return withWorkspaceFile(file, passphrase ?? (await readPassphrase()), work);
}

export function withAnalysis<T>(
  file: string,
  work: (workspace: Workspace, analysis: AnalysisService) => Promise<T>,
): Promise<T> {
  return withWorkspace(file, (workspace) => withEngine(workspace, (analysis) => work(workspace, analysis)));
}

export function withExportSession<T>(file: string, work: (session: ExportSession) => Promise<T>): Promise<T> {
  return withWorkspace(file, (workspace) => withExports(workspace, work));
}
