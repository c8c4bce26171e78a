// `vso workspace create` with a weak passphrase: refused (exit 1) with the reason on one line,
// and no file left behind.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runVso } from '../../helpers/cli.ts';
import { tempDir } from './storeTestKit.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('vso-passphrase-cli-')));
afterAll(() => cleanup());

it('refuses a long but guessable passphrase, saying why', () => {
  const file = join(dir, 'weak.vsow');
  const run = runVso(['workspace', 'create', file], { VSO_PASSPHRASE: 'password1234' });
  expect(run.code).toBe(1);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(
    /^vso: The passphrase is not strong enough: it is too easy to guess \(.*commonly used password\)/,
  );
  expect(existsSync(file)).toBe(false);
});
