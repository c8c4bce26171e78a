// Opens (or creates) one SQLCipher 4 database file under a passphrase, with the pragmas the
// workspace relies on, and turns SQLCipher's terse failures into typed errors.
//
// Choices, and why:
// - `cipher='sqlcipher'` with `legacy=4`: the exact SQLCipher 4 file format (PBKDF2-HMAC-SHA512,
//   256,000 rounds, AES-256-CBC, HMAC-SHA512 per page), so the file can also be opened by the
//   standard SQLCipher tools if this application is ever gone. SQLite3MultipleCiphers' own
//   default (`legacy=0`) leaves 8 header bytes in plaintext and is not readable by SQLCipher.
// - The passphrase goes through `db.key(Buffer)` (sqlite3_key_v2), never into SQL text, so no
//   quoting can go wrong; SQLCipher's own KDF derives the key; the buffer is zeroed afterwards.
//   A key derived beforehand (workspaceKey.ts: the same KDF, off the main thread) goes the same
//   way as SQLCipher's raw key form.
// - `journal_mode=WAL`: readers never block the writer (an engine worker or a backup can read
//   while an import commits) and a crash mid-write leaves only uncommitted frames, which
//   recovery ignores. SQLite3MultipleCiphers encrypts every WAL frame like a page; the -shm
//   index holds page numbers and checksums, no content. Re-keying needs rollback mode for a
//   moment (see `rekey`).
// - `temp_store=MEMORY` keeps sort and index scratch data out of temporary files;
//   `secure_delete=ON` overwrites deleted content; `foreign_keys=ON` keeps batches and persons whole.
import Database from 'better-sqlite3-multiple-ciphers';
import { chmodSync, closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { inspectFileShape, type FileShape } from './fileShape.ts';
import { assertStrongPassphrase } from './passphrasePolicy.ts';
import { sqliteCodeOf, toStoreError } from './storeErrors.ts';
import { passphraseBytes, rawKeyText, type DerivedKey } from './workspaceKey.ts';

export type CipherDatabase = Database.Database;

export interface CipherOpenOptions {
  /** Create a new file (refused with FILE_EXISTS when one is there) instead of opening one. */
  create?: boolean;
  readonly?: boolean;
  /** How long a statement waits for another connection's lock, in milliseconds. */
  busyTimeoutMs?: number;
}

/** A passphrase (SQLCipher derives the key), or a key derived from one with the file's salt. */
export type CipherSecret = string | DerivedKey;

export function openCipherDatabase(
  path: string,
  secret: CipherSecret,
  options: CipherOpenOptions = {},
): CipherDatabase {
  const name = basename(path);
  let shape: FileShape | undefined;
  if (options.create) {
    if (existsSync(path)) {
      throw new AppError('FILE_EXISTS', `${name} already exists. Choose another file name, or open it instead.`);
    }
    if (!existsSync(dirname(path))) {
      throw new AppError('FILE_NOT_FOUND', `The folder ${dirname(path)} does not exist. Choose a folder that exists.`);
    }
    if (typeof secret === 'string') assertStrongPassphrase(secret);
    createOwnerOnly(path, name);
  } else {
    shape = inspectFileShape(path);
    assertOpenableShape(shape, path);
  }

  // A file created here and not made a workspace is not left behind to refuse the next create.
  const undoCreate = (): void => {
    if (options.create) for (const side of ['', '-journal', '-wal', '-shm']) rmSync(`${path}${side}`, { force: true });
  };
  let db: CipherDatabase;
  try {
    db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: !options.create,
      timeout: options.busyTimeoutMs ?? 5000,
    });
  } catch (error) {
    undoCreate();
    throw error;
  }
  try {
    if (options.create) restrictToOwner(path);
    applyKey(db, secret);
    probeKey(db, path, shape);
    applyPragmas(db, options.readonly ?? false);
    return db;
  } catch (error) {
    db.close();
    undoCreate();
    throw error;
  }
}

/**
 * The new file, empty and owner-only, made here rather than by SQLite: SQLite creates it with
 * the process's default mode, and for the moment before `chmod` anyone could open it and
 * watch it grow. Exclusive, so a file that appeared since the check is never taken over.
 * SQLite gives the file's journal and WAL the file's own mode.
 */
function createOwnerOnly(path: string, name: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AppError('FILE_EXISTS', `${name} already exists. Choose another file name, or open it instead.`);
    }
    throw toStoreError(error, path);
  }
}

