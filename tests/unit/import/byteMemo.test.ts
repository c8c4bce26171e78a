// The byte-keyed memo against a Map of strings: any keys (UTF-8, empty, of every length, at
// any offset of any buffer) get the value computed from their text, computed once per
// distinct key while the memo has room and every time once it is full.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteCodeMemo, ByteMemo, hashBytes } from '../../../src-main/import/byteMemo.ts';

describe('ByteMemo', () => {
  it('answers as the function of the text, computing it once per distinct key', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 23 }), fc.nat(7)), { maxLength: 400 }),
        fc.integer({ min: 1, max: 60 }),
        (keys, limit) => {
          const computed = new Map<string, number>();
          const memo = new ByteMemo((text) => {
            computed.set(text, (computed.get(text) ?? 0) + 1);
            return `${text}|${text.length}`;
          }, limit);
          const distinct = new Set<string>();
          for (const [key, pad] of keys) {
            // The key at an odd place inside a larger buffer, with other bytes around it.
            const bytes = Buffer.concat([Buffer.alloc(pad, 0x41), Buffer.from(key, 'utf8'), Buffer.alloc(3, 0x42)]);
            const text = bytes.toString('utf8', pad, bytes.length - 3);
            expect(memo.get(bytes, pad, bytes.length - 3)).toBe(`${text}|${text.length}`);
            distinct.add(text);
          }
          expect(memo.size).toBe(Math.min(limit, distinct.size));
          // Within the limit, each distinct key was computed once.
          if (distinct.size <= limit) for (const count of computed.values()) expect(count).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps its keys when room is reserved for more', () => {
    let computed = 0;
    const memo = new ByteCodeMemo((text) => {
      computed++;
      return Number(text) * 3;
    });
    const key = (i: number): Buffer => Buffer.from(String(i));
    for (let i = 0; i < 3000; i++) expect(memo.get(key(i), 0, key(i).length)).toBe(i * 3);
    memo.reserve(100_000);
    for (let i = 0; i < 3000; i++) expect(memo.get(key(i), 0, key(i).length)).toBe(i * 3);
    expect(computed).toBe(3000);
    expect(memo.size).toBe(3000);
  });

  it('keeps keys apart down to the last byte when they share a hash, a length and a first word', () => {
    // Keys of one length and one first word, searched for pairs with the same 32-bit hash: only
    // the comparison of every byte keeps such a pair apart.
    const key = (i: number): Buffer => Buffer.from(`PREFIX${i.toString(36).padStart(8, '0')}`, 'latin1');
    const byHash = new Map<number, number>();
    const pairs: Array<[number, number]> = [];
    for (let i = 0; pairs.length < 3; i++) {
      const bytes = key(i);
      const h = hashBytes(new DataView(bytes.buffer, bytes.byteOffset, bytes.length), bytes, 0, bytes.length);
      const twin = byHash.get(h);
      if (twin !== undefined) pairs.push([twin, i]);
      else byHash.set(h, i);
    }
    const memo = new ByteMemo((text) => text);
    for (const [a, b] of pairs) {
      for (const i of [a, b, a, b]) expect(memo.get(key(i), 0, key(i).length)).toBe(key(i).toString('latin1'));
    }
    expect(memo.size).toBe(6);
    expect(memo.empty()).toBe('');
  });
});
