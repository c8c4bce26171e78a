// Browser mode's secrets over real HTTP: the launch code works once and gives an HttpOnly,
// SameSite=Strict session cookie; every request but the launch needs the cookie (or, for
// clients in this process, the token header): the page, its assets, the API and the events.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieValue, sessionCookieName } from '../../../src-main/ipc/bridgeServer.ts';
import { startBrowserMode, type BrowserMode } from '../../../src-main/ipc/startBrowserMode.ts';

let app: BrowserMode;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vso-launch-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>VSO</title>');
  app = await startBrowserMode({ modeReason: 'unit test', staticRoot: root });
});
afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

const ping = JSON.stringify({ type: 'request', id: 'p', method: 'app.ping', args: {} });

async function launch(url: string): Promise<Response> {
  return fetch(url, { redirect: 'manual' });
}

function rpc(headers: Record<string, string>): Promise<Response> {
  return fetch(`${app.bridge.url}/rpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: ping,
  });
}

describe('launch code and session cookie', () => {
  it('trades a launch code once for a session cookie that opens everything', async () => {
    const url = app.bridge.launchUrl();
    const before = app.bridge.unusedLaunchCodes;
    const first = await launch(url);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(app.bridge.unusedLaunchCodes).toBe(before - 1);
    const name = sessionCookieName(app.bridge.port);
    const session = cookieValue(setCookie.split(';')[0], name);
    expect(session).toMatch(/^[0-9a-f]{64}$/);
    // Neither the launch code nor the header token is the cookie.
    expect(url).not.toContain(session);
    expect(session).not.toBe(app.bridge.token);

    // The code is dead now: no second cookie, whoever asks.
    const second = await launch(url);
    expect(second.status).toBe(403);
    expect(second.headers.get('set-cookie')).toBeNull();

    const cookie = `${name}=${session}`;
    expect((await fetch(`${app.bridge.url}/`, { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await rpc({ Cookie: cookie })).status).toBe(200);
    const events = await fetch(`${app.bridge.url}/events`, { headers: { Cookie: cookie } });
    expect(events.status).toBe(200);
    await events.body?.cancel();
  });

  it('refuses every request without a session, and with a wrong one', async () => {
    const name = sessionCookieName(app.bridge.port);
    const wrong = `${name}=${'0'.repeat(64)}`;
    const variants: Array<Record<string, string>> = [{}, { Cookie: wrong }, { Cookie: `other=${app.bridge.token}` }];
    for (const headers of variants) {
      expect((await fetch(`${app.bridge.url}/`, { headers })).status).toBe(401);
      expect((await fetch(`${app.bridge.url}/index.html`, { headers })).status).toBe(401);
      expect((await fetch(`${app.bridge.url}/events`, { headers })).status).toBe(401);
      expect((await rpc(headers)).status).toBe(401);
    }
    // The header token (clients in this process) still works, and only the right one.
    expect((await rpc({ 'x-vso-token': app.bridge.token })).status).toBe(200);
    expect((await rpc({ 'x-vso-token': 'f'.repeat(64) })).status).toBe(401);
  });

  it('refuses made-up, empty and repeated launch codes', async () => {
    for (const code of ['', 'abc', 'f'.repeat(64), app.bridge.token]) {
      const response = await launch(`${app.bridge.url}/launch?code=${code}`);
      expect(response.status, code).toBe(403);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    expect((await launch(`${app.bridge.url}/launch`)).status).toBe(403);
  });

  it('reads a cookie among others', () => {
    expect(cookieValue('a=1; vso_session_80=abc; b=2', 'vso_session_80')).toBe('abc');
    expect(cookieValue('vso_session_800=abc', 'vso_session_80')).toBeUndefined();
    expect(cookieValue(undefined, 'x')).toBeUndefined();
  });
});
