// Small tables whose right suppression pattern can be worked out by hand; every result is also
// attacked by an LP built independently of the module (independentAttacker.ts).
import { describe, expect, it } from 'vitest';
import { auditTable, protectTable } from '../../../src-main/disclosure/index.ts';
import type { ProtectedTable, RawTable } from '../../../src-main/disclosure/index.ts';
import { attackTable, rawFrom } from './independentAttacker.ts';

const RULE = { threshold: 5 };

async function expectProtected(raw: RawTable, table: ProtectedTable, protection = 5) {
  const ranges = await attackTable(raw, table);
  for (const range of ranges) {
    if (range.value >= 1 && range.value < 5)
      expect(range.upper, `upper bound of ${range.name}`).toBeGreaterThanOrEqual(range.value + protection);
  }
  return ranges;
}

function nullCells(table: ProtectedTable): string[] {
  return table.counts.flatMap((line, i) => line.flatMap((v, j) => (v === null ? [`${i},${j}`] : [])));
}

describe('protectTable on hand-checked tables', () => {
  it('a single small cell gets a second in its row and a matching pair in another row, the cheapest rectangle', async () => {
    const raw = rawFrom([
      [20, 2, 30],
      [15, 25, 40],
      [10, 12, 8],
    ]);
    const { table, report } = await protectTable(raw, RULE);
    // Rectangles through (0,1): the cheapest uses (0,0)=20, (2,0)=10, (2,1)=12 (sum 42);
    // any other needs a cell of 25 or more with one of at least 15, or the 30 and 40 pair.
    expect(nullCells(table)).toEqual(['0,0', '0,1', '2,0', '2,1']);
    expect(report.primary).toEqual([[0, 1]]);
    expect(report.secondary).toEqual([
      [0, 0],
      [2, 0],
      [2, 1],
    ]);
    expect(table.rowTotals).toEqual(raw.rowTotals);
    expect(table.colTotals).toEqual(raw.colTotals);
    expect(table.total).toBe(raw.total);
    expect(table.counts[1]).toEqual([15, 25, 40]);
    const ranges = await expectProtected(raw, table);
    // By hand: (0,1) and (2,0) move by +t, (0,0) and (2,1) by -t, so t is in [-2, 12]
    // (down to the 2 itself, up to the 12 at (2,1)).
    expect(ranges.find((r) => r.name === 'c0,1')).toMatchObject({ lower: 0, upper: 14 });
  });

  it('without secondary suppression only the small cell goes, and the audit says it can be worked out', async () => {
    const raw = rawFrom([
      [20, 2, 30],
      [15, 25, 40],
    ]);
    const rule = { threshold: 5, secondary: false };
    const { table, report } = await protectTable(raw, rule);
    expect(nullCells(table)).toEqual(['0,1']);
    expect(report.secondary).toEqual([]);
    const audit = await auditTable(raw, table, rule);
    expect(audit.ok).toBe(false);
    expect(audit.cells).toEqual([
      expect.objectContaining({
        position: { row: 0, col: 1 },
        value: 2,
        lower: 2,
        upper: 2,
        sensitive: true,
        ok: false,
      }),
    ]);
  });

  it('two small cells in a row and in a column are protected without touching the totals', async () => {
    const raw = rawFrom([
      [2, 3, 20],
      [4, 30, 25],
      [18, 22, 40],
    ]);
    const { table, report } = await protectTable(raw, RULE);
    expect(report.primary).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
    // The pair 2 + 3 alone would tell that both are at most 5: row 0 must lose its 20 too.
    expect(table.counts[0]).toEqual([null, null, null]);
    expect(report.suppressedRowTotals).toEqual([]);
    expect(report.suppressedColTotals).toEqual([]);
    expect(report.totalSuppressed).toBe(false);
    await expectProtected(raw, table);
    const audit = await auditTable(raw, table, RULE);
    expect(audit.ok).toBe(true);
  });

  it('publishes zeros and never uses them as complements; with suppressZeros zeros are primary', async () => {
    const raw = rawFrom([
      [0, 3, 10],
      [0, 12, 9],
    ]);
    const plain = await protectTable(raw, RULE);
    expect(plain.table.counts.map((line) => line[0])).toEqual([0, 0]);
    expect(plain.report.primary).toEqual([[0, 1]]);
    await expectProtected(raw, plain.table);

    const zeros = await protectTable(raw, { threshold: 5, suppressZeros: true });
    expect(zeros.report.primary).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
    // Column 0 is all zeros: its total 0 is primary as well.
    expect(zeros.report.suppressedColTotals).toContain(0);
    const audit = await auditTable(raw, zeros.table, { threshold: 5, suppressZeros: true });
    expect(audit.ok).toBe(true);
    for (const cell of audit.cells.filter((c) => c.sensitive))
      expect(cell.upper ?? Infinity).toBeGreaterThanOrEqual(cell.value + 5);
  });

  it('a table with nothing small is published whole', async () => {
    const raw = rawFrom([
      [10, 20],
      [30, 0],
    ]);
    const { table, report } = await protectTable(raw, RULE);
    expect(table).toEqual({ counts: raw.counts, rowTotals: raw.rowTotals, colTotals: raw.colTotals, total: raw.total });
    expect(report).toMatchObject({ primary: [], secondary: [], suppressedRowTotals: [], totalSuppressed: false });
  });

  it('a small row total is primary; the row is hidden so that the total cannot be rebuilt', async () => {
    const raw = rawFrom([
      [1, 2, 0],
      [10, 12, 30],
      [9, 20, 6],
    ]);
    const { table, report } = await protectTable(raw, RULE);
    expect(table.rowTotals[0]).toBeNull();
    expect(report.suppressedRowTotals).toContain(0);
    expect(report.primary).toEqual([
      [0, 0],
      [0, 1],
    ]);
    const ranges = await expectProtected(raw, table);
    expect(ranges.find((r) => r.name === 'r0')!.upper).toBeGreaterThanOrEqual(3 + 5);
  });

  it('when every cell is small only what cannot give a cell away is published', async () => {
    const raw = rawFrom([
      [1, 2],
      [3, 4],
    ]);
    const { table, report } = await protectTable(raw, RULE);
    expect(table.counts).toEqual([
      [null, null],
      [null, null],
    ]);
    // Totals 3 and 4 are small; 7 and 6 are not but would pin the small ones; 10 alone is safe.
    expect(table.rowTotals).toEqual([null, null]);
    expect(table.colTotals).toEqual([null, null]);
    expect(table.total).toBe(10);
    expect(report.primary).toHaveLength(4);
    await expectProtected(raw, table);
  });

  it('a table that is one small count hides it everywhere it appears', async () => {
    const raw = rawFrom([[3]]);
    const { table } = await protectTable(raw, RULE);
    expect(table).toEqual({ counts: [[null]], rowTotals: [null], colTotals: [null], total: null });
    expect((await auditTable(raw, table, RULE)).ok).toBe(true);
  });

  it('a single-column table (no column fields) hides a second row and never just the cell', async () => {
    const raw: RawTable = {
      counts: [[3], [40], [25]],
      rowTotals: [3, 40, 25],
      colTotals: [68],
      total: 68,
      rows: { fields: ['district'], keys: [['Cambridge'], ['Fenland'], ['Peterborough']] },
      cols: { fields: [], keys: [[]] },
    };
    const { table, report } = await protectTable(raw, RULE);
    // The cell and its row total are the same number: both hidden, and the 25 with them.
    expect(table.counts).toEqual([[null], [40], [null]]);
    expect(table.rowTotals).toEqual([null, 40, null]);
    expect(table.total).toBe(68);
    expect(report.primary).toEqual([[0, 0]]);
    expect(report.secondary).toEqual([[2, 0]]);
    expect((await auditTable(raw, table, RULE)).ok).toBe(true);
  });

  it('the audit reports a small count left in view and a pair that gives itself away', async () => {
    const raw = rawFrom([
      [20, 2, 30],
      [15, 25, 40],
    ]);
    const leaky: ProtectedTable = {
      ...raw,
      counts: [
        [20, 2, 30],
        [15, 25, 40],
      ],
    };
    const audit = await auditTable(raw, leaky, RULE);
    expect(audit.ok).toBe(false);
    expect(audit.exposed).toEqual([{ table: 0, position: { row: 0, col: 1 }, value: 2 }]);
  });
});
