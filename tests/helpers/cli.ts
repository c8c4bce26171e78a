// The `vso` command line run as a real process from the repository root, as a user runs it:
// the built CLI, which the test setup builds from the source first (tests/buildMain.ts).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** The built `vso` entry, as `bin/vso.js` runs it. */
export const VSO_CLI = resolve(ROOT, 'dist/main/cli.js');

/** Node's arguments to run `entry`: a TypeScript file (a test's own child) under tsx, built JavaScript as it is. */
export function nodeArgsFor(entry: string): string[] {
  return entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
}

export interface CliRun {
  /** The exit code, or -1 when the process was killed (a timeout). */
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `vso ARGS` with `env` on top of this process's environment. */
export function runVso(args: readonly string[], env: Record<string, string>, timeout = 60_000): CliRun {
  const result = spawnSync(process.execPath, [VSO_CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
