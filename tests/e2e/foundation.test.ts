// The app loads in a real Chromium over the loopback bridge, and the bridge refuses
// requests without the token or from a foreign origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app.ts';

let running: RunningApp;

beforeAll(async () => {
  running = await startApp();
});

afterAll(async () => {
  await running?.close();
});

describe('browser mode', () => {
  it('loads the app shell with its navigation and status bar', async () => {
    const { page } = running;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    expect(await nav.getByRole('button').allTextContents()).toEqual(['Start', 'Data', 'Explore', 'Report', 'Audit']);
    await page.getByTestId('status-version').waitFor();
    expect(await page.getByTestId('status-mode').textContent()).toContain('Browser mode');
    expect(await page.getByTestId('status-version').textContent()).toMatch(/VSO Workbench \d+\.\d+\.\d+/);
    await running.screenshot('foundation-start');
  });

  it('round-trips app.info over the bridge from the page', async () => {
    const info = await running.page.evaluate(async () => {
      const token = sessionStorage.getItem('vso.bridgeToken');
      const response = await fetch('/rpc', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-vso-token': token ?? '' },
        body: JSON.stringify({ type: 'request', id: 'e2e-1', method: 'app.info', args: {} }),
      });
      return (await response.text()).trim();
    });
    const message = JSON.parse(info) as { ok: boolean; value: { mode: string; name: string } };
    expect(message.ok).toBe(true);
    expect(message.value).toMatchObject({ mode: 'browser', name: 'VSO Workbench' });
  });

  it('moves between screens by keyboard', async () => {
    const { page } = running;
    await page.getByRole('button', { name: 'Audit' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit');
  });

  it('refuses a request without the session cookie', async () => {
    const status = await running.page.evaluate(async () => {
      const response = await fetch('/rpc', {
        method: 'POST',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'request', id: 'x', method: 'app.info', args: {} }),
      });
      return response.status;
    });
    expect(status).toBe(401);
  });

  it('refuses a request with a foreign Origin even with the token', async () => {
    const { bridge } = running.app;
    const response = await fetch(`${bridge.url}/rpc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-vso-token': bridge.token, Origin: 'http://evil.example' },
      body: JSON.stringify({ type: 'request', id: 'x', method: 'app.info', args: {} }),
    });
    expect(response.status).toBe(403);
  });

  it('serves the strict Content-Security-Policy with the page', async () => {
    const response = await fetch(`${running.app.bridge.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("connect-src 'self'");
  });
});
