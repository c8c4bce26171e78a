// Which npm packages a run of the built `vso` loads, in any of its threads: the process runs
// with tests/helpers/moduleLoadLog.mjs preloaded, which lists every module file as it loads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliRun } from './cli.ts';
import { VSO_CLI } from './cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PRELOAD = resolve(import.meta.dirname, 'moduleLoadLog.mjs');

/** The package a module file belongs to (`@scope/name` or `name`), or null outside node_modules. */
export function packageOf(file: string): string | null {
  const parts = file.replaceAll('\\', '/').split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return null;
  const name = parts[at + 1] ?? '';
  return name.startsWith('@') ? `${name}/${parts[at + 2] ?? ''}` : name;
}

/** Runs `vso ARGS` with `env` on top of this process's environment; its result, and the module files and packages it loaded. */
export function runVsoListingPackages(
  args: readonly string[],
  env: Record<string, string>,
  timeout = 120_000,
): { run: CliRun; files: string[]; packages: Set<string> } {
  const dir = mkdtempSync(join(tmpdir(), 'vso-module-log-'));
  try {
    const log = join(dir, 'modules.log');
    const result = spawnSync(process.execPath, ['--import', PRELOAD, VSO_CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, VSO_MODULE_LOG: log },
      encoding: 'utf8',
      timeout,
    });
    const files = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const packages = new Set(files.map(packageOf).filter((name): name is string => name !== null));
    return { run: { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }, files, packages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
