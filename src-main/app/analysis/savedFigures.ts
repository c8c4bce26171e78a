// Saving a figure from Explore: it is counted as published first, so the saved fingerprint of
// its numbers is the one a later import is compared with (figureChanges.ts).
import type { FigureSpec } from '../../../shared/figure.ts';
import { saveFigure, type StoredFigure } from '../../store/figures.ts';
import type { Workspace } from '../../store/workspace.ts';
import { resultFingerprint, type AnalysisService } from './analysisService.ts';

export async function saveFigureAsPublished(
  workspace: Workspace,
  analysis: AnalysisService,
  figure: FigureSpec,
  overwrite: boolean,
): Promise<StoredFigure> {
  const published = await analysis.query(figure.query);
  return saveFigure(workspace.db, figure, resultFingerprint(published), overwrite);
}
