// Browser mode as `npm start` launches it: Chromium in app mode with the launch URL on its
// command line (scripts/appWindow.ts), here headless and with a debugging port so the test can
// look inside. Whatever a local user reads from /proc/<pid>/cmdline of Chromium and its child
// processes opens nothing: the launch code is dead once the window has loaded, and no other
// secret is there. The window itself works: its page reaches the API with its session cookie.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appWindowArgs } from '../../scripts/appWindow.ts';
import { CHROMIUM_MISSING_MESSAGE, findChromium } from '../../scripts/findChromium.ts';
import { sessionCookieName } from '../../src-main/ipc/bridgeServer.ts';
import { startBrowserMode, type BrowserMode } from '../../src-main/ipc/startBrowserMode.ts';

const RENDERER_ROOT = resolve('dist', 'renderer');
let app: BrowserMode;
let profile: string;
let window: ChildProcess;
let browser: Browser | null = null;

beforeAll(async () => {
  process.env.VSO_CONFIG_DIR ??= mkdtempSync(join(tmpdir(), 'vso-config-'));
  const executable = findChromium();
  if (executable === null) throw new Error(CHROMIUM_MISSING_MESSAGE);
  app = await startBrowserMode({ staticRoot: RENDERER_ROOT, modeReason: 'end-to-end test' });
  profile = mkdtempSync(join(tmpdir(), 'vso-app-profile-'));
  const args = appWindowArgs({ appUrl: app.bridge.appUrl, profile, root: process.getuid?.() === 0 });
  // Its own process group, so that the browser and all its helpers end together.
  window = spawn(executable, [...args, '--headless=new', '--remote-debugging-port=0'], {
    stdio: 'ignore',
    detached: true,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  if (window.exitCode === null && window.pid !== undefined) {
    const exited = new Promise((done) => window.once('exit', done));
    process.kill(-window.pid, 'SIGKILL');
    await exited;
  }
  await app.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

/** Chromium's process and its descendants, from /proc. */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the parent follows the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process ended meanwhile.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree;
}

function commandLines(pids: readonly number[]): string[] {
  return pids.flatMap((pid) => {
    try {
      return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')];
    } catch {
      return [];
    }
  });
}

it('leaves nothing on Chromium’s command line that still opens the app', async () => {
  // The window loads the launch URL, trading its code for the session cookie.
  await expect.poll(() => app.bridge.unusedLaunchCodes, { timeout: 60_000, interval: 100 }).toBe(0);

  // The window works: its page reaches the API (with the cookie only it holds).
  const portFile = join(profile, 'DevToolsActivePort');
  await expect.poll(() => existsSync(portFile), { timeout: 30_000 }).toBe(true);
  const port = readFileSync(portFile, 'utf8').split('\n')[0];
  // A loaded machine can take long to answer the first DevTools calls.
  browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 120_000 });
  const page = browser
    .contexts()[0]
    ?.pages()
    .find((p) => p.url().startsWith(app.bridge.url));
  if (page === undefined) throw new Error('the app window has no page');
  expect(new URL(page.url()).pathname).toBe('/');
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 60_000 });
  const status = await page.evaluate(async () => {
    const response = await fetch('/rpc', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'request', id: 'w', method: 'app.ping', args: {} }),
    });
    return response.status;
  });
  expect(status).toBe(200);

  const lines = commandLines(processTree(window.pid ?? -1));
  expect(lines.length).toBeGreaterThan(1);
  const all = lines.join('\n');
  expect(all).toContain(`${app.bridge.url}/launch?code=`);
  expect(all).not.toContain(app.bridge.token);
  const candidates = [...new Set(all.match(/[0-9A-Za-z_-]{16,}/g) ?? [])];
  // The launch code is among them: the check below is the one that matters.
  expect(candidates).toContain(new URL(app.bridge.appUrl).searchParams.get('code'));
  const cookieName = sessionCookieName(app.bridge.port);
  for (const candidate of candidates) {
    const launch = await fetch(`${app.bridge.url}/launch?code=${candidate}`, { redirect: 'manual' });
    expect(launch.status, candidate).toBe(403);
    expect(launch.headers.get('set-cookie')).toBeNull();
    const asToken = await fetch(`${app.bridge.url}/rpc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-vso-token': candidate },
      body: '{}',
    });
    expect(asToken.status, candidate).toBe(401);
    const asCookie = await fetch(`${app.bridge.url}/`, { headers: { Cookie: `${cookieName}=${candidate}` } });
    expect(asCookie.status, candidate).toBe(401);
  }
}, 300_000);
