// Debounced, cancellable API calls: a newer request supersedes an older one, which is
// cancelled on the main side too, so typing and clicking never wait on stale work. `loading`
// says the data shown is not yet the answer for the current key, from the moment the key
// changes (not only once the pause is over), so a screen marked not busy shows settled results.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorMessage } from './useApiCall.ts';

export interface QueryState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

interface Answered<T> extends QueryState<T> {
  /** The key whose answer (or error) this is. */
  key: string | null;
}

export function useDebouncedQuery<T>(
  key: string | null,
  run: (signal: AbortSignal) => Promise<T>,
  delayMs = 30,
): QueryState<T> {
  const [state, setState] = useState<Answered<T>>({ key: null, data: null, error: null, loading: false });
  const runRef = useRef(run);
  useLayoutEffect(() => {
    runRef.current = run;
  });

  useEffect(() => {
    if (key === null) return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, loading: true }));
      runRef.current(controller.signal).then(
        (data) => {
          if (!controller.signal.aborted) setState({ key, data, error: null, loading: false });
        },
        (error: unknown) => {
          if (!controller.signal.aborted)
            setState((s) => ({ key, data: s.data, error: errorMessage(error), loading: false }));
        },
      );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, delayMs]);

  return { data: state.data, error: state.error, loading: key !== null && (state.loading || state.key !== key) };
}
