// A long command's cancel and progress. Ctrl-C (SIGINT) or SIGTERM aborts the command's signal,
// which the work hears at its safe points and undoes what it did; `main` then prints one line
// and exits EXIT_CANCELLED. The handlers are installed only by a command that passes the signal
// on (elsewhere Ctrl-C ends the process at once, as by default), and once: a second Ctrl-C
// ends it at once too. With `--progress` the work's steps go to stderr, one line each.
import type { Command } from 'commander';
import type { Progress } from '../../shared/protocol.ts';
import type { GlobalOptions } from './io.ts';

export interface LongWork {
  signal: AbortSignal;
  /** The lifecycle's steps (store safe points) and anything else that reports a phase. */
  progress(progress: Pick<Progress, 'phase' | 'done' | 'total'>): void;
  /** The same, for work that reports counts only (disclosure: done of total). */
  counts(phase: string): (done: number, total: number) => void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
let controller: AbortController | null = null;

function commandSignal(): AbortSignal {
  if (controller !== null) return controller.signal;
  const c = new AbortController();
  controller = c;
  const stop = (): void => {
    for (const name of SIGNALS) process.removeListener(name, stop);
    c.abort();
  };
  for (const name of SIGNALS) process.on(name, stop);
  return c.signal;
}

/** The signal and progress of the command being run. */
export function longWork(command: Command): LongWork {
  const show = command.optsWithGlobals<GlobalOptions & { progress?: boolean }>().progress === true;
  const progress = (p: Pick<Progress, 'phase' | 'done' | 'total'>): void => {
    if (show) process.stderr.write(`progress: ${p.phase} ${p.done}${p.total === null ? '' : ` of ${p.total}`}\n`);
  };
  return { signal: commandSignal(), progress, counts: (phase) => (done, total) => progress({ phase, done, total }) };
}
