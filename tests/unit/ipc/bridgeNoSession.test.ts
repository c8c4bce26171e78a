// The address `npm start` prints, opened in a browser without the session: a real HTTP request
// gets a page that says how to open the workbench, and nothing else (no script, no app shell,
// no secret, no API).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../../../src-main/ipc/startBrowserMode.ts';

let app: BrowserMode;
let root: string;
const APP_SHELL = '<!doctype html><title>VSO app shell</title><script src="/assets/app.js"></script>';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vso-nosession-'));
  writeFileSync(join(root, 'index.html'), APP_SHELL);
  app = await startBrowserMode({ modeReason: 'unit test', staticRoot: root });
});
afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

function secretsOf(): string[] {
  return [app.bridge.token, new URL(app.bridge.appUrl).searchParams.get('code') ?? 'missing'];
}

describe('the page for a browser without the session', () => {
  it('explains how to open the workbench at every page address, and serves nothing of the app', async () => {
    for (const path of ['/', '/index.html', '/explore', '/assets/app.js']) {
      const response = await fetch(`${app.bridge.url}${path}`);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'none'");
      const html = await response.text();
      expect(html, path).toContain('<h1>Open VSO Workbench with the link that starts it</h1>');
      expect(html, path).toContain('npm start');
      expect(html, path).toContain('npx vso serve');
      expect(html, path).not.toContain('VSO app shell');
      expect(html.toLowerCase(), path).not.toContain('<script');
      for (const secret of secretsOf()) expect(html, path).not.toContain(secret);
    }
  });

  it('still refuses the API and the events with JSON, not the page', async () => {
    const rpc = await fetch(`${app.bridge.url}/rpc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'request', id: 'x', method: 'app.info', args: {} }),
    });
    expect(rpc.status).toBe(401);
    expect(((await rpc.json()) as { ok: boolean }).ok).toBe(false);
    const events = await fetch(`${app.bridge.url}/events`);
    expect(events.status).toBe(401);
    expect(events.headers.get('content-type')).toContain('application/json');
    await events.body?.cancel();
  });

  it('answers a used launch link with a page that says so, without a cookie', async () => {
    const url = app.bridge.launchUrl();
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(303);
    const again = await fetch(url, { redirect: 'manual' });
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(again.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await again.text();
    expect(html).toContain('This launch link was already used');
    expect(html).toContain('npm start');
    expect(html.toLowerCase()).not.toContain('<script');
  });

  it('answers HEAD with the status and no body', async () => {
    const response = await fetch(`${app.bridge.url}/`, { method: 'HEAD' });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
  });
});
