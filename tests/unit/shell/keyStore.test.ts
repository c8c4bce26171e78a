// Remembered passphrases: the policy (refused on Linux's plain-text backend, with the reason)
// and the store (off by default, only path -> ciphertext on disk, forget in one call), over
// real files with a stand-in for safeStorage's cipher.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors.ts';
import { createKeyStore, type SafeStorageLike } from '../../../src-main/shell/keyStore.ts';
import {
  keyStoreAvailability,
  KeyStoreFileSchema,
  NOT_READY_REASON,
  parseKeyStoreFile,
  PLAIN_TEXT_BACKEND_REASON,
  UNAVAILABLE_REASON,
} from '../../../src-main/shell/keyStorePolicy.ts';

describe('keyStoreAvailability', () => {
  it('refuses Linux’s plain-text backend with an explanation', () => {
    const decision = keyStoreAvailability({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' });
    expect(decision).toEqual({ available: false, reason: PLAIN_TEXT_BACKEND_REASON });
    expect(PLAIN_TEXT_BACKEND_REASON).toMatch(/keyring/);
  });

  it('allows a real keyring on Linux, and the OS stores elsewhere', () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) {
      expect(
        keyStoreAvailability({ platform: 'linux', encryptionAvailable: true, linuxBackend: backend }).available,
        backend,
      ).toBe(true);
    }
    expect(keyStoreAvailability({ platform: 'darwin', encryptionAvailable: true }).available).toBe(true);
    expect(keyStoreAvailability({ platform: 'win32', encryptionAvailable: true }).available).toBe(true);
  });

  it('refuses when encryption is unavailable or the backend is not known yet', () => {
    expect(keyStoreAvailability({ platform: 'win32', encryptionAvailable: false })).toEqual({
      available: false,
      reason: UNAVAILABLE_REASON,
    });
    expect(keyStoreAvailability({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'unknown' })).toEqual({
      available: false,
      reason: NOT_READY_REASON,
    });
  });
});

describe('the key store file format', () => {
  it('accepts only version 1 with path -> base64 entries', () => {
    expect(KeyStoreFileSchema.safeParse({ version: 1, entries: { '/w/a.vsow': 'AAAA' } }).success).toBe(true);
    expect(KeyStoreFileSchema.safeParse({ version: 1, entries: { '/w/a.vsow': 'plain passphrase' } }).success).toBe(
      false,
    );
    expect(KeyStoreFileSchema.safeParse({ version: 1, entries: {}, passphrase: 'x' }).success).toBe(false);
    expect(parseKeyStoreFile('not json').entries).toEqual({});
    expect(parseKeyStoreFile(null).entries).toEqual({});
  });
});

/** A stand-in cipher: reversible, and never leaves the plain text in its output. */
function fakeSafeStorage(
  backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']> = 'gnome_libsecret',
  available = true,
): SafeStorageLike & { calls: string[] } {
  const xor = (bytes: Buffer): Buffer => Buffer.from(bytes.map((b) => b ^ 0x5a));
  const calls: string[] = [];
  return {
    calls,
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (plain) => {
      calls.push('encrypt');
      return Buffer.concat([Buffer.from('v11'), xor(Buffer.from(plain, 'utf8'))]);
    },
    decryptStringAsync: async (cipher) => {
      calls.push('decrypt');
      if (!cipher.subarray(0, 3).equals(Buffer.from('v11'))) throw new Error('Error while decrypting the ciphertext');
      return { result: xor(cipher.subarray(3)).toString('utf8'), shouldReEncrypt: false };
    },
  };
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vso-keystore-'));
  file = join(dir, 'remembered-passphrases.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('createKeyStore', () => {
  it('remembers nothing by default', async () => {
    const store = createKeyStore({ file, safeStorage: fakeSafeStorage(), platform: 'linux' });
    expect(await store.status('/w/a.vsow')).toEqual({ remembered: false, available: true, reason: null });
    expect(await store.recall('/w/a.vsow')).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('stores only path -> ciphertext, readable only by the user, and gives the passphrase back', async () => {
    const store = createKeyStore({ file, safeStorage: fakeSafeStorage(), platform: 'linux' });
    await store.remember('/w/a.vsow', 'correct horse battery staple');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('correct horse');
    const parsed = KeyStoreFileSchema.parse(JSON.parse(text));
    expect(Object.keys(parsed.entries)).toEqual(['/w/a.vsow']);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(await store.status('/w/../w/a.vsow')).toMatchObject({ remembered: true });
    expect(await store.recall('/w/a.vsow')).toBe('correct horse battery staple');
  });

  it('refuses to remember on the plain-text backend and writes nothing', async () => {
    const storage = fakeSafeStorage('basic_text');
    const store = createKeyStore({ file, safeStorage: storage, platform: 'linux' });
    const error = await store.remember('/w/a.vsow', 'secret').catch((e: unknown) => e);
    expect(isAppError(error) && error.code === 'FORBIDDEN' && error.message === PLAIN_TEXT_BACKEND_REASON).toBe(true);
    expect(storage.calls).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect(await store.status('/w/a.vsow')).toEqual({
      remembered: false,
      available: false,
      reason: PLAIN_TEXT_BACKEND_REASON,
    });
  });

  it('forgets one workspace, or all of them in one call; the file goes when empty', async () => {
    const store = createKeyStore({ file, safeStorage: fakeSafeStorage(), platform: 'darwin' });
    await Promise.all([
      store.remember('/w/a.vsow', 'one'),
      store.remember('/w/b.vsow', 'two'),
      store.remember('/w/c.vsow', 'three'),
    ]);
    expect(Object.keys(parseKeyStoreFile(readFileSync(file, 'utf8')).entries).sort()).toEqual([
      '/w/a.vsow',
      '/w/b.vsow',
      '/w/c.vsow',
    ]);
    expect(await store.forget('/w/a.vsow')).toBe(1);
    expect(await store.recall('/w/a.vsow')).toBeNull();
    expect(await store.recall('/w/b.vsow')).toBe('two');
    expect(await store.forget()).toBe(2);
    expect(existsSync(file)).toBe(false);
    expect(await store.forget()).toBe(0);
  });

  it('drops an entry the OS can no longer decrypt', async () => {
    writeFileSync(
      file,
      JSON.stringify({ version: 1, entries: { '/w/a.vsow': Buffer.from('v10garbage').toString('base64') } }),
    );
    const store = createKeyStore({ file, safeStorage: fakeSafeStorage(), platform: 'win32' });
    expect(await store.recall('/w/a.vsow')).toBeNull();
    expect(await store.status('/w/a.vsow')).toMatchObject({ remembered: false });
  });
});
