// Long API calls from a component (imports, checks, the sample): busy flag, progress, a
// user-facing error, and cancel, which aborts the call on the main side too.
import { useCallback, useRef, useState } from 'react';
import type { Progress } from '../../shared/protocol.ts';
import { errorMessage } from './useApiCall.ts';

export type LongWork<T> = (signal: AbortSignal, onProgress: (progress: Progress) => void) => Promise<T>;

export function useLongCall() {
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  const run = useCallback(async <T>(work: LongWork<T>): Promise<T | undefined> => {
    const c = new AbortController();
    controller.current = c;
    setBusy(true);
    setError(null);
    setProgress(null);
    try {
      return await work(c.signal, setProgress);
    } catch (e) {
      setError(errorMessage(e));
      return undefined;
    } finally {
      setBusy(false);
      controller.current = null;
    }
  }, []);

  const cancel = useCallback(() => controller.current?.abort(), []);
  return { busy, progress, error, run, cancel };
}
