// Long API calls from a component (imports, checks, backups, the sample): busy flag, progress,
// a user-facing error, and cancel, which aborts the call on the main side too. One call at a
// time: a new call, or abandoning the current one, stops the one before, and a stopped call's
// answer, progress or error never touches the state the newer call owns.
import { useCallback, useRef, useState } from 'react';
import { isAppError } from '../../shared/errors.ts';
import type { Progress } from '../../shared/protocol.ts';
import { errorMessage } from './useApiCall.ts';

export type LongWork<T> = (signal: AbortSignal, onProgress: (progress: Progress) => void) => Promise<T>;

export function useLongCall() {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Cancel was pressed and the main side has not answered yet. */
  const [cancelling, setCancelling] = useState(false);
  /** The last call ended CANCELLED: `error` is then main's sentence of what was undone. */
  const [cancelled, setCancelled] = useState(false);
  const controller = useRef<AbortController | null>(null);

  const run = useCallback(async <T>(work: LongWork<T>): Promise<T | undefined> => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    const current = (): boolean => controller.current === c;
    setBusy(true);
    setError(null);
    setProgress(null);
    setCancelling(false);
    setCancelled(false);
    try {
      return await work(c.signal, (p) => {
        if (current()) setProgress(p);
      });
    } catch (e) {
      if (current()) {
        setError(errorMessage(e));
        setCancelled(isAppError(e) && e.code === 'CANCELLED');
      }
      return undefined;
    } finally {
      if (current()) {
        setBusy(false);
        setCancelling(false);
        controller.current = null;
      }
    }
  }, []);

  /** Stops the call on the main side; its error (cancelled) is shown. */
  const cancel = useCallback(() => {
    if (controller.current === null) return;
    setCancelling(true);
    controller.current.abort();
  }, []);
  /** Stops the call and forgets it, as when the analyst leaves its step: nothing of it is shown. */
  const abandon = useCallback(() => {
    const c = controller.current;
    if (c === null) return;
    controller.current = null;
    c.abort();
    setBusy(false);
    setCancelling(false);
    setProgress(null);
  }, []);
  return { busy, progress, error, cancelling, cancelled, run, cancel, abandon };
}
