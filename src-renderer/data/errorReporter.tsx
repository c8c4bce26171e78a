// Where errors nobody waits for end up: a call made in the background (a list reloaded after
// an import, the view saved) that fails is shown in one alert region, with the AppError's
// message, instead of being swallowed. Cancellations and a closed or locked workspace are
// not errors the analyst needs told about: the screens already say so.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { AppError } from '../../shared/errors.ts';
import { errorMessage } from '../state/useApiCall.ts';

const QUIET_CODES = new Set(['CANCELLED', 'NO_WORKSPACE', 'WORKSPACE_LOCKED']);

export function isQuiet(error: unknown): boolean {
  return error instanceof AppError && QUIET_CODES.has(error.code);
}

type Report = (error: unknown, what: string) => void;

const ErrorReporterContext = createContext<Report | null>(null);

interface Shown {
  id: number;
  text: string;
}

export function ErrorReporterProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<Shown[]>([]);
  const report = useCallback<Report>((error, what) => {
    if (isQuiet(error)) return;
    const text = `${what}: ${errorMessage(error)}`;
    // The same failure twice (a reload after each event) is shown once.
    setShown((list) => (list.some((s) => s.text === text) ? list : [...list.slice(-3), { id: Date.now(), text }]));
  }, []);
  const value = useMemo(() => report, [report]);
  return (
    <ErrorReporterContext.Provider value={value}>
      {children}
      <div className="error-region" role="alert" aria-live="assertive" data-testid="error-region">
        {shown.map((s) => (
          <div key={s.id} className="alert alert-error error-toast">
            <span>{s.text}</span>
            <button
              type="button"
              className="icon-button"
              aria-label="Dismiss this message"
              onClick={() => setShown((list) => list.filter((x) => x.id !== s.id))}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ErrorReporterContext.Provider>
  );
}

/** Reports a failed background call; outside the provider (unit tests) it logs to the console. */
const logToConsole: Report = (error, what) => console.error(what, error);

export function useReportError(): Report {
  return useContext(ErrorReporterContext) ?? logToConsole;
}
