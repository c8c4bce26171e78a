// Tables cut from the same data share numbers: a victims-by-district table and a victims-by-
// district-and-sex table share the district totals. Protected one by one, the first can give
// back what the second hides; protected together they cannot.
import { describe, expect, it } from 'vitest';
import { auditLinkedTables, protectLinkedTables, protectTable } from '../../../src-main/disclosure/index.ts';
import type { RawTable } from '../../../src-main/disclosure/index.ts';
import { rawFrom } from './independentAttacker.ts';

const districts = ['Cambridge', 'Fenland', 'Peterborough'];

function withAxes(
  raw: RawTable,
  rowField: string,
  rowKeys: string[],
  colField: string | null,
  colKeys: string[],
): RawTable {
  return {
    ...raw,
    rows: { fields: [rowField], keys: rowKeys.map((k) => [k]) },
    cols: colField === null ? { fields: [], keys: [[]] } : { fields: [colField], keys: colKeys.map((k) => [k]) },
  };
}

const bySex = withAxes(
  rawFrom([
    [2, 3],
    [20, 30],
    [25, 40],
  ]),
  'district',
  districts,
  'sex',
  ['Female', 'Male'],
);
const byDistrict = withAxes(rawFrom([[5], [50], [65]]), 'district', districts, null, []);
const RULE = { threshold: 5 };

describe('protectLinkedTables', () => {
  it('protected one at a time, the district table gives away the small cells the other hides', async () => {
    const alone = [await protectTable(bySex, RULE), await protectTable(byDistrict, RULE)];
    // Cambridge is 2 + 3: its total of 5 is not small, so the district table prints it.
    expect(alone[1]!.table.counts[0]).toEqual([5]);
    const audit = await auditLinkedTables(
      [bySex, byDistrict],
      alone.map((a) => a.table),
      RULE,
    );
    expect(audit.ok).toBe(false);
    const cambridgeFemale = audit.cells.find((c) => c.table === 0 && c.position.row === 0 && c.position.col === 0);
    expect(cambridgeFemale).toMatchObject({ value: 2, upper: 5, ok: false });
  });

  it('protected together, a number hidden in one table is hidden in the other and nothing is pinned', async () => {
    const [sex, district] = await protectLinkedTables([bySex, byDistrict], RULE);
    for (let r = 0; r < districts.length; r++) {
      expect(district!.table.counts[r]![0] === null).toBe(sex!.table.rowTotals[r] === null);
    }
    expect(district!.table.counts[0]).toEqual([null]);
    expect(district!.report.secondary.length + district!.report.primary.length).toBeGreaterThan(0);
    const audit = await auditLinkedTables([bySex, byDistrict], [sex!.table, district!.table], RULE);
    expect(audit.ok).toBe(true);
    for (const cell of audit.cells.filter((c) => c.sensitive))
      expect(cell.upper ?? Infinity).toBeGreaterThanOrEqual(cell.value + 5);
  });

  it('district x sex and district x age tables are checked against the district x sex x age cube they imply', async () => {
    const byAge = withAxes(
      rawFrom([
        [1, 4, 0],
        [12, 18, 20],
        [30, 20, 15],
      ]),
      'district',
      districts,
      'age_band',
      ['0-17', '18-34', '35+'],
    );
    const results = await protectLinkedTables([bySex, byAge], RULE);
    const tables = results.map((r) => r.table);
    // The Cambridge total (5) is in both tables: hidden in both or in neither.
    expect(tables[0]!.rowTotals[0] === null).toBe(tables[1]!.rowTotals[0] === null);
    const audit = await auditLinkedTables([bySex, byAge], tables, RULE);
    expect(audit.ok).toBe(true);
    expect(audit.exposed).toEqual([]);
  });

  it('refuses tables without axes, or linked tables that disagree', async () => {
    await expect(protectLinkedTables([rawFrom([[1, 2]]), rawFrom([[3]])], RULE)).rejects.toThrow(/axes/);
    const wrong = withAxes(rawFrom([[6], [50], [65]]), 'district', districts, null, []);
    await expect(protectLinkedTables([bySex, wrong], RULE)).rejects.toThrow(/disagree/);
  });
});
