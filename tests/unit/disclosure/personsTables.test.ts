// Tables of distinct persons: a person may sit in two cells, so totals are at most the sum of
// their cells. They are protected both against what truly holds (each total between its largest
// part and the sum of its parts) and against an attacker who assumes the table adds up.
import { describe, expect, it } from 'vitest';
import { auditTable, protectTable } from '../../../src-main/disclosure/index.ts';
import type { ProtectedTable, RawTable } from '../../../src-main/disclosure/index.ts';

// Two people appear in two columns of each row: the row totals are 2 below the sums.
const persons: RawTable = {
  counts: [
    [10, 2, 20],
    [15, 25, 30],
  ],
  rowTotals: [30, 68],
  colTotals: [24, 26, 48],
  total: 95,
  measure: 'persons',
};
const RULE = { threshold: 5 };

describe('persons tables', () => {
  it('refuses a non-additive table counted as records, and protects it counted as persons', async () => {
    await expect(protectTable({ ...persons, measure: 'records' }, RULE)).rejects.toThrow(/add up/);
    const { table, report } = await protectTable(persons, RULE);
    expect(report.primary).toEqual([[0, 1]]);
    expect(table.counts[0]![1]).toBeNull();
    expect(report.secondary.length).toBeGreaterThan(0);
    const audit = await auditTable(persons, table, RULE);
    expect(audit.ok).toBe(true);
    const small = audit.cells.find((c) => c.sensitive)!;
    expect(small.upper ?? Infinity).toBeGreaterThanOrEqual(2 + 5);
  });

  it('hiding the small cell alone fails: the true bounds leave it wide, but assuming no overlap pins it', async () => {
    const onlyCell: ProtectedTable = {
      counts: [
        [10, null, 20],
        [15, 25, 30],
      ],
      rowTotals: persons.rowTotals,
      colTotals: persons.colTotals,
      total: persons.total,
    };
    const audit = await auditTable(persons, onlyCell, RULE);
    expect(audit.ok).toBe(false);
    // The additive reading gives 30 - 10 - 20 = 0 or 26 - 25 = 1: far too narrow.
    expect(audit.cells[0]).toMatchObject({ value: 2, sensitive: true, ok: false });
    expect(audit.cells[0]!.upper).toBeLessThan(7);
  });
});
