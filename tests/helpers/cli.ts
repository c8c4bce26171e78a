// The `vso` command line run as a real process from the repository root, as a user runs it.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface CliRun {
  /** The exit code, or -1 when the process was killed (a timeout). */
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `vso ARGS` with `env` on top of this process's environment. */
export function runVso(args: readonly string[], env: Record<string, string>, timeout = 60_000): CliRun {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/cli/run.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
