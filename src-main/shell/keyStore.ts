// Remembered workspace passphrases, encrypted with Electron's safeStorage (its asynchronous
// API) and kept in one small file in the user-data folder. Off by default: nothing is stored
// until the user asks, and never where keyStorePolicy.ts refuses (Linux's plain-text
// backend). safeStorage is passed in as an interface, so this runs in plain Node tests
// with a stand-in cipher; main.ts passes the real one.
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SafeStorage } from 'electron';
import { AppError } from '../../shared/errors.ts';
import type { KeyStatus } from '../../shared/contract/keys.ts';
import type { PassphraseVault } from '../ipc/platformServices.ts';
import {
  keyStoreAvailability,
  parseKeyStoreFile,
  serialiseKeyStoreFile,
  workspaceKey,
  type KeyStoreAvailability,
  type KeyStoreFile,
} from './keyStorePolicy.ts';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export interface KeyStoreOptions {
  /** The JSON file (userData/remembered-passphrases.json). */
  file: string;
  safeStorage: SafeStorageLike;
  platform?: NodeJS.Platform;
}

export function createKeyStore(
  options: KeyStoreOptions,
): PassphraseVault & { availability(): Promise<KeyStoreAvailability> } {
  const { file, safeStorage } = options;
  const platform = options.platform ?? process.platform;
  // Read-modify-write steps run one at a time, so two quick clicks cannot lose an entry.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(step: () => Promise<T>): Promise<T> {
    const next = queue.then(step, step);
    queue = next.catch(() => undefined);
    return next;
  }

  async function availability(): Promise<KeyStoreAvailability> {
    const encryptionAvailable = await safeStorage.isAsyncEncryptionAvailable().catch(() => false);
    return keyStoreAvailability({
      platform,
      encryptionAvailable,
      ...(platform === 'linux' ? { linuxBackend: safeStorage.getSelectedStorageBackend() } : {}),
    });
  }

  async function load(): Promise<KeyStoreFile> {
    return parseKeyStoreFile(await readFile(file, 'utf8').catch(() => null));
  }

  async function save(contents: KeyStoreFile): Promise<void> {
    if (Object.keys(contents.entries).length === 0) {
      await unlink(file).catch(() => undefined);
      return;
    }
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, serialiseKeyStoreFile(contents), { mode: 0o600 });
    await rename(temporary, file);
  }

  async function status(workspacePath: string): Promise<KeyStatus> {
    const [contents, allowed] = await Promise.all([load(), availability()]);
    return {
      remembered: workspaceKey(workspacePath) in contents.entries,
      available: allowed.available,
      reason: allowed.reason,
    };
  }

  return {
    availability,
    status,

    remember: (workspacePath, passphrase) =>
      serial(async () => {
        const allowed = await availability();
        if (!allowed.available) throw new AppError('FORBIDDEN', allowed.reason);
        const ciphertext = await safeStorage.encryptStringAsync(passphrase);
        const contents = await load();
        contents.entries[workspaceKey(workspacePath)] = ciphertext.toString('base64');
        await save(contents);
        return { remembered: true, available: true, reason: null };
      }),

    recall: (workspacePath) =>
      serial(async () => {
        const key = workspaceKey(workspacePath);
        const contents = await load();
        const stored = contents.entries[key];
        if (stored === undefined || !(await availability()).available) return null;
        try {
          const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'));
          if (shouldReEncrypt) {
            contents.entries[key] = (await safeStorage.encryptStringAsync(result)).toString('base64');
            await save(contents);
          }
          return result;
        } catch {
          // The OS key changed (another user, a reinstalled keyring): the entry is useless now.
          delete contents.entries[key];
          await save(contents);
          return null;
        }
      }),

    forget: (workspacePath) =>
      serial(async () => {
        const contents = await load();
        const keys = workspacePath === undefined ? Object.keys(contents.entries) : [workspaceKey(workspacePath)];
        let forgotten = 0;
        for (const key of keys) {
          if (key in contents.entries) {
            delete contents.entries[key];
            forgotten += 1;
          }
        }
        await save(contents);
        return forgotten;
      }),
  };
}
