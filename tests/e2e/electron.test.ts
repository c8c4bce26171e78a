// The desktop app itself, through Playwright's `_electron`: it opens one window on app://
// with the app's title, no Node in the page, and the same CSP; it opens a workspace, runs a
// query and exports a figure over IPC. Runs only where the Electron
// binary is installed; elsewhere (as on these offline machines, where the binary's download
// is refused) the suite is reported as skipped with the reason in its name. Never requires
// 'electron' (that would try to download the binary): it reads node_modules/electron/path.txt.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/ipc/contentSecurityPolicy.ts';
import { buildFixtureWorkspace } from '../helpers/workspaceFixture.ts';

const root = resolve('.');

function electronBinary(): string | null {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const built =
  existsSync(join(root, 'dist', 'main', 'shell.js')) && existsSync(join(root, 'dist', 'renderer', 'index.html'));
const reason =
  binary === null
    ? ' (skipped: Electron binary not installed on this machine)'
    : built
      ? ''
      : ' (skipped: the app is not built; run "npm run build")';

// Say why in the run's output too, not only in the suite's name.
if (reason !== '') process.stdout.write(`Electron e2e suite${reason}\n`);

describe.skipIf(reason !== '')(`desktop app under Electron${reason}`, () => {
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    const args = [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
    app = await electron.launch({
      executablePath: binary ?? '',
      args,
      cwd: root,
      env: { ...process.env, VSO_DEVTOOLS: '0' },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens one window on app:// titled VSO Workbench', async () => {
    expect(app.windows()).toHaveLength(1);
    expect(await page.title()).toBe('VSO Workbench');
    expect(page.url()).toMatch(/^app:\/\/vso\//);
    await page.screenshot({ path: join('test-results', 'electron-window.png') });
  });

  it('gives the page no Node and only the one IPC bridge', async () => {
    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      bridge: Object.keys((window as unknown as { vsoIpc?: object }).vsoIpc ?? {}).sort(),
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: ['onMessage', 'send'] });
  });

  it('serves the app with the shared Content-Security-Policy and blocks outside requests', async () => {
    const csp = await page.evaluate(async () =>
      (await fetch('app://vso/index.html')).headers.get('content-security-policy'),
    );
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    const remote = await page.evaluate(async () => {
      try {
        await fetch('http://203.0.113.1/', { mode: 'no-cors' });
        return 'loaded';
      } catch {
        return 'blocked';
      }
    });
    expect(remote).toBe('blocked');
  });

  it('reports Electron mode over IPC', async () => {
    await expect
      .poll(async () => page.getByTestId('status-mode').textContent(), { timeout: 10_000 })
      .toContain('Desktop app');
  });

  it('opens a workspace, runs a query and exports a figure, all over IPC', async () => {
    const fixture = await buildFixtureWorkspace({ rows: { victims: 2000 }, seed: 9 });
    try {
      await page.locator('#open-path').fill(fixture.path);
      await page.locator('#open-pass').fill(fixture.passphrase);
      await page.getByRole('button', { name: 'Open workspace' }).click();
      await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Explore' }).click();
      await page.getByTestId('chart').waitFor();
      await page.getByLabel('Figure name').fill('Electron figure');
      await page.getByRole('button', { name: 'Save as figure' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      const out = join(fixture.dir, 'electron-figure.pdf');
      const reply = await page.evaluate(
        (path) =>
          new Promise<{ ok: boolean }>((resolveReply) => {
            const bridge = (
              window as unknown as {
                vsoIpc: {
                  send(m: unknown): void;
                  onMessage(l: (m: { type: string; id?: string; ok?: boolean }) => void): () => void;
                };
              }
            ).vsoIpc;
            const off = bridge.onMessage((m) => {
              if (m.type === 'result' && m.id === 'electron-export') {
                off();
                resolveReply({ ok: m.ok === true });
              }
            });
            bridge.send({
              type: 'request',
              id: 'electron-export',
              method: 'export.figure',
              args: { name: 'Electron figure', format: 'pdf', path },
            });
          }),
        out,
      );
      expect(reply.ok).toBe(true);
      expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      rmSync(fixture.dir, { recursive: true, force: true });
    }
  });
});
