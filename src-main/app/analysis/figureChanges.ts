// After data changes, each saved figure is re-queried; those whose published numbers moved
// are flagged "changed" (and keep their old fingerprint until saved again).
import type { Workspace } from '../../store/workspace.ts';
import { listFigures, markChanged } from '../../store/figures.ts';
import { resultFingerprint, type AnalysisService } from './analysisService.ts';

export async function flagChangedFigures(workspace: Workspace, analysis: AnalysisService): Promise<string[]> {
  const changed: string[] = [];
  for (const stored of listFigures(workspace.db)) {
    let fingerprint: string | null;
    try {
      fingerprint = resultFingerprint(await analysis.query(stored.figure.query));
    } catch {
      fingerprint = null; // the spec no longer fits the data: that is a change too
    }
    if (fingerprint !== stored.resultHash && !stored.changed) {
      markChanged(workspace.db, stored.name);
      changed.push(stored.name);
    }
  }
  return changed;
}
