// How a tool says what happened: one message above the tools, a success or an error.
import { errorMessage } from '../../state/useApiCall.ts';

export type Report = (kind: 'success' | 'error', text: string) => void;

/** Runs a tool's action and reports its sentence, or its error's. */
export function reporting<A extends unknown[]>(report: Report, fn: (...args: A) => Promise<string>) {
  return async (...args: A): Promise<void> => {
    try {
      report('success', await fn(...args));
    } catch (e) {
      report('error', errorMessage(e));
    }
  };
}

export function submitting(action: () => Promise<unknown>) {
  return (event: { preventDefault(): void }): void => {
    event.preventDefault();
    void action();
  };
}
