// When a workspace passphrase may be remembered, and how remembered passphrases are kept on
// disk. Pure: the decision depends only on the platform and what Electron's safeStorage
// reports, so every case (Linux without a keyring above all) is tested in plain Node.
// The file holds nothing but workspace path -> ciphertext (base64); the ciphertext is
// safeStorage's, whose key the operating system keeps (Keychain, DPAPI, libsecret/KWallet).
import { resolve } from 'node:path';
import { z } from 'zod';

export const KEY_STORE_FILE = 'remembered-passphrases.json';

export interface KeyStoreEnvironment {
  platform: NodeJS.Platform;
  /** safeStorage.isAsyncEncryptionAvailable(), after the app is ready. */
  encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux; ignored elsewhere. */
  linuxBackend?: string;
}

export type KeyStoreAvailability = { available: true; reason: null } | { available: false; reason: string };

export const PLAIN_TEXT_BACKEND_REASON =
  'Remembering passphrases is turned off on this computer: no keyring (such as GNOME Keyring or KWallet) is running, ' +
  'so the passphrase could only be stored under a fixed key that anyone who copies the file could undo. ' +
  'Type the passphrase when you open the workspace, or start a keyring and restart VSO Workbench.';
export const NOT_READY_REASON =
  'The key store is not ready yet. Try again in a moment; if this persists, type the passphrase instead.';
export const UNAVAILABLE_REASON =
  "The operating system's key store is not available to VSO Workbench, so the passphrase cannot be remembered safely. " +
  'Type the passphrase when you open the workspace.';

export function keyStoreAvailability(env: KeyStoreEnvironment): KeyStoreAvailability {
  if (env.platform === 'linux') {
    if (env.linuxBackend === 'basic_text') return { available: false, reason: PLAIN_TEXT_BACKEND_REASON };
    if (env.linuxBackend === undefined || env.linuxBackend === 'unknown')
      return { available: false, reason: NOT_READY_REASON };
  }
  if (!env.encryptionAvailable) return { available: false, reason: UNAVAILABLE_REASON };
  return { available: true, reason: null };
}

const Base64Schema = z
  .string()
  .min(4)
  .max(16_384)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/);
export const KeyStoreFileSchema = z
  .object({
    version: z.literal(1),
    /** Absolute workspace path -> safeStorage ciphertext, base64. */
    entries: z.record(z.string().min(1).max(4096), Base64Schema),
  })
  .strict();
export type KeyStoreFile = z.infer<typeof KeyStoreFileSchema>;

export function emptyKeyStoreFile(): KeyStoreFile {
  return { version: 1, entries: {} };
}

/** One key per workspace file, however its path was spelled. */
export function workspaceKey(workspacePath: string): string {
  return resolve(workspacePath);
}

/** Reads the file's text; anything unreadable or unexpected counts as empty (nothing remembered). */
export function parseKeyStoreFile(text: string | null): KeyStoreFile {
  if (text === null) return emptyKeyStoreFile();
  try {
    const parsed = KeyStoreFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : emptyKeyStoreFile();
  } catch {
    return emptyKeyStoreFile();
  }
}

export function serialiseKeyStoreFile(file: KeyStoreFile): string {
  return `${JSON.stringify(KeyStoreFileSchema.parse(file), null, 2)}\n`;
}
