// A tool's long work (backup, hand-over, check, purge): its progress and Cancel while it runs,
// then one report. A cancel waits for main's answer, so "nothing was changed" is main's word
// and work that finished before the cancel reached it is reported done.
import type { CallOptions } from '../../data/caller.ts';
import { useLongCall } from '../../state/useLongCall.ts';
import { reportFailure, type Report } from './report.ts';

type Work<T> = (options: CallOptions) => Promise<T>;

export function useToolWork(report: Report) {
  const long = useLongCall();
  const start = async <T>(work: Work<T>, done: (result: T) => string): Promise<T | undefined> => {
    // One at a time: a second start (Enter in a form whose button the progress bar replaced)
    // would otherwise cancel the running work to start it again.
    if (long.busy) return undefined;
    const outcome = await long.run(async (signal, onProgress) => {
      try {
        return { ok: true as const, value: await work({ signal, onProgress, awaitCancelReply: true }) };
      } catch (error) {
        return { ok: false as const, error };
      }
    });
    if (outcome === undefined) return undefined;
    if (!outcome.ok) {
      reportFailure(report, outcome.error);
      return undefined;
    }
    report('success', done(outcome.value));
    return outcome.value;
  };
  return { busy: long.busy, progress: long.progress, cancelling: long.cancelling, cancel: long.cancel, start };
}
