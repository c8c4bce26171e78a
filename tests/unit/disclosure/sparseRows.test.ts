// openProgram hands HiGHS its rows as compressed sparse rows (sparseRows.ts): on a real table's
// audit rows they are exactly the rows built the plain way, each row's terms as (column,
// coefficient) pairs sorted by column.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCLOSURE } from '../../../shared/query.ts';
import { districtOffenceSex } from '../../../bench/disclosureData.ts';
import { auditRows } from '../../../src-main/disclosure/attackerBounds.ts';
import { attackerViews } from '../../../src-main/disclosure/attackerViews.ts';
import { cubeWithSubtotals } from '../../../src-main/disclosure/cubeTable.ts';
import { primaryNodes } from '../../../src-main/disclosure/primarySuppression.ts';
import { chooseSecondary } from '../../../src-main/disclosure/secondarySuppression.ts';
import { sparseRows } from '../../../src-main/disclosure/sparseRows.ts';
import { buildModel } from '../../../src-main/disclosure/tableModel.ts';

/** Columns numbered as first asked for, after `first` (numbered in their order). */
function numbering(first: readonly string[]): (name: string) => number {
  const columns = new Map(first.map((name, index) => [name, index]));
  return (name) => {
    let index = columns.get(name);
    if (index === undefined) columns.set(name, (index = columns.size));
    return index;
  };
}

/** The rows as pairs sorted by column, row by row. */
function plainRows(rows: readonly { terms: ReadonlyMap<string, number> }[], column: (name: string) => number) {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    const pairs = [...row.terms].map(([name, coef]) => [column(name), coef] as const).sort((a, b) => a[0] - b[0]);
    for (const [index, coef] of pairs) {
      indices.push(index);
      values.push(coef);
    }
    starts.push(indices.length);
  }
  return { starts, indices, values };
}

describe('sparseRows', () => {
  it('lays out a real table’s audit rows as the plain pairs sorted by column', async () => {
    const model = buildModel([cubeWithSubtotals(districtOffenceSex(24, 24 * 500))], 'records');
    const primary = primaryNodes(model, DEFAULT_DISCLOSURE);
    const [view] = await attackerViews(model);
    const suppressed = await chooseSecondary(model, [view!], primary, DEFAULT_DISCLOSURE);
    const rows = auditRows(model, view!, suppressed);
    // Columns numbered last named first: each row's terms come out of column order.
    const names = [...new Set(rows.flatMap((row) => [...row.terms.keys()]))].reverse();
    const expected = plainRows(rows, numbering(names));
    const got = sparseRows(rows, numbering(names));
    expect(Array.from(got.starts)).toEqual(expected.starts);
    expect(Array.from(got.indices)).toEqual(expected.indices);
    expect(Array.from(got.values)).toEqual(expected.values);
    // Rows of several terms out of order: the sort had work to do.
    expect(expected.indices.length).toBeGreaterThan(rows.length * 2);
  });
});
