// The loopback bridge over real HTTP: token, Host and Origin checks, size bound,
// validation before any handler runs, unknown methods, and the NDJSON reply stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { startBrowserMode, type BrowserMode } from '../../../src-main/ipc/startBrowserMode.ts';
import { hostAllowed, originAllowed, tokensEqual } from '../../../src-main/ipc/bridgeServer.ts';

let app: BrowserMode;

beforeAll(async () => {
  app = await startBrowserMode({ modeReason: 'unit test' });
});
afterAll(async () => {
  await app.close();
});

async function rpc(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; lines: unknown[] }> {
  const response = await fetch(`${app.bridge.url}/rpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-vso-token': app.bridge.token, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const lines = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
  return { status: response.status, lines };
}

/** Raw request with a chosen Host header (fetch does not let us forge it). */
function rawPost(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: app.bridge.port,
        path: '/rpc',
        method: 'POST',
        headers: { Host: host, 'Content-Type': 'application/json', 'x-vso-token': app.bridge.token },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ type: 'request', id: '1', method: 'app.ping', args: {} }));
  });
}

describe('loopback bridge', () => {
  it('answers app.ping with the echo', async () => {
    const { status, lines } = await rpc({ type: 'request', id: 'a', method: 'app.ping', args: { echo: 'hi' } });
    expect(status).toBe(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: 'result', id: 'a', ok: true, value: { pong: true, echo: 'hi' } });
  });

  it('reports the browser mode in app.info', async () => {
    const { lines } = await rpc({ type: 'request', id: 'b', method: 'app.info', args: {} });
    expect(lines[0]).toMatchObject({ ok: true, value: { mode: 'browser', name: 'VSO Workbench' } });
  });

  it('refuses a missing or wrong token with 401', async () => {
    expect((await rpc({ type: 'request', id: 'c', method: 'app.info', args: {} }, { 'x-vso-token': '' })).status).toBe(
      401,
    );
    expect(
      (await rpc({ type: 'request', id: 'c', method: 'app.info', args: {} }, { 'x-vso-token': 'f'.repeat(64) })).status,
    ).toBe(401);
  });

  it('refuses a foreign Origin and a foreign Host (DNS rebinding) with 403', async () => {
    expect(
      (await rpc({ type: 'request', id: 'd', method: 'app.info', args: {} }, { Origin: 'http://attacker.test' }))
        .status,
    ).toBe(403);
    expect(await rawPost(`attacker.test:${app.bridge.port}`)).toBe(403);
    expect(await rawPost(`127.0.0.1:${app.bridge.port}`)).toBe(200);
  });

  it('refuses a body over the size bound with 413', async () => {
    const big = JSON.stringify({
      type: 'request',
      id: 'e',
      method: 'app.ping',
      args: { echo: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect((await rpc(big)).status).toBe(413);
  });

  it('validates arguments before the handler and names the problem', async () => {
    const { lines } = await rpc({ type: 'request', id: 'f', method: 'app.ping', args: { echo: 42 } });
    expect(lines[0]).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const extra = await rpc({ type: 'request', id: 'g', method: 'app.info', args: { sneaky: true } });
    expect(extra.lines[0]).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('answers an unknown method with a typed error, never silence', async () => {
    const { lines } = await rpc({ type: 'request', id: 'h', method: 'nope.nothing', args: {} });
    expect(lines[0]).toMatchObject({ id: 'h', ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('answers a malformed message and malformed JSON', async () => {
    expect((await rpc({ hello: 'world' })).lines[0]).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await rpc('{not json')).status).toBe(400);
  });
});

describe('bridge checks', () => {
  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
    expect(tokensEqual('abc', undefined)).toBe(false);
  });
  it('accepts only loopback hosts and origins on its own port', () => {
    expect(hostAllowed('127.0.0.1:4000', 4000)).toBe(true);
    expect(hostAllowed('localhost:4000', 4000)).toBe(true);
    expect(hostAllowed('127.0.0.1:4001', 4000)).toBe(false);
    expect(hostAllowed('evil.test:4000', 4000)).toBe(false);
    expect(hostAllowed(undefined, 4000)).toBe(false);
    expect(originAllowed(undefined, 4000)).toBe(true);
    expect(originAllowed('http://127.0.0.1:4000', 4000)).toBe(true);
    expect(originAllowed('null', 4000)).toBe(false);
    expect(originAllowed('http://127.0.0.1:4001', 4000)).toBe(false);
  });
});
