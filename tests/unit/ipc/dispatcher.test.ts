// The dispatcher: progress before the one result, cancellation, duplicate ids.
import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createMainServices } from '../../../src-main/ipc/mainServices.ts';
import type { ServerMessage } from '../../../shared/protocol.ts';

function handlersWith(overrides: Partial<Handlers>): Handlers {
  return { ...createHandlers(createMainServices({ mode: 'browser', modeReason: 'test' })), ...overrides };
}

describe('dispatcher', () => {
  it('sends progress before exactly one result', async () => {
    const dispatcher = createDispatcher(
      handlersWith({
        'app.ping': async (args, ctx) => {
          ctx.progress({ phase: 'working', done: 1, total: 2 });
          ctx.progress({ phase: 'working', done: 2, total: 2 });
          return { pong: true, at: 'now', ...(args.echo ? { echo: args.echo } : {}) };
        },
      }),
      'test',
    );
    const replies: ServerMessage[] = [];
    await dispatcher.receive({ type: 'request', id: '1', method: 'app.ping', args: {} }, (m) => replies.push(m));
    expect(replies.map((r) => r.type)).toEqual(['progress', 'progress', 'result']);
  });

  it('cancels a running call by id', async () => {
    const dispatcher = createDispatcher(
      handlersWith({
        'app.ping': (_args, ctx) =>
          new Promise((_resolve, reject) => {
            ctx.signal.addEventListener('abort', () =>
              reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
            );
          }),
      }),
      'test',
    );
    const replies: ServerMessage[] = [];
    const running = dispatcher.receive({ type: 'request', id: '7', method: 'app.ping', args: {} }, (m) =>
      replies.push(m),
    );
    await dispatcher.receive({ type: 'cancel', id: '7' }, (m) => replies.push(m));
    await running;
    expect(replies).toEqual([
      { type: 'result', id: '7', ok: false, error: { code: 'CANCELLED', message: 'The operation was cancelled.' } },
    ]);
  });

  it('hides internal error details behind a user-facing message', async () => {
    const dispatcher = createDispatcher(
      handlersWith({
        'app.ping': async () => {
          throw new Error('disk exploded');
        },
      }),
      'test',
    );
    await expect(dispatcher.call('app.ping', {})).rejects.toThrow('disk exploded');
    const replies: ServerMessage[] = [];
    await dispatcher.receive({ type: 'request', id: '9', method: 'app.ping', args: {} }, (m) => replies.push(m));
    expect(replies[0]).toMatchObject({ ok: false, error: { code: 'INTERNAL', detail: 'disk exploded' } });
  });
});
