// The workspace key derived here rather than inside SQLCipher, so that the slow part (PBKDF2,
// 256,000 rounds: a tenth of a second or more) can run off the main thread (Node's `pbkdf2`
// runs on its thread pool) and so that a store worker can open its own connection with the
// derived key instead of the passphrase. The derivation is SQLCipher 4's own: PBKDF2-HMAC-SHA512
// of the NFC passphrase over the 16-byte salt at the start of the file, 32 bytes; SQLCipher takes
// it as a raw key (`x'…'`), so the file stays readable by the passphrase in every SQLCipher tool.
import { pbkdf2, pbkdf2Sync, randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { unlessAborted } from '../../shared/unlessAborted.ts';

/** SQLCipher 4's defaults (`legacy=4`). */
const KDF_ROUNDS = 256_000;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

/** A derived key and the salt it was derived with: what a connection needs instead of the passphrase. */
export interface DerivedKey {
  key: Buffer;
  salt: Buffer;
}

/** NFC, so that the same passphrase typed on different systems gives the same bytes. */
export function passphraseBytes(passphrase: string): Buffer {
  return Buffer.from(passphrase.normalize('NFC'), 'utf8');
}

/** The salt SQLCipher keeps in the first 16 bytes of the file. */
export function readSalt(path: string): Buffer {
  const salt = Buffer.alloc(SALT_BYTES);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, salt, 0, SALT_BYTES, 0) !== SALT_BYTES)
      throw new AppError('NOT_A_WORKSPACE', `${basename(path)} is too short to be a VSO workspace.`);
  } finally {
    closeSync(fd);
  }
  return salt;
}

export function newSalt(): Buffer {
  return randomBytes(SALT_BYTES);
}

/** Derives the key on Node's thread pool: the calling thread stays free. */
export function deriveKey(passphrase: string, salt: Buffer): Promise<DerivedKey> {
  const bytes = passphraseBytes(passphrase);
  return new Promise((resolve, reject) => {
    pbkdf2(bytes, salt, KDF_ROUNDS, KEY_BYTES, 'sha512', (error, key) => {
      bytes.fill(0);
      if (error) reject(error);
      else resolve({ key, salt: Buffer.from(salt) });
    });
  });
}

/**
 * As `deriveKey`, but a cancel is answered at once: the thread pool cannot stop a derivation
 * midway, so its key, when it comes, is zeroed unused.
 */
export function deriveKeyUnlessAborted(passphrase: string, salt: Buffer, signal?: AbortSignal): Promise<DerivedKey> {
  signal?.throwIfAborted();
  const deriving = deriveKey(passphrase, salt);
  // A key that comes after the cancel was answered goes to nobody: zeroed as it arrives. (Its
  // failure is the answer's, reported there.)
  if (signal !== undefined) {
    void deriving.then(
      (secret) => {
        if (signal.aborted) forgetKey(secret);
      },
      () => undefined,
    );
  }
  return unlessAborted(deriving, signal);
}

/** The same on the calling thread (the command line, which has nothing else to do meanwhile). */
export function deriveKeySync(passphrase: string, salt: Buffer): DerivedKey {
  const bytes = passphraseBytes(passphrase);
  try {
    return { key: pbkdf2Sync(bytes, salt, KDF_ROUNDS, KEY_BYTES, 'sha512'), salt: Buffer.from(salt) };
  } finally {
    bytes.fill(0);
  }
}

/** SQLCipher's raw key form, key and salt in hex: `x'<64 hex><32 hex>'`. Zero it after use. */
export function rawKeyText(secret: DerivedKey): Buffer {
  return Buffer.from(`x'${secret.key.toString('hex')}${secret.salt.toString('hex')}'`, 'latin1');
}

/** A copy in buffers of its own (not slices of Node's shared pool, which a clone would carry whole). */
export function copyKey(secret: DerivedKey): DerivedKey {
  return { key: ownCopy(secret.key), salt: ownCopy(secret.salt) };
}

/** A key that crossed to another thread arrives as plain Uint8Arrays: Buffers again, over the same bytes. */
export function keyFromClone(cloned: { key: Uint8Array; salt: Uint8Array }): DerivedKey {
  const view = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { key: view(cloned.key), salt: view(cloned.salt) };
}

function ownCopy(bytes: Uint8Array): Buffer {
  const copy = Buffer.alloc(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

export function forgetKey(secret: DerivedKey): void {
  secret.key.fill(0);
  secret.salt.fill(0);
}
