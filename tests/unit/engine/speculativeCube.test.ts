// A speculative cube is counted in chunks: when no real work comes it equals the cube of one
// whole pass, and it is given up at the first look after real work arrives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fusedCountRecords } from '../../../src-main/engine/kernelCodegen.ts';
import { countUnlessDemanded } from '../../../src-main/engine/speculativeCube.ts';

describe('countUnlessDemanded', () => {
  it('counts the same cube as one pass, in any chunk size, when nothing is demanded', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 })), { maxLength: 300 }),
        fc.integer({ min: 1, max: 64 }),
        fc.nat(),
        (rows, chunk, cut) => {
          const a = Uint8Array.from(rows, (r) => r[0]);
          const b = Uint8Array.from(rows, (r) => r[1]);
          const allowed = Uint8Array.from([1, 0, 1, 1, 0]);
          const dims = [
            { codes: a, stride: 5 },
            { codes: b, stride: 1 },
          ];
          const filters = { masks: [{ codes: b, allowed }], dates: [], numbers: [] };
          const from = rows.length ? cut % rows.length : 0;
          const whole = fusedCountRecords(dims, 20, filters, from, rows.length);
          const chunked = countUnlessDemanded(dims, 20, filters, from, rows.length, () => false, chunk);
          expect(chunked).toEqual(whole);
        },
      ),
    );
  });

  it('gives up at the first look after real work is demanded', () => {
    const codes = new Uint8Array(1000).map((_, i) => i % 4);
    let looks = 0;
    const demandedAfterThree = (): boolean => ++looks > 3;
    const result = countUnlessDemanded(
      [{ codes, stride: 1 }],
      4,
      { masks: [], dates: [], numbers: [] },
      0,
      1000,
      demandedAfterThree,
      100,
    );
    expect(result).toBeNull();
    expect(looks).toBe(4);
  });
});
