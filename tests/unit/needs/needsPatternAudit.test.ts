// The audit over persons per answer pattern on a hand-made matrix of three needs (a, b, c),
// where twenty persons all have c, six have a, and two of those b. The pair a&b (2) is hidden;
// a&c prints 6 and c prints all twenty, so a is 6 and a&b is at most 6: below 2 plus the
// protection (5). The audit must hide a&c (the smallest printed piece over a&b's persons) and
// nothing more; with a's own table printed first (6), no hiding helps: a&b is refused, its
// reason naming that table.
import { describe, expect, it } from 'vitest';
import { auditNeedsPatterns } from '../../../src-main/disclosure/needsPatternAudit.ts';
import { aFirst, matrix, needs, piece } from './threeNeedsMatrix.ts';

describe('auditNeedsPatterns', () => {
  it('hides the smallest printed piece that bounds a hidden pair, and only that', async () => {
    const result = await auditNeedsPatterns({ needs, tables: matrix, threshold: 5, protection: 5 });
    expect(result).toEqual({ hidden: [2], refused: [], withheld: [], lostEarlier: [] });
  });

  it('leaves a matrix alone when nothing bounds its hidden pair', async () => {
    const loose = matrix.map((t) => (t.label === 'a&c' ? piece('a&c', ['a', 'c'], 6, false) : t));
    const result = await auditNeedsPatterns({ needs, tables: loose, threshold: 5, protection: 5 });
    expect(result).toEqual({ hidden: [], refused: [], withheld: [], lostEarlier: [] });
  });

  it('refuses a pair an earlier output gives away, naming it', async () => {
    const result = await auditNeedsPatterns({ needs, tables: [aFirst, ...matrix], threshold: 5, protection: 5 });
    expect(result.refused).toEqual([{ table: 2, because: ['‘a first’'] }]);
  });
});
