// One API read owned by a hook: loaded when `key` changes, reloaded on the main side's events
// (data imported, workspace changed), stale answers dropped, and a failure kept as `error`
// and reported to the error region rather than swallowed.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EventTopic } from '../../shared/protocol.ts';
import { apiClient } from '../api/client.ts';
import { errorMessage } from '../state/useApiCall.ts';
import { isQuiet, useReportError } from './errorReporter.tsx';

export interface ApiData<T> {
  data: T | null;
  error: string | null;
  reload(): void;
}

export function useApiData<T>(
  key: string | null,
  load: () => Promise<T>,
  options: { what: string; reloadOn?: readonly EventTopic[] },
): ApiData<T> {
  const [state, setState] = useState<{ key: string; data: T | null; error: string | null } | null>(null);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });
  const report = useReportError();
  const { what } = options;
  const events = (options.reloadOn ?? []).join(',');

  useEffect(() => {
    if (key === null) return undefined;
    let active = true;
    loadRef.current().then(
      (data) => active && setState({ key, data, error: null }),
      (error: unknown) => {
        if (!active) return;
        setState((s) => ({
          key,
          data: s?.key === key ? s.data : null,
          error: isQuiet(error) ? null : errorMessage(error),
        }));
        report(error, what);
      },
    );
    return () => {
      active = false;
    };
  }, [key, generation, report, what]);

  useEffect(() => {
    if (key === null || events === '') return undefined;
    const offs = events
      .split(',')
      .map((event) => apiClient().onEvent(event as EventTopic, () => setGeneration((g) => g + 1)));
    return () => {
      for (const off of offs) off();
    };
  }, [key, events]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const current = state !== null && state.key === key ? state : null;
  return { data: current?.data ?? null, error: current?.error ?? null, reload };
}
