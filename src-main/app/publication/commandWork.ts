// A `vso` export's cancel and steps: Ctrl-C aborts the signal, which the work hears at each step
// and passes to the counting, the drawing and the write; `--progress` prints the steps.
import type { Progress } from '../../../shared/protocol.ts';

/** The command's cancel and its steps (`vso --progress`); by default neither. */
export interface CommandWork {
  signal: AbortSignal;
  progress(progress: Pick<Progress, 'phase' | 'done' | 'total'>): void;
}

export const UNCANCELLED: CommandWork = { signal: new AbortController().signal, progress: () => undefined };

/** The steps of an export command, as `--progress` prints them. */
const STEPS = ['count', 'draw', 'write', 'done'] as const;

/** Hears a cancel, then reports the step `phase` about to begin. */
export function exportStep(work: CommandWork, phase: (typeof STEPS)[number]): void {
  if (phase !== 'done') work.signal.throwIfAborted();
  work.progress({ phase, done: STEPS.indexOf(phase), total: STEPS.length - 1 });
}
