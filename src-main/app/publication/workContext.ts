// What a long piece of work is given by whoever started it: a signal that cancels it and a
// place to report progress (the IPC dispatcher's call context satisfies it).
import type { Progress } from '../../../shared/protocol.ts';

export interface WorkContext {
  signal: AbortSignal;
  progress(progress: Progress): void;
}

/** Runs a write (the audit entry) so it never joins an import's open transaction. */
export type Exclusive = <T>(work: () => Promise<T>) => Promise<T>;
