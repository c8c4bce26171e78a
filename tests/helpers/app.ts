// End-to-end harness: the app in browser mode (the real bridge and handlers, serving the
// built renderer) driven by a real Chromium through playwright-core. Screenshots go to
// test-results/.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FileRoots } from '../../src-main/ipc/fileBrowser.ts';
import { startBrowserMode, type BrowserMode } from '../../src-main/ipc/startBrowserMode.ts';
import { CHROMIUM_FLAGS, CHROMIUM_MISSING_MESSAGE, findChromium } from '../../scripts/findChromium.ts';

export const RESULTS_DIR = resolve('test-results');
const RENDERER_ROOT = resolve('dist', 'renderer');

export interface RunningApp {
  app: BrowserMode;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<{ browser: Browser }> {
  const executablePath = findChromium();
  if (executablePath === null) throw new Error(CHROMIUM_MISSING_MESSAGE);
  // Playwright gives every launch a fresh, throw-away profile (it refuses --user-data-dir).
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
  return { browser };
}

export async function startApp(
  options: { width?: number; height?: number; guidedStart?: boolean; fileRoots?: FileRoots } = {},
): Promise<RunningApp> {
  if (!existsSync(join(RENDERER_ROOT, 'index.html'))) {
    throw new Error('The renderer is not built: run "npm run build" before the end-to-end tests.');
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  // Recent workspaces and other settings go to a throw-away folder, never the user's.
  process.env.VSO_CONFIG_DIR ??= mkdtempSync(join(tmpdir(), 'vso-config-'));
  const app = await startBrowserMode({
    staticRoot: RENDERER_ROOT,
    modeReason: 'end-to-end test',
    ...(options.fileRoots ? { fileRoots: options.fileRoots } : {}),
  });
  const { browser } = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1360, height: options.height ?? 860 },
    deviceScaleFactor: 1,
  });
  // The guided start shows on a first run; only the newcomer test wants it.
  if (!options.guidedStart) await context.addInitScript(() => localStorage.setItem('vso.guidedStartDone', '1'));
  // A wait for the screen (an element, an action's target) bounds a hang, not a speed: on CI the
  // e2e files share two cores with the unit project, where Playwright's 30 s leaves little room.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
  await page.goto(app.bridge.appUrl);
  return {
    app,
    browser,
    context,
    page,
    async screenshot(name) {
      const path = join(RESULTS_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async close() {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await app.close();
    },
  };
}

/** Opens a workspace from the start screen, as a user does, and waits until it is open. */
export async function openWorkspaceFromStart(page: Page, path: string, passphrase: string): Promise<void> {
  await page.locator('#open-path').fill(path);
  await page.locator('#open-pass').fill(passphrase);
  await page.getByRole('button', { name: 'Open workspace' }).click();
  await page.getByRole('heading', { name: /Workspace open/ }).waitFor();
}
