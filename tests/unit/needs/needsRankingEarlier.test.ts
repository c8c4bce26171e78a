// The combinations' ranking is read from a category list that no output of the release may have
// printed. Read into the program over the earlier outputs alone, it judged a hidden earlier count
// that only the ranking narrows as given away before the matrix, and the count was never
// protected again: a piece that pins it for an intruder who never saw the ranking was printed.
// Here drugs alone (4) outranks both needs (2), which the ranking holds to 3 or fewer; the
// earlier outputs alone leave it up to 5, and the piece's alcohol alone (3) pins it at 5 - 3.
import { describe, expect, it } from 'vitest';
import { auditNeedsPatterns, type AuditedTable } from '../../../src-main/disclosure/needsPatternAudit.ts';

const NEEDS = ['drugs', 'alcohol'].map((field) => ({ field, categories: ['No', 'Yes'] }));
const RANKING = {
  from: [
    { field: 'drugs', label: 'Drugs' },
    { field: 'alcohol', label: 'Alcohol' },
  ],
  categories: ['Drugs', 'Other combinations', 'No needs'],
};

// 14 persons: none 5, drugs alone 4, alcohol alone 3, both 2.
const tables: AuditedTable[] = [
  {
    label: '‘Offenders by need’',
    scope: {},
    piece: false,
    cells: [
      { key: {}, value: 14, shown: 14 },
      { key: { drugs: 'Yes' }, value: 6, shown: 6 },
      { key: { alcohol: 'Yes' }, value: 5, shown: 5 },
      { key: { drugs: 'Yes', alcohol: 'Yes' }, value: 2, shown: null },
    ],
  },
  {
    label: 'the matrix’s alcohol alone',
    scope: {},
    piece: true,
    cells: [{ key: { alcohol: 'Yes', drugs: 'No' }, value: 3, shown: 3 }],
  },
];

describe('the needs audit with the combinations’ ranking beside earlier outputs', () => {
  it('never prints a piece that pins an earlier hidden count only the ranking narrowed', async () => {
    const input = { needs: NEEDS, tables, threshold: 3, protection: 3 };
    for (const result of [await auditNeedsPatterns(input), await auditNeedsPatterns({ ...input, ranking: RANKING })]) {
      const out = [...result.hidden, ...result.withheld, ...result.refused.map((r) => r.table)];
      expect(out).toContain(1);
    }
  }, 30_000);
});
