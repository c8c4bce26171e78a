// `npm run vso` runs the command line from its TypeScript source under tsx, and its workers (the
// store worker, the engine's query workers) start from source too. The other tests run the build
// and start workers from it, so this one keeps the source path working: the same query answered
// alike by the source and by the build.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PASSPHRASE, tempDir, victimsWorkspace } from '../store/storeTestKit.ts';
import { runVso } from '../../helpers/cli.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
let cleanup: () => void;
let file: string;
let spec: string;

beforeAll(() => {
  let dir: string;
  ({ dir, cleanup } = tempDir('vso-source-cli-'));
  file = join(dir, 'source.vsow');
  victimsWorkspace(file, 60, (i) => (i % 3 === 0 ? 0 : 1));
  spec = join(dir, 'spec.json');
  writeFileSync(spec, JSON.stringify({ cohort: 'victims', rows: ['sex'], cols: [] }));
});
afterAll(() => cleanup());

it('answers a query from the TypeScript source, workers included, as the build does', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, VSO_PASSPHRASE: PASSPHRASE };
  delete env['VSO_BUILT_WORKERS'];
  const source = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src-main/cli/run.ts', '--json', 'query', file, '--spec', spec],
    { cwd: ROOT, env, encoding: 'utf8', timeout: 170_000 },
  );
  expect(source.status, source.stderr).toBe(0);
  const built = runVso(['--json', 'query', file, '--spec', spec], { VSO_PASSPHRASE: PASSPHRASE });
  expect(built.code, built.stderr).toBe(0);
  // The same answer but for how long each took.
  const answer = (stdout: string) => {
    const { meta, ...rest } = JSON.parse(stdout) as { meta: Record<string, unknown>; total: number };
    return { ...rest, meta: { ...meta, elapsedMs: 0 } };
  };
  expect(answer(source.stdout).total).toBe(60);
  expect(answer(source.stdout)).toEqual(answer(built.stdout));
});
