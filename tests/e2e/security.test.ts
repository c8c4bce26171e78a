// The browser-mode app carries the same Content-Security-Policy as the desktop shell, and
// Chromium enforces it: a remote image, a fetch to another origin and an injected inline
// script are all blocked inside the page, before any network traffic (Chromium reports the
// blocked attempts to Playwright as requests that failed with ERR_BLOCKED_BY_CSP and never
// answered). `eval` cannot be tested from here: code Playwright evaluates runs with DevTools'
// exemption from the CSP; the policy's lack of 'unsafe-eval' is checked in tests/unit/shell/csp.test.ts.
// 203.0.113.1 is TEST-NET-3 (RFC 5737): never a real host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/ipc/contentSecurityPolicy.ts';
import { startApp, type RunningApp } from '../helpers/app.ts';

const REMOTE = '203.0.113.1';
let running: RunningApp;
const requested: string[] = [];
const failed = new Map<string, string>();
const answered: string[] = [];

beforeAll(async () => {
  running = await startApp();
  running.page.on('request', (request) => requested.push(request.url()));
  running.page.on('requestfailed', (request) => failed.set(request.url(), request.failure()?.errorText ?? ''));
  running.page.on('response', (response) => answered.push(response.url()));
  await running.page.getByRole('navigation', { name: 'Main' }).waitFor();
});

afterAll(async () => {
  await running?.close();
});

/**
 * Every attempt to reach the remote host was stopped by the CSP inside Chromium, and none was
 * answered. Chromium reports a failed request to Playwright on its own time: each is waited for.
 */
async function expectNoRemoteTraffic(): Promise<void> {
  const attempts = requested.filter((url) => url.includes(REMOTE));
  for (const url of attempts) {
    await expect.poll(() => failed.get(url) ?? 'not failed (yet)', { message: url }).toMatch(/ERR_BLOCKED_BY_CSP|csp/i);
  }
  expect(answered.filter((url) => url.includes(REMOTE))).toEqual([]);
}

describe('browser mode enforces the shell’s Content-Security-Policy', () => {
  it('serves the very same policy with the page, and no weaker meta policy', async () => {
    const response = await fetch(`${running.app.bridge.url}/`);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const metas = await running.page.evaluate(() =>
      [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')].map(
        (m) => m.getAttribute('content') ?? '',
      ),
    );
    for (const meta of metas) expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });

  it('blocks a remote image before it reaches the network', async () => {
    const outcome = await running.page.evaluate(async (host) => {
      const violations: { directive: string; blocked: string }[] = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
      );
      const loaded = await new Promise<boolean>((resolve) => {
        const img = document.createElement('img');
        img.onload = () => resolve(true);
        img.onerror = () => resolve(false);
        img.src = `http://${host}/x.png`;
        document.body.append(img);
        setTimeout(() => resolve(false), 5000);
      });
      // The violation is reported on its own task: wait for it (a bound, not a timing).
      for (let waited = 0; violations.length === 0 && waited < 20_000; waited += 50)
        await new Promise((r) => setTimeout(r, 50));
      return { loaded, violations };
    }, REMOTE);
    expect(outcome.loaded).toBe(false);
    expect(outcome.violations).toContainEqual({ directive: 'img-src', blocked: `http://${REMOTE}/x.png` });
    await expectNoRemoteTraffic();
    await running.screenshot('security-remote-image-blocked');
  });

  it('rejects a fetch to another origin with a connect-src violation', async () => {
    const outcome = await running.page.evaluate(async (host) => {
      const violations: { directive: string; blocked: string }[] = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
      );
      let error: string | null = null;
      try {
        await fetch(`http://${host}/`, { mode: 'no-cors' });
      } catch (e) {
        error = e instanceof Error ? e.name : String(e);
      }
      for (let waited = 0; violations.length === 0 && waited < 20_000; waited += 50)
        await new Promise((r) => setTimeout(r, 50));
      return { error, violations };
    }, REMOTE);
    expect(outcome.error).toBe('TypeError');
    expect(
      outcome.violations.some((v) => v.directive === 'connect-src' && v.blocked.startsWith(`http://${REMOTE}`)),
    ).toBe(true);
    await expectNoRemoteTraffic();
  });

  it('refuses an injected inline script', async () => {
    const outcome = await running.page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const marker = window as unknown as { injected?: boolean };
      const script = document.createElement('script');
      script.textContent = 'window.injected = true;';
      document.body.append(script);
      for (let waited = 0; violations.length === 0 && waited < 20_000; waited += 50)
        await new Promise((r) => setTimeout(r, 50));
      return { injected: marker.injected === true, violations };
    });
    expect(outcome.injected).toBe(false);
    expect(outcome.violations).toContain('script-src-elem');
  });
});
