// The main process judges a passphrase once per create or re-key, and must not keep zxcvbn's
// word lists after: imported as modules they stayed for the life of the process, ~12 MB of
// strings (a third of the main heap) that every full collection marked and compacted again,
// during a 1M-row import too. Measured as the live heap after a full collection, beside the same
// lists imported as modules, which shows the measure sees them; and as the module cache itself.
// This file imports nothing that loads the lists before the check.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { assertStrongPassphrase } from '../../../src-main/store/passphrasePolicy.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The live heap in MB after full collections, in a later task: a job keeps its WeakRefs' targets. */
async function heapOnceMb(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

/**
 * The live heap once it stops falling: in a full run the worker still lets go of earlier files'
 * garbage over the next tasks (25 MB once, between two measures here), which a single measure
 * counted as the check's own.
 */
async function liveHeapMb(): Promise<number> {
  let last = await heapOnceMb();
  for (let tries = 0; tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = await heapOnceMb();
    if (Math.abs(now - last) < 0.5) return now;
    last = now;
  }
  return last;
}

const wordListModules = (): string[] =>
  Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes('@zxcvbn-ts/language-'));

describe('the store’s passphrase check', () => {
  it('lets the word lists go once it has judged', async () => {
    const before = await liveHeapMb();
    assertStrongPassphrase('correct horse battery staple 42!', ['team']);
    expect(() => assertStrongPassphrase('password12345', ['team'])).toThrow(/not strong enough/);
    expect(wordListModules()).toEqual([]);
    const afterStore = await liveHeapMb();
    // The same lists imported as modules: what the store's check must not leave behind.
    const imported = await Promise.all([import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
    expect(Object.keys(imported[0].dictionary).length).toBeGreaterThan(0);
    const kept = await liveHeapMb();
    expect(kept - afterStore).toBeGreaterThan(8);
    expect(afterStore - before).toBeLessThan((kept - afterStore) / 4);
  });
});
