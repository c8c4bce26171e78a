// A child process run under tsx and killed with SIGKILL as soon as its output names a point
// (a step it reached), so a crash lands at that point, not after a guessed delay.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { nodeArgsFor } from './cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface Killed {
  /** Whether the child printed the marker before it ended by itself. */
  reached: boolean;
  /** The signal it ended by (SIGKILL when killed here). */
  signal: NodeJS.Signals | null;
  stderr: string;
}

export async function killWhenPrinted(script: string, env: Record<string, string>, marker: string): Promise<Killed> {
  const child = spawn(process.execPath, nodeArgsFor(script), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
  const reached = await new Promise<boolean>((done) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(marker)) done(true);
    });
    child.on('exit', () => done(false));
  });
  if (reached) child.kill('SIGKILL');
  return { reached, signal: await exited, stderr };
}
