// Which tables, by their fields, form a cycle (fieldCycles.ts), on hypergraphs whose answer is
// known by hand: a triangle of pairs is a cycle; a path, a star, a table and its margins, and a
// cube with its three faces are not.
import { describe, expect, it } from 'vitest';
import { cyclicCore } from '../../../src-main/app/publication/fieldCycles.ts';

const core = (...tables: string[]) => cyclicCore(tables.map((t) => new Set(t.split(''))));

describe('cyclicCore', () => {
  it('finds a triangle of two-way tables', () => {
    expect(core('AB', 'BC', 'AC')).toEqual([0, 1, 2]);
    expect(core('AC', 'AB', 'BC', 'D')).toEqual([0, 1, 2]);
  });

  it('finds a longer cycle, and only its tables', () => {
    expect(core('AB', 'BC', 'CD', 'DA', 'DE')).toEqual([0, 1, 2, 3]);
  });

  it('finds no cycle in a path, a star or tables that one table holds', () => {
    expect(core('AB', 'BC', 'CD')).toEqual([]);
    expect(core('AB', 'AC', 'AD')).toEqual([]);
    expect(core('ABC', 'AB', 'BC', 'AC')).toEqual([]);
    expect(core('AC', 'A', 'C', '')).toEqual([]);
  });

  it('finds no cycle in two tables that share two fields', () => {
    expect(core('ABC', 'BCD')).toEqual([]);
  });
});
