// Long store work that a cancel can stop: between two steps (a chunk of rows, a table) it
// reports how far it is, lets the thread turn once so a cancel message is heard, and stops
// with CANCELLED if one came. The caller undoes what the steps did (a transaction rolled back,
// a partial file removed); a step itself is never left half done.
import { AppError } from '../../shared/errors.ts';

export interface StepProgress {
  phase: string;
  done: number;
  total: number | null;
}

export interface Steps {
  signal?: AbortSignal;
  progress?: (progress: StepProgress) => void;
}

export function cancelledError(what: string): AppError {
  return new AppError('CANCELLED', `${what} was cancelled; nothing was changed.`);
}

/** Throws CANCELLED when the signal has been aborted. */
export function stopIfCancelled(steps: Steps, what: string): void {
  if (steps.signal?.aborted === true) throw cancelledError(what);
}

/** Reports `progress`, turns the event loop once (I/O included), then stops if a cancel came. */
export async function safePoint(steps: Steps, what: string, progress?: StepProgress): Promise<void> {
  if (progress !== undefined) steps.progress?.(progress);
  stopIfCancelled(steps, what);
  await new Promise<void>((resolve) => setImmediate(resolve));
  stopIfCancelled(steps, what);
}
