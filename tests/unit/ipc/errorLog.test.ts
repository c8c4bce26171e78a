// Unexpected errors: the user is told where the log is; the log (a real file in a temp folder,
// readable by its owner only) holds the error's class, code, stack frames, the method and the
// versions, and none of the values the error's message quoted.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ServerMessage } from '../../../shared/protocol.ts';
import { createDispatcher, type Handlers } from '../../../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createMainServices } from '../../../src-main/ipc/mainServices.ts';
import { runVso } from '../../helpers/cli.ts';

let dir: string;
const saved = process.env.VSO_LOG_DIR;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vso-log-'));
  process.env.VSO_LOG_DIR = join(dir, 'logs');
});
afterEach(() => {
  if (saved === undefined) delete process.env.VSO_LOG_DIR;
  else process.env.VSO_LOG_DIR = saved;
  rmSync(dir, { recursive: true, force: true });
});

const SECRET = 'Smith, Jane born 1984-02-03 at E01018088';

function logLines(): Array<Record<string, unknown>> {
  return readFileSync(join(dir, 'logs', 'errors.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

it('logs an unexpected error of a handler without its message, and says where', async () => {
  const handlers: Handlers = {
    ...createHandlers(createMainServices({ mode: 'browser', modeReason: 'test' })),
    'app.ping': async () => {
      const cause = Object.assign(new Error(`no row for ${SECRET}`), { code: 'SQLITE_CORRUPT' });
      throw new TypeError(`Cannot read ${SECRET}`, { cause });
    },
  };
  const dispatcher = createDispatcher(handlers, 'test');
  const replies: ServerMessage[] = [];
  await dispatcher.receive({ type: 'request', id: '1', method: 'app.ping', args: {} }, (m) => replies.push(m));
  const reply = replies[0];
  expect(reply).toMatchObject({ type: 'result', ok: false, error: { code: 'INTERNAL' } });
  const message = reply?.type === 'result' && !reply.ok ? reply.error.message : '';
  expect(message).toContain(join(dir, 'logs', 'errors.log'));

  const text = readFileSync(join(dir, 'logs', 'errors.log'), 'utf8');
  for (const part of ['Smith', 'E01018088', '1984-02-03', 'Cannot read', 'no row']) expect(text).not.toContain(part);
  const [entry] = logLines();
  expect(entry).toMatchObject({
    where: 'app.ping',
    node: process.versions.node,
    error: { name: 'TypeError' },
    causes: [{ name: 'Error', code: 'SQLITE_CORRUPT' }],
  });
  const frames = (entry?.error as { frames: string[] }).frames;
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.some((frame) => frame.includes('errorLog.test.ts'))).toBe(true);
  expect(frames.every((frame) => frame.startsWith('at '))).toBe(true);
  expect(statSync(join(dir, 'logs', 'errors.log')).mode & 0o777).toBe(0o600);

  // Typed errors are the user's to read, not a fault: they are not logged.
  await dispatcher.receive({ type: 'request', id: '2', method: 'workspace.lock', args: {} }, (m) => replies.push(m));
  expect(replies[1]).toMatchObject({ ok: false, error: { code: 'NO_WORKSPACE' } });
  expect(logLines()).toHaveLength(1);
});

it('logs an unexpected error of the command line, and the line on stderr says where', () => {
  const renderer = join(dir, 'Jane Smith E01018088 renderer');
  const run = runVso(['serve', '--renderer', renderer], { VSO_LOG_DIR: join(dir, 'logs') });
  expect(run.code).toBe(1);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toContain(`written to ${join(dir, 'logs', 'errors.log')}`);
  const text = readFileSync(join(dir, 'logs', 'errors.log'), 'utf8');
  expect(text).not.toContain('Smith');
  expect(text).not.toContain('E01018088');
  expect(logLines()[0]).toMatchObject({ where: 'cli:serve', error: { name: 'Error' } });
});
