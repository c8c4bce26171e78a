// `vso query … | head -c 10`: the reader closes the pipe before the command writes its answer.
// The command ends quietly: exit 0, nothing on stderr (no EPIPE, no stack trace). The reader's
// end is closed before the command can write anything, so the write always meets a closed pipe.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PASSPHRASE, tempDir, victimsWorkspace } from '../store/storeTestKit.ts';
import { runVso, VSO_CLI } from '../../helpers/cli.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
let dir: string;
let cleanup: () => void;
let file: string;
let spec: string;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('vso-pipe-'));
  file = join(dir, 'pipe.vsow');
  victimsWorkspace(file, 50, (i) => i % 2);
  spec = join(dir, 'spec.json');
  writeFileSync(spec, JSON.stringify({ cohort: 'victims', rows: ['sex'], cols: [] }));
});
afterAll(() => cleanup());

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, [VSO_CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, VSO_PASSPHRASE: PASSPHRASE, VSO_LOG_DIR: join(dir, 'logs') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (code, signal) => done({ code, signal, stderr })));
}

it('answers in full when read in full', () => {
  const run = runVso(['query', file, '--spec', spec], { VSO_PASSPHRASE: PASSPHRASE });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout.length).toBeGreaterThan(10);
});

it('ends quietly when its output pipe is closed', async () => {
  const run = await runWithClosedStdout(['query', file, '--spec', spec]);
  expect(run.stderr).toBe('');
  expect(run).toMatchObject({ code: 0, signal: null });
});
