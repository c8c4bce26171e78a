// How many finest cells a release model over some tables holds: counted by hand on small cases
// (a field shown is cut into its categories, a field only filtered on into the blocks its
// filters tell apart).
import { describe, expect, it } from 'vitest';
import { type TableCut, finestCells } from '../../../src-main/app/publication/finestCells.ts';

const DOMAINS = { a: ['a1', 'a2', 'a3'], b: ['b1', 'b2', 'b3', 'b4'], c: ['c1', 'c2'] };

describe('finestCells', () => {
  it('cuts a shown field into its categories and a filtered one in two', () => {
    expect(finestCells([{ fields: ['a'], scope: { b: ['b2', 'b3', 'b4'] } }], DOMAINS)).toBe(3 * 2);
  });

  it('cuts a field filtered two ways into the blocks both tell apart', () => {
    // {b1}, {b2}, {b3, b4}
    const tables: TableCut[] = [
      { fields: ['a'], scope: { b: ['b2', 'b3', 'b4'] } },
      { fields: [], scope: { b: ['b1', 'b2'] } },
    ];
    expect(finestCells(tables, DOMAINS)).toBe(3 * 3);
  });

  it('counts every category of a field one table shows, whatever others filter', () => {
    const tables: TableCut[] = [
      { fields: ['b', 'c'], scope: {} },
      { fields: [], scope: { b: ['b1'], a: ['a1', 'a2'] } },
    ];
    expect(finestCells(tables, DOMAINS)).toBe(4 * 2 * 2);
  });

  it('counts a field of no known categories once, and no tables as one cell', () => {
    expect(finestCells([{ fields: ['age'], scope: {} }], DOMAINS)).toBe(1);
    expect(finestCells([], DOMAINS)).toBe(1);
  });
});
