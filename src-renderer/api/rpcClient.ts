// The client half of the protocol: ids, pending calls, progress, cancellation and
// timeouts over any ClientTransport. The renderer never knows which transport it has.
import { api, type ArgsOf, type MethodName, type ResultOf } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import type { ClientTransport, EventTopic, Progress, ServerMessage } from '../../shared/protocol.ts';

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Default 60 s; long methods (imports, exports) have none. */
  timeoutMs?: number;
  /**
   * On abort, send the cancel but settle with main's own answer: its CANCELLED says what was
   * undone, and work that finished before the cancel reached it is answered as done.
   */
  awaitCancelReply?: boolean;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: AppError): void;
  onProgress?: (progress: Progress) => void;
  cleanup(): void;
}

export interface RpcClient {
  call<M extends MethodName>(method: M, args: ArgsOf<M>, options?: CallOptions): Promise<ResultOf<M>>;
  onEvent(topic: EventTopic, listener: (payload: unknown) => void): () => void;
}

export function createRpcClient(transport: ClientTransport): RpcClient {
  const pending = new Map<string, Pending>();
  const eventListeners = new Map<EventTopic, Set<(payload: unknown) => void>>();
  let counter = 0;

  transport.onMessage((message: ServerMessage) => {
    if (message.type === 'event') {
      for (const listener of eventListeners.get(message.topic) ?? []) listener(message.payload);
      return;
    }
    const entry = pending.get(message.id);
    if (entry === undefined) return;
    if (message.type === 'progress') {
      entry.onProgress?.(message.progress);
      return;
    }
    pending.delete(message.id);
    entry.cleanup();
    if (message.ok) entry.resolve(message.value);
    else entry.reject(AppError.fromPayload(message.error));
  });

  return {
    call(method, args, options = {}) {
      counter += 1;
      const id = `${Date.now().toString(36)}-${counter}`;
      const long = (api[method] as { long?: boolean }).long === true;
      const timeoutMs = options.timeoutMs ?? (long ? 0 : 60_000);
      return new Promise((resolve, reject) => {
        if (options.signal?.aborted) {
          reject(new AppError('CANCELLED', 'The operation was cancelled.'));
          return;
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        const onAbort = (): void => {
          transport.send({ type: 'cancel', id });
          if (options.awaitCancelReply === true) return;
          pending.delete(id);
          cleanup();
          reject(new AppError('CANCELLED', 'The operation was cancelled.'));
        };
        const cleanup = (): void => {
          if (timer !== undefined) clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
        };
        if (timeoutMs > 0) {
          timer = setTimeout(() => {
            transport.send({ type: 'cancel', id });
            pending.delete(id);
            cleanup();
            reject(new AppError('TIMEOUT', `${method} did not answer within ${Math.round(timeoutMs / 1000)} s.`));
          }, timeoutMs);
        }
        options.signal?.addEventListener('abort', onAbort);
        pending.set(id, {
          resolve: resolve as (value: unknown) => void,
          reject,
          ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
          cleanup,
        });
        transport.send({ type: 'request', id, method, args });
      });
    },
    onEvent(topic, listener) {
      const set = eventListeners.get(topic) ?? new Set();
      set.add(listener);
      eventListeners.set(topic, set);
      return () => set.delete(listener);
    },
  };
}
