// `npm start`: build, then run the Electron app where its binary is present; otherwise
// serve the same renderer over the loopback bridge and open it in a Chromium-family browser
// in app mode with a fresh profile. One line says which mode and why. Ctrl-C stops all.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { appWindowArgs } from './appWindow.ts';
import { findChromium } from './findChromium.ts';

const root = resolve(import.meta.dirname, '..');
const passThrough = process.argv.slice(2);

function electronBinary(): string | null {
  // Reading path.txt instead of require('electron'), which would try to download the binary.
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const build = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build.ts')], {
  stdio: 'inherit',
  cwd: root,
});
if (build.status !== 0) process.exit(build.status ?? 1);

const children: ChildProcess[] = [];
let profile: string | null = null;
function stopAll(code = 0): never {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  if (profile !== null) rmSync(profile, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const electron = electronBinary();
if (electron !== null) {
  process.stdout.write('VSO Workbench: desktop mode (Electron binary found).\n');
  const child = spawn(electron, [root, ...passThrough], { stdio: 'inherit', cwd: root });
  children.push(child);
  child.on('exit', (code) => stopAll(code ?? 0));
} else {
  const server = spawn(process.execPath, [join(root, 'bin', 'vso.js'), 'serve', ...passThrough], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: root,
  });
  children.push(server);
  server.on('exit', (code) => stopAll(code ?? 1));
  let buffer = '';
  server.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const newline = buffer.indexOf('\n');
    if (newline < 0 || children.length > 1) return;
    const { appUrl, url } = JSON.parse(buffer.slice(0, newline)) as { appUrl: string; url: string };
    const browser = findChromium();
    if (browser === null) {
      process.stdout.write(
        `VSO Workbench: browser mode (no Electron binary, no Chromium found). Open ${appUrl} (it works once).\n`,
      );
      return;
    }
    profile = mkdtempSync(join(tmpdir(), 'vso-app-profile-'));
    process.stdout.write(
      `VSO Workbench: browser mode at ${url} (the Electron binary is not installed here), in ${browser} app mode; the address opens only in that window. Ctrl-C stops it.\n`,
    );
    // The launch code in appUrl works once: Chromium trades it for a session cookie on first load.
    const window = spawn(browser, appWindowArgs({ appUrl, profile, root: process.getuid?.() === 0 }), {
      stdio: 'ignore',
    });
    children.push(window);
    window.on('exit', () => stopAll(0));
  });
}
