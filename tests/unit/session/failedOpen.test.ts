// A failed open or create leaves the open workspace open, through the real dispatcher on real
// files; and weak passphrases are refused with zxcvbn's reason, also those long enough.
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { apiUnderTest, type ApiUnderTest } from '../../helpers/apiUnderTest.ts';

const PASS = 'correct horse battery staple';
let world: ApiUnderTest;
let dir: string;
let api: Dispatcher;

beforeEach(() => {
  world = apiUnderTest('vso-failed-open-');
  dir = world.dir;
  api = world.dispatcher;
});
afterEach(() => world.close());

it('keeps the open workspace open when another fails to open or to be created', async () => {
  const other = join(dir, 'other.vsow');
  Workspace.create(other, PASS).close();
  const mine = join(dir, 'mine.vsow');
  await api.call('workspace.create', { path: mine, passphrase: PASS });

  await expect(
    api.call('workspace.open', { path: other, passphrase: 'not the passphrase at all' }),
  ).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  await expect(api.call('workspace.open', { path: join(dir, 'missing.vsow'), passphrase: PASS })).rejects.toMatchObject(
    {
      code: 'FILE_NOT_FOUND',
    },
  );
  await expect(
    api.call('workspace.create', { path: join(dir, 'new.vsow'), passphrase: ' '.repeat(12) }),
  ).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
  // The same file again with a wrong passphrase: still open, and still usable.
  await expect(
    api.call('workspace.open', { path: mine, passphrase: 'not the passphrase at all' }),
  ).rejects.toMatchObject({
    code: 'WRONG_PASSPHRASE',
  });
  const status = await api.call('workspace.status', {});
  expect(status).toMatchObject({ state: 'open', path: mine });
  expect((await api.call('audit.verify', {})).intact).toBe(true);

  // A right passphrase for the other file replaces it, and the first is free again.
  expect(await api.call('workspace.open', { path: other, passphrase: PASS })).toMatchObject({
    state: 'open',
    path: other,
  });
  Workspace.open(mine, PASS).close();
});

it('refuses long but guessable passphrases, saying why', async () => {
  const refusal = async (passphrase: string) => {
    try {
      await api.call('workspace.create', { path: join(dir, 'weak.vsow'), passphrase });
    } catch (error) {
      return error as { code: string; message: string };
    }
    throw new Error(`“${passphrase}” was accepted`);
  };
  expect(await refusal(' '.repeat(12))).toMatchObject({ code: 'WEAK_PASSPHRASE', message: /repeated/i });
  expect(await refusal('password1234')).toMatchObject({ code: 'WEAK_PASSPHRASE', message: /commonly used password/ });
  expect(await refusal('qwertyuiopasdf')).toMatchObject({ code: 'WEAK_PASSPHRASE' });
  expect(await refusal('short')).toMatchObject({ code: 'WEAK_PASSPHRASE', message: /at least 12 characters/ });
  // The file's own name does not make a passphrase.
  await expect(
    api.call('workspace.create', { path: join(dir, 'fenlandvictims2025.vsow'), passphrase: 'fenlandvictims2025' }),
  ).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
  expect((await api.call('workspace.status', {})).state).toBe('none');
});
