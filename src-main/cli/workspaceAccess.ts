// Opening a workspace for one command: the passphrase from VSO_PASSPHRASE or a prompt, the
// engine loaded, the work done, everything closed again (also on error).
import { Workspace } from '../store/workspace.ts';
import { AnalysisService } from '../app/analysis/analysisService.ts';
import { createExportSession, type ExportSession } from '../app/publication/exportSession.ts';
import { readPassphrase } from './io.ts';

export async function withWorkspace<T>(file: string, work: (workspace: Workspace) => Promise<T>): Promise<T> {
  const workspace = Workspace.open(file, await readPassphrase());
  try {
    return await work(workspace);
  } finally {
    workspace.close();
  }
}

export async function withAnalysis<T>(
  file: string,
  work: (workspace: Workspace, analysis: AnalysisService) => Promise<T>,
): Promise<T> {
  return withWorkspace(file, async (workspace) => {
    const analysis = new AnalysisService();
    try {
      await analysis.load(workspace);
      return await work(workspace, analysis);
    } finally {
      await analysis.unload();
    }
  });
}

export function withExportSession<T>(file: string, work: (session: ExportSession) => Promise<T>): Promise<T> {
  return withAnalysis(file, (workspace, analysis) => work(createExportSession(workspace, analysis)));
}
