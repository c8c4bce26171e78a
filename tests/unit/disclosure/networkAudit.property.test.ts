// Property: the audit of a 2-D table with margins, computed by maximum flows on the table's
// network, gives every suppressed number exactly the interval that the independent attacker's
// LP (GLPK, two LPs per number) gives, for random tables and random suppression patterns
// (including unbounded numbers and hidden margins). One- and two-row tables are included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ProtectedTable, auditTable } from '../../../src-main/disclosure/index.ts';
import { attackTable, rawFrom } from './independentAttacker.ts';

const table = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })).chain(([rows, cols]) =>
  fc.tuple(
    fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: cols, maxLength: cols }), {
      minLength: rows,
      maxLength: rows,
    }),
    // One flag per number (cells, row totals, column totals, grand total): hidden or not.
    fc.array(fc.boolean(), { minLength: rows * cols + rows + cols + 1, maxLength: rows * cols + rows + cols + 1 }),
  ),
);

describe('the network audit', () => {
  it('equals the LP attacker interval for interval on random suppression patterns', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ([counts, hide]) => {
        const raw = rawFrom(counts);
        let k = 0;
        const show = (v: number) => (hide[k++] ? null : v);
        const published: ProtectedTable = {
          counts: raw.counts.map((line) => line.map(show)),
          rowTotals: raw.rowTotals.map(show),
          colTotals: raw.colTotals.map(show),
          total: show(raw.total),
        };
        const audit = await auditTable(raw, published, { threshold: 5 });
        const expected = new Map((await attackTable(raw, published)).map((r) => [r.name, r]));
        expect(audit.cells.length).toBe(expected.size);
        for (const cell of audit.cells) {
          const { row, col } = cell.position;
          const name =
            row !== null && col !== null ? `c${row},${col}` : row !== null ? `r${row}` : col !== null ? `k${col}` : 't';
          const range = expected.get(name)!;
          expect([name, cell.lower, cell.upper ?? Infinity]).toEqual([name, range.lower, range.upper]);
        }
      }),
      { numRuns: 200, seed: 45 },
    );
  });
});
