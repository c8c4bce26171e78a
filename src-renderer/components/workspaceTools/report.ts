// How a tool says what happened: one message above the tools, a success, a cancel (main's
// sentence of what was undone) or an error.
import { isAppError } from '../../../shared/errors.ts';
import { errorMessage } from '../../state/useApiCall.ts';

export type ReportKind = 'success' | 'cancelled' | 'error';
export type Report = (kind: ReportKind, text: string) => void;

/** Reports a failed action: CANCELLED as a cancel, anything else as an error. */
export function reportFailure(report: Report, error: unknown): void {
  report(isAppError(error) && error.code === 'CANCELLED' ? 'cancelled' : 'error', errorMessage(error));
}

/** Runs a tool's action and reports its sentence, or its error's. */
export function reporting<A extends unknown[]>(report: Report, fn: (...args: A) => Promise<string>) {
  return async (...args: A): Promise<void> => {
    try {
      report('success', await fn(...args));
    } catch (e) {
      reportFailure(report, e);
    }
  };
}

export function submitting(action: () => Promise<unknown>) {
  return (event: { preventDefault(): void }): void => {
    event.preventDefault();
    void action();
  };
}
