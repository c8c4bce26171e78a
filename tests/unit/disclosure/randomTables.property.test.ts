// Property: on random tables, after suppression no small count can be narrowed to within the
// protection level by the LP attacker (independentAttacker.ts), small counts and small totals
// are never printed, and every printed number is the raw one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditTable, protectTable } from '../../../src-main/disclosure/index.ts';
import { attackTable, rawFrom } from './independentAttacker.ts';

// Counts skewed towards the small and the empty, as in a table of a rare offence.
const count = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 40 }) },
);
const table = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
  .chain(([rows, cols]) =>
    fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
  );

describe('secondary suppression on random tables', () => {
  it('leaves no small count within the protection level of the LP attacker', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.constantFrom(3, 5), fc.boolean(), async (counts, threshold, suppressZeros) => {
        const raw = rawFrom(counts);
        const rule = { threshold, suppressZeros };
        const { table: published, report } = await protectTable(raw, rule);
        const small = (v: number) => (v === 0 ? suppressZeros : v < threshold);
        raw.counts.forEach((line, i) =>
          line.forEach((v, j) => {
            const shown = published.counts[i]![j]!;
            if (small(v)) expect(shown).toBeNull();
            else if (shown !== null) expect(shown).toBe(v);
          }),
        );
        raw.rowTotals.forEach((v, i) => small(v) && expect(published.rowTotals[i]).toBeNull());
        raw.colTotals.forEach((v, j) => small(v) && expect(published.colTotals[j]).toBeNull());
        if (small(raw.total)) expect(published.total).toBeNull();
        expect(report.primary.length).toBe(raw.counts.flat().filter(small).length);
        for (const range of await attackTable(raw, published)) {
          if (small(range.value)) expect(range.upper).toBeGreaterThanOrEqual(range.value + threshold);
        }
        expect((await auditTable(raw, published, rule)).ok).toBe(true);
      }),
      { numRuns: 150, seed: 20261127 },
    );
  });
});
