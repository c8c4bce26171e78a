// The main process judges a passphrase once per create or re-key, and must not keep zxcvbn's
// indexed dictionaries after: kept, they were ~20 MB of hash tables on its heap that every full
// collection traced again, during a 1M-row import too. Measured as the live heap after a full
// collection, beside the same judgement that keeps them (as the passphrase screen does), which
// shows the measure sees them.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { judgePassphrase } from '../../../shared/passphraseStrength.ts';
import { assertStrongPassphrase } from '../../../src-main/store/passphrasePolicy.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The live heap in MB after full collections. */
function liveHeapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

describe('the store’s passphrase check', () => {
  it('lets the indexed dictionaries go once it has judged', () => {
    const before = liveHeapMb();
    assertStrongPassphrase('correct horse battery staple 42!', ['team']);
    expect(() => assertStrongPassphrase('password12345', ['team'])).toThrow(/not strong enough/);
    const afterStore = liveHeapMb();
    // The same judgement keeping its dictionaries: what the store's check must not leave behind.
    expect(judgePassphrase('correct horse battery staple 42!').ok).toBe(true);
    const kept = liveHeapMb();
    expect(kept - afterStore).toBeGreaterThan(10);
    expect(afterStore - before).toBeLessThan((kept - afterStore) / 3);
  });
});
