// The keyed hash of a source line that a dataset keeps (store/lineHashes.ts), to find lines a
// new file shares with what the dataset already holds. A line's bytes are hashed fast to 52
// bits (rowHash.ts, as for lines repeated within a file), then that number is enciphered with
// AES-256 under a key drawn from the workspace's secret and the dataset's name (HKDF): the
// stored value cannot be checked against a guessed line without the secret, so it is no
// dictionary of the plaintext, and the same line in two datasets has two unrelated hashes. A
// batch of lines costs one cipher call, not an HMAC per line.
import { createCipheriv, hkdfSync } from 'node:crypto';

/** The key of a dataset's line hashes (32 bytes), from the workspace secret. */
export function lineHashKey(secret: Uint8Array, dataset: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), `vso line hash\u0000${dataset}`, 32));
}

/** The keyed hashes of `count` 52-bit line hashes: each an integer below 2^52. */
export function keyedLineHashes(key: Uint8Array, hashes: ArrayLike<number>, count = hashes.length): Float64Array {
  const out = new Float64Array(count);
  if (count === 0) return out;
  // One 16-byte block a hash (words in the platform's order, little-endian wherever this runs).
  const blocks = new Uint32Array(count * 4);
  for (let i = 0; i < count; i++) {
    const h = hashes[i] as number;
    blocks[4 * i] = h % 0x100000000;
    blocks[4 * i + 1] = h / 0x100000000;
  }
  // ECB is right here: each block is one independent 52-bit value, enciphered as a block.
  const cipher = createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  const sealed = new Uint32Array(new Uint8Array(cipher.update(new Uint8Array(blocks.buffer))).buffer);
  cipher.final();
  for (let i = 0; i < count; i++)
    out[i] = (sealed[4 * i] as number) * 0x100000 + ((sealed[4 * i + 1] as number) & 0xfffff);
  return out;
}
