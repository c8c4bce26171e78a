// The preview of a saved figure's table export (XLSX, CSV). A table has no picture to show,
// but the analyst must still be told before exporting what its file will hide and which earlier
// outputs of the release already gave a hidden count away: counted exactly as the export counts
// it (protected across the open release), and nothing is written, audited or registered.
import type { ParsedArgsOf, ResultOf } from '../../../shared/contract/index.ts';
import { givenAwayEarlierWarnings } from '../../../shared/needsCooccurrence.ts';
import type { Workspace } from '../../store/workspace.ts';
import type { ExportSession } from './exportSession.ts';
import { countedFigure, exportableFigure } from './figureExport.ts';

export async function previewSavedTable(
  workspace: Workspace,
  exports: ExportSession,
  { name }: ParsedArgsOf<'export.tablePreview'>,
  work: { signal?: AbortSignal } = {},
): Promise<ResultOf<'export.tablePreview'>> {
  const figure = exportableFigure(workspace, exports, name);
  const { result, footnote } = await countedFigure(exports, name, figure, work);
  return {
    footnote,
    suppressedCells: result.suppressed.length,
    unlinked: exports.unlinked(),
    warnings: givenAwayEarlierWarnings(result.disclosure),
  };
}
