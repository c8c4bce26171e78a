// A child process run under tsx and sent a signal at a progress line it printed (`--progress`),
// so the signal lands at that step of its work, not after a guessed delay.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { nodeArgsFor } from './cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface Interrupted {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The progress line at which the signal was sent, or null when none came. */
  at: string | null;
}

/**
 * Runs `entry ARGS` (the `vso` entry, or a test's own) and sends `signal` at the first progress line
 * `partWay` accepts; with no `partWay`, lets it run to the end.
 */
export function runUntil(
  entry: string,
  args: readonly string[],
  env: Record<string, string>,
  signal: NodeJS.Signals,
  partWay?: (line: string) => boolean,
): Promise<Interrupted> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...nodeArgsFor(entry), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    let at: string | null = null;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (at !== null || partWay === undefined) return;
      const line = stderr.split('\n').find((l) => l.startsWith('progress: ') && partWay(l));
      if (line === undefined) return;
      at = line;
      child.kill(signal);
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, at }));
  });
}

/** A progress line of `phase` with some done and not all. */
export const partWayThrough =
  (phase: string) =>
  (line: string): boolean => {
    const m = new RegExp(`^progress: ${phase} (\\d+) of (\\d+)$`).exec(line.trim());
    return m !== null && Number(m[1]) > 0 && Number(m[1]) < Number(m[2]);
  };

/** The progress line that starts the step `phase`, whatever its count. */
export const atStep =
  (phase: string) =>
  (line: string): boolean =>
    line.startsWith(`progress: ${phase} `);
