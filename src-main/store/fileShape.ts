// Tells what a file on disk looks like before any key is tried, so that "not a workspace"
// and "wrong passphrase" can be told apart. SQLCipher answers SQLITE_NOTADB to both. A
// workspace is a SQLCipher 4 file: a random 16-byte salt, then pages encrypted with
// AES-256-CBC, so its first page is indistinguishable from random bytes and its size is a
// whole number of 4096-byte pages. A text file, a CSV, a plain SQLite file or an empty file
// never looks like that; only a random-looking file of the right size is truly ambiguous.
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export const WORKSPACE_PAGE_SIZE = 4096;
const PLAIN_SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** Random bytes carry about 7.95 bits per byte over 4096 bytes; text stays under 5. */
const MIN_ENCRYPTED_ENTROPY_BITS = 7.5;

export type FileShape =
  | { kind: 'missing' }
  | { kind: 'directory' }
  | { kind: 'empty' }
  | { kind: 'plain-sqlite' }
  /** Random-looking and a whole number of pages: a workspace, as far as can be told without the key. */
  | { kind: 'encrypted'; sizeBytes: number }
  /** Random-looking but not a whole number of pages: a cut-short workspace, or another encrypted file. */
  | { kind: 'encrypted-odd-size'; sizeBytes: number }
  | { kind: 'other'; sizeBytes: number };

export function inspectFileShape(path: string): FileShape {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { kind: 'directory' };
    size = stat.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  if (size === 0) return { kind: 'empty' };
  const head = readHead(path, WORKSPACE_PAGE_SIZE);
  if (head.length >= 16 && head.subarray(0, 16).equals(PLAIN_SQLITE_MAGIC)) return { kind: 'plain-sqlite' };
  if (head.length < WORKSPACE_PAGE_SIZE || entropyBitsPerByte(head) < MIN_ENCRYPTED_ENTROPY_BITS) {
    return { kind: 'other', sizeBytes: size };
  }
  if (size % WORKSPACE_PAGE_SIZE !== 0) return { kind: 'encrypted-odd-size', sizeBytes: size };
  return { kind: 'encrypted', sizeBytes: size };
}

/** Shannon entropy of the byte distribution, in bits per byte (0 to 8). */
export function entropyBitsPerByte(bytes: Uint8Array): number {
  const counts = new Uint32Array(256);
  for (const byte of bytes) counts[byte] = (counts[byte] ?? 0) + 1;
  let bits = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / bytes.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function readHead(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
