// An import cancelled once its rows have committed unpublished: held by a step board as
// `finishing` begins, cancelled there, and answered while the worker is still held. The order
// comes from the board, never the clock; the caller lets the worker go (or holds it again at
// the removal's steps) through the board it is given back.
import { expect } from 'vitest';
import { isAppError } from '../../shared/errors.ts';
import { importInStoreWorker } from '../../src-main/app/import/importInStoreWorker.ts';
import { ImportStepBoard } from '../../src-main/app/import/importStepBoard.ts';
import { changeData } from '../../src-main/app/workspace/dataChange.ts';
import type { WorkspaceSession } from '../../src-main/app/workspace/workspaceSession.ts';

/** The answer's error code (`committed` if it was not refused) and the board holding the worker at `finishing`. */
export async function cancelAtFinishing(
  session: WorkspaceSession,
  path: string,
  rowsPerRemovalChunk: number,
): Promise<{ code: string; board: ImportStepBoard }> {
  const board = new ImportStepBoard();
  board.holdAt('finishing');
  const controller = new AbortController();
  let answered = false;
  const answer = changeData(session, () =>
    importInStoreWorker(session, {
      cohort: 'victims',
      path,
      signal: controller.signal,
      steps: board.buffer,
      rowsPerRemovalChunk,
    }),
  ).then(
    () => 'committed',
    (error: unknown) => (isAppError(error) ? error.code : String(error)),
  );
  void answer.finally(() => (answered = true));
  expect(await board.reached('finishing', () => answered)).toBe(true);
  controller.abort();
  return { code: await answer, board };
}
