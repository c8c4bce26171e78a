// The keys a restore opens its files with, derived once per salt and before any file is
// touched, so that the slow part (PBKDF2) runs on Node's thread pool in the app and once, not
// once per connection: the backup, the workspace it replaces (its own salt, unless it is the
// workspace the backup was taken of) and the restored file (a copy of the backup: its salt).
import { assertOpenableShape } from './cipherDatabase.ts';
import { inspectFileShape } from './fileShape.ts';
import { copyKey, deriveKey, deriveKeySync, forgetKey, readSalt, type DerivedKey } from './workspaceKey.ts';

export interface RestoreKeys {
  backup: DerivedKey;
  /** The key of the workspace at the target; null when there is no encrypted file there. */
  target: DerivedKey | null;
}

type Derive = (passphrase: string, salt: Buffer) => DerivedKey | Promise<DerivedKey>;

/** The salts to derive for: the backup's, and the target's when it looks like a workspace. */
function salts(backupPath: string, targetPath: string): { backup: Buffer; target: Buffer | null } {
  // A missing or foreign backup is refused here, as its open would, before any derivation.
  assertOpenableShape(inspectFileShape(backupPath), backupPath);
  const shape = inspectFileShape(targetPath).kind;
  const encrypted = shape === 'encrypted' || shape === 'encrypted-odd-size';
  return { backup: readSalt(backupPath), target: encrypted ? readSalt(targetPath) : null };
}

async function derived(backupPath: string, targetPath: string, passphrase: string, derive: Derive) {
  const salt = salts(backupPath, targetPath);
  const backup = await derive(passphrase, salt.backup);
  if (salt.target === null) return { backup, target: null };
  if (salt.target.equals(salt.backup)) return { backup, target: copyKey(backup) };
  try {
    return { backup, target: await derive(passphrase, salt.target) };
  } catch (error) {
    forgetKey(backup);
    throw error;
  }
}

/** The restore's keys, derived on Node's thread pool: the calling thread stays free. */
export function deriveRestoreKeys(backupPath: string, targetPath: string, passphrase: string): Promise<RestoreKeys> {
  return derived(backupPath, targetPath, passphrase, deriveKey);
}

/** The same on the calling thread (tests of the store, which have nothing else to do meanwhile). */
export function deriveRestoreKeysSync(backupPath: string, targetPath: string, passphrase: string): RestoreKeys {
  const salt = salts(backupPath, targetPath);
  const backup = deriveKeySync(passphrase, salt.backup);
  if (salt.target === null) return { backup, target: null };
  return {
    backup,
    target: salt.target.equals(salt.backup) ? copyKey(backup) : deriveKeySync(passphrase, salt.target),
  };
}

export function forgetRestoreKeys(keys: RestoreKeys): void {
  forgetKey(keys.backup);
  if (keys.target !== null) forgetKey(keys.target);
}