/** Owner read and write only: the file is encrypted, but its size and dates are nobody else's business. */
export function restrictToOwner(path: string): void {
  if (process.platform === 'win32') return; // NTFS permissions follow the user's profile folder
  chmodSync(path, 0o600);
}

/** Selects SQLCipher 4 and keys the connection; must run before the first read. */
export function applyKey(db: CipherDatabase, secret: CipherSecret): void {
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  const key = keyBytes(secret);
  try {
    const rc = db.key(key);
    if (rc !== 0) throw new AppError('INTERNAL', `SQLCipher refused the key (code ${rc}).`);
  } finally {
    key.fill(0);
  }
}

/**
 * Re-keys the open database: a rewrite of every page in one transaction. A key derived
 * beforehand (with a new salt) goes in SQLCipher's raw form, and the file then carries its
 * salt, so the passphrase still opens it in every SQLCipher tool. SQLite3MultipleCiphers
 * cannot re-key in WAL mode, so the file goes to rollback mode for the duration (which needs
 * this to be the only connection) and back to WAL afterwards.
 */
export function rekey(db: CipherDatabase, secret: CipherSecret): void {
  const key = keyBytes(secret);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const mode = db.pragma('journal_mode=DELETE', { simple: true });
    if (mode !== 'delete')
      throw new AppError(
        'WORKSPACE_IN_USE',
        'The passphrase cannot be changed while another connection reads the workspace.',
      );
    const rc = db.rekey(key);
    if (rc !== 0) throw new AppError('INTERNAL', `SQLCipher could not change the key (code ${rc}).`);
  } finally {
    key.fill(0);
    db.pragma('journal_mode=WAL');
  }
}

/** What SQLCipher is given: the passphrase's bytes, or a derived key in its raw form. Zero it after use. */
function keyBytes(secret: CipherSecret): Buffer {
  return typeof secret === 'string' ? passphraseBytes(secret) : rawKeyText(secret);
}

function applyPragmas(db: CipherDatabase, readonly: boolean): void {
  if (!readonly) db.pragma('journal_mode=WAL');
  db.pragma('temp_store=MEMORY');
  db.pragma('secure_delete=ON');
  db.pragma('foreign_keys=ON');
}

/** The first read is where SQLCipher checks the key (page 1's HMAC). */
function probeKey(db: CipherDatabase, path: string, shape: FileShape | undefined): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if (sqliteCodeOf(error) === 'SQLITE_NOTADB') throw notOpenable(path, shape);
    throw toStoreError(error, path);
  }
}

function notOpenable(path: string, shape: FileShape | undefined): AppError {
  const name = basename(path);
  if (shape?.kind === 'encrypted-odd-size') {
    return new AppError(
      'NOT_A_WORKSPACE',
      `${name} could not be opened: it is not a whole workspace file (it may have been cut short, or it is another kind of encrypted file), or the passphrase is wrong.`,
    );
  }
  // Random-looking and page-shaped: a workspace as far as anything can tell without the key.
  // Only a damaged first page would look the same, which is rare enough to mention last.
  return new AppError(
    'WRONG_PASSPHRASE',
    `The passphrase does not open ${name}. Check it (capitals, spaces) and try again. If you are certain it is right, the file may be damaged or not a VSO workspace.`,
  );
}

/** Throws the typed error for a file that is certainly not an openable workspace. */
export function assertOpenableShape(shape: FileShape, path: string): void {
  const name = basename(path);
  switch (shape.kind) {
    case 'missing':
      throw new AppError('FILE_NOT_FOUND', `There is no file ${path}. Check the path, or create a workspace there.`);
    case 'directory':
      throw new AppError('NOT_A_WORKSPACE', `${path} is a folder, not a workspace file.`);
    case 'empty':
      throw new AppError('NOT_A_WORKSPACE', `${name} is empty: it is not a VSO workspace.`);
    case 'plain-sqlite':
      throw new AppError(
        'NOT_A_WORKSPACE',
        `${name} is an unencrypted SQLite database, not a VSO workspace. Import its data into a workspace instead.`,
      );
    case 'other':
      throw new AppError('NOT_A_WORKSPACE', `${name} is not a VSO workspace file (it is not encrypted).`);
    case 'encrypted':
    case 'encrypted-odd-size':
      return;
  }
}

/** How long the connection waits for another connection's lock before SQLITE_BUSY. */
export function setBusyTimeout(db: CipherDatabase, ms: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(ms))}`);
}
