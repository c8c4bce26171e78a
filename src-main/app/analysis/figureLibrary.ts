// The saved figures of a workspace as the Explore and Report screens list them: read,
// deleted, and (for the sample builder) saved as the engine read their spec.
import type { FigureSpec } from '../../../shared/figure.ts';
import { parseQuerySpec, type QuerySpecInput } from '../../../shared/query.ts';
import { deleteFigure, getFigure, listFigures, saveFigure, type StoredFigure } from '../../store/figures.ts';
import type { Workspace } from '../../store/workspace.ts';
import { resultFingerprint, type AnalysisService } from './analysisService.ts';

export type { StoredFigure } from '../../store/figures.ts';

export function savedFigures(workspace: Workspace): StoredFigure[] {
  return listFigures(workspace.db);
}

export function savedFigure(workspace: Workspace, name: string): StoredFigure {
  return getFigure(workspace.db, name);
}

export function deleteSavedFigure(workspace: Workspace, name: string): boolean {
  return deleteFigure(workspace.db, name);
}

/**
 * A figure written from code (the sample): its query is counted first and saved as the engine
 * read it, with the fingerprint of its published numbers; a figure of that name is replaced.
 */
export async function saveQueriedFigure(
  workspace: Workspace,
  analysis: AnalysisService,
  figure: Omit<FigureSpec, 'query' | 'keepEmpty'> & { keepEmpty?: boolean; query: QuerySpecInput },
): Promise<StoredFigure> {
  const result = await analysis.query(parseQuerySpec(figure.query));
  return saveFigure(
    workspace.db,
    { ...figure, keepEmpty: figure.keepEmpty ?? false, query: result.spec as FigureSpec['query'] },
    resultFingerprint(result),
    true,
  );
}
