// One API call sent through the dispatcher as a transport sends it (a request message, then a
// cancel message with the same id), cancelled at a moment the caller picks: at a progress
// report, or after a delay. Says how long the reply took after the cancel, and what it was.
import type { MethodName } from '../../shared/contract/index.ts';
import type { Progress, ServerMessage } from '../../shared/protocol.ts';
import type { Dispatcher } from '../../src-main/ipc/dispatcher.ts';

export interface CancelledCall {
  /** From the cancel message to the reply, in ms; null when the reply came before any cancel. */
  cancelToReplyMs: number | null;
  /** The reply's error code, or 'ok' for a result. */
  outcome: string;
  progress: Progress[];
}

export interface CancelMoment {
  /** Cancel as soon as the handler has started (it runs until its first wait on receiving the request). */
  immediately?: boolean;
  /** Cancel at the first progress report this accepts. */
  atProgress?: (progress: Progress) => boolean;
  /** Cancel this long after the request, in ms, unless the reply came first. */
  afterMs?: number;
  /** Given the cancel as the request is sent, to call at a moment of the caller's own (a worker's message). */
  onStart?: (cancel: () => void) => void;
}

let nextId = 0;

export function cancelledCall(
  api: Dispatcher,
  method: MethodName,
  args: unknown,
  moment: CancelMoment,
): Promise<CancelledCall> {
  const id = `cancel-probe-${++nextId}`;
  const progress: Progress[] = [];
  let cancelledAt: number | null = null;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cancel = (): void => {
      if (cancelledAt !== null) return;
      cancelledAt = performance.now();
      void api.receive({ type: 'cancel', id }, () => undefined);
    };
    const reply = (message: ServerMessage): void => {
      if (message.type === 'progress' && message.id === id) {
        progress.push(message.progress);
        if (moment.atProgress?.(message.progress) === true) cancel();
      } else if (message.type === 'result' && message.id === id) {
        const repliedAt = performance.now();
        clearTimeout(timer);
        resolve({
          cancelToReplyMs: cancelledAt === null ? null : repliedAt - cancelledAt,
          outcome: message.ok ? 'ok' : message.error.code,
          progress,
        });
      }
    };
    moment.onStart?.(cancel);
    api.receive({ type: 'request', id, method, args }, reply).catch(reject);
    if (moment.immediately === true) cancel();
    if (moment.afterMs !== undefined) timer = setTimeout(cancel, moment.afterMs);
  });
}
