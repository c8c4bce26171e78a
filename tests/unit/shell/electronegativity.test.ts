// The automated security scan of the Electron shell: @doyensec/electronegativity over
// src-main/shell (main process and preload), through its programmatic API (its CLI breaks on
// the newer `commander` hoisted here). Every finding must be justified in
// build/electronegativity-allowlist.json, and every entry there must still be needed.
// It scans offline (it warns it cannot fetch Electron's release list) in about 6 s.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  sample?: string;
}
interface ScanResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Issue[];
}
type Runner = (options: {
  input: string;
  isRelative: boolean;
  electronVersionOverride?: string;
}) => Promise<ScanResult>;

const require = createRequire(import.meta.url);
const electronegativity = require('@doyensec/electronegativity/dist/runner.js') as Runner;
const electronVersion = (JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string })
  .version;
const allowList = JSON.parse(readFileSync('build/electronegativity-allowlist.json', 'utf8')) as {
  allow: { check: string; file: string; reason: string }[];
};

async function scan(input: string): Promise<ScanResult> {
  return electronegativity({ input: resolve(input), isRelative: true, electronVersionOverride: electronVersion });
}

let shell: ScanResult;
beforeAll(async () => {
  shell = await scan('src-main/shell');
}, 120_000);

describe('electronegativity scan of src-main/shell', () => {
  it('ran its checks over every source file without a parse error', () => {
    expect(shell.atomicChecks + shell.globalChecks).toBeGreaterThan(30);
    expect(shell.errors).toEqual([]);
  });

  it('has no finding that is not justified in the allow-list', () => {
    const unexplained = shell.issues.filter(
      (issue) => !allowList.allow.some((a) => a.check === issue.id && a.file === issue.file),
    );
    expect(unexplained.map((i) => `${i.id} ${i.file}:${i.location.line} ${i.sample ?? ''}`)).toEqual([]);
  });

  it('has no stale allow-list entry, and a real reason for each', () => {
    for (const entry of allowList.allow) {
      expect(
        shell.issues.some((i) => i.id === entry.check && i.file === entry.file),
        `${entry.check} in ${entry.file}`,
      ).toBe(true);
      expect(entry.reason.length).toBeGreaterThan(80);
    }
  });
});

describe('the scanner catches an insecure shell here (the scan can fail)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vso-insecure-shell-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports no isolation, no sandbox, insecure content, remote loads, open navigation and permissions', async () => {
    writeFileSync(
      join(dir, 'main.ts'),
      [
        "import { BrowserWindow, shell } from 'electron';",
        'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false, allowRunningInsecureContent: true } });',
        "win.loadURL('http://example.org/');",
        'export function open(url: string): void { void shell.openExternal(url); }',
      ].join('\n'),
    );
    const ids = new Set((await scan(dir)).issues.map((i) => i.id));
    for (const id of [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'WEB_SECURITY_JS_CHECK',
      'INSECURE_CONTENT_JS_CHECK',
      'HTTP_RESOURCES_JS_CHECK',
      'OPEN_EXTERNAL_JS_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
    ]) {
      expect(ids, id).toContain(id);
    }
  }, 120_000);
});

describe('source rules the scanner does not cover', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  const mainSources = sources('src-main').map((file) => ({ file, text: readFileSync(file, 'utf8') }));

  it('never calls shell.openExternal, loads file:// or enables remote content anywhere in main', () => {
    for (const { file, text } of mainSources) {
      expect(text, file).not.toMatch(/openExternal\s*\(/);
      expect(text, file).not.toMatch(/\.loadFile\s*\(|loadURL\(\s*['"`]file:/);
      expect(text, file).not.toMatch(
        /nodeIntegration\s*:\s*true|contextIsolation\s*:\s*false|sandbox\s*:\s*false|webSecurity\s*:\s*false/,
      );
    }
  });

  it('imports electron at run time only inside src-main/shell', () => {
    for (const { file, text } of mainSources) {
      if (file.startsWith(join('src-main', 'shell'))) continue;
      expect(text, file).not.toMatch(/^import\s+(?!type\b)[^;]*from\s+['"]electron['"]/m);
    }
  });

  it('the preload exposes one object with send and onMessage, and nothing else', () => {
    const preload = readFileSync(join('src-main', 'shell', 'preload.ts'), 'utf8');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toMatch(/exposeInMainWorld\('vsoIpc', bridge\)/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\b/);
  });
});
