// The server half of the protocol, shared by every transport: validate a request,
// run its handler with a cancellation signal and a progress callback, and answer
// exactly once with a typed envelope. Transports only move messages.
import { api, isMethodName, type MethodName, type ParsedArgsOf, type ResultOf } from '../../shared/contract/index.ts';
import { AppError, isAppError, type ErrorPayload } from '../../shared/errors.ts';
import { ClientMessageSchema, type Progress, type ServerMessage } from '../../shared/protocol.ts';
import { loggedWhere, logUnexpectedError } from './errorLog.ts';

export interface CallContext {
  signal: AbortSignal;
  progress(progress: Progress): void;
  transport: 'ipc' | 'bridge' | 'cli' | 'test';
}

export type Handler<M extends MethodName> = (args: ParsedArgsOf<M>, ctx: CallContext) => Promise<ResultOf<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };
export type PartialHandlers = { [M in MethodName]?: Handler<M> };

export interface Dispatcher {
  /** Feed one raw client message; replies go to `reply` (possibly several: progress, then the result). */
  receive(raw: unknown, reply: (message: ServerMessage) => void): Promise<void>;
  /** Call a method directly (CLI, tests), with the same validation. */
  call<M extends MethodName>(method: M, args: unknown, ctx?: Partial<CallContext>): Promise<ResultOf<M>>;
  /** Cancel everything in flight (a window closed, the app quits). */
  cancelAll(): void;
}

/** A typed error as it is; anything else is unexpected: logged (without data), and said where. */
export function toErrorPayload(error: unknown, method = 'unknown'): ErrorPayload {
  if (isAppError(error)) return error.toPayload();
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'CANCELLED', message: 'The operation was cancelled.' };
  }
  const detail = error instanceof Error ? error.message : String(error);
  const logged = logUnexpectedError(error, { where: method });
  return {
    code: 'INTERNAL',
    message: `Something went wrong inside VSO Workbench. ${loggedWhere(logged)} Try again; if it happens again, send that file to whoever supports VSO Workbench.`,
    detail,
  };
}

function badRequest(method: string, issues: string): AppError {
  return new AppError('BAD_REQUEST', `The request to ${method} was not valid: ${issues}`, issues);
}

export function createDispatcher(handlers: Handlers, transport: CallContext['transport']): Dispatcher {
  const inFlight = new Map<string, AbortController>();

  async function run(method: string, args: unknown, ctx: CallContext): Promise<unknown> {
    if (!isMethodName(method)) {
      throw new AppError('UNKNOWN_METHOD', `There is no API method called “${method}”.`);
    }
    const def = api[method];
    const parsed = def.args.safeParse(args ?? {});
    if (!parsed.success) {
      throw badRequest(
        method,
        parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; '),
      );
    }
    const handler = handlers[method] as (a: unknown, c: CallContext) => Promise<unknown>;
    return handler(parsed.data, ctx);
  }

  return {
    async receive(raw, reply) {
      const parsed = ClientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const id = typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw as { id: unknown }).id) : '?';
        reply({ type: 'result', id, ok: false, error: badRequest('the API', 'malformed message').toPayload() });
        return;
      }
      const message = parsed.data;
      if (message.type === 'cancel') {
        inFlight.get(message.id)?.abort();
        return;
      }
      if (inFlight.has(message.id)) {
        reply({
          type: 'result',
          id: message.id,
          ok: false,
          error: badRequest(message.method, 'duplicate request id').toPayload(),
        });
        return;
      }
      const controller = new AbortController();
      inFlight.set(message.id, controller);
      const ctx: CallContext = {
        signal: controller.signal,
        transport,
        progress: (progress) => {
          if (!controller.signal.aborted) reply({ type: 'progress', id: message.id, progress });
        },
      };
      try {
        const value = await run(message.method, message.args, ctx);
        reply({ type: 'result', id: message.id, ok: true, value });
      } catch (error) {
        reply({ type: 'result', id: message.id, ok: false, error: toErrorPayload(error, message.method) });
      } finally {
        inFlight.delete(message.id);
      }
    },

    async call(method, args, partial = {}) {
      const ctx: CallContext = {
        signal: partial.signal ?? new AbortController().signal,
        progress: partial.progress ?? (() => undefined),
        transport: partial.transport ?? transport,
      };
      return (await run(method, args, ctx)) as ResultOf<typeof method>;
    },

    cancelAll() {
      for (const controller of inFlight.values()) controller.abort();
    },
  };
}
