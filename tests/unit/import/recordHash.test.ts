// Repeated lines are found on the record as the file wrote it: a line repeats exactly when a
// second reading (its cells joined into a key) has met it before, whatever its cells hold or
// where their boundaries fall.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchOfRows } from '../../../src-main/import/recordBatch.ts';
import { RowHashSet } from '../../../src-main/import/rowHash.ts';

describe('RowHashSet.addRecord', () => {
  it('tells a line seen before exactly as a set of the lines would', () => {
    const cell = fc.oneof(fc.constantFrom('', 'a', 'ab', 'b', 'c', 'bc', 'Male', 'x y'), fc.string({ maxLength: 9 }));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 60 }), (rows) => {
        // Lines drawn from a small pool, so that many repeat.
        const lines = rows.concat(rows.slice(0, rows.length >> 1));
        const batch = batchOfRows(lines.map((cells, i) => ({ cells, line: i + 2 })));
        const set = new RowHashSet();
        const seen = new Set<string>();
        for (let r = 0; r < batch.count; r++) {
          const key = JSON.stringify(lines[r]);
          expect(set.addRecord(batch, r)).toBe(!seen.has(key));
          seen.add(key);
        }
      }),
    );
  });

  it('keeps cells apart where the bytes run on: "ab","c" is not "a","bc"', () => {
    const batch = batchOfRows([
      { cells: ['ab', 'c'], line: 2 },
      { cells: ['a', 'bc'], line: 3 },
      { cells: ['abc'], line: 4 },
      { cells: ['ab', 'c'], line: 5 },
    ]);
    const set = new RowHashSet();
    expect([0, 1, 2, 3].map((r) => set.addRecord(batch, r))).toEqual([true, true, true, false]);
  });
});
