// An earlier output rounded to base 10 beside a matrix's piece printed exact over the same
// persons: the piece is no repeat of what was published, since its exact count narrows more. The
// audit had skipped every piece whose persons an earlier output printed, whatever its rounding:
// here none was left to hide, none to refuse, and each step found the same narrowed count again,
// for ever. Now the piece is hidden, and an independent intruder (HiGHS over persons per answer
// pattern, every printed number an equation or, rounded, a range) finds the hidden count free.
import { describe, expect, it } from 'vitest';
import { auditNeedsPatterns, roundedRange, type AuditedTable } from '../../../src-main/disclosure/needsPatternAudit.ts';
import { mostOverPatterns, patternSum } from '../disclosure/patternIntruder.ts';

const NEEDS = ['a', 'b'].map((field) => ({ field, categories: ['No', 'Yes'] }));
const THRESHOLD = 5;
const BASE = 10;

/** Persons per pattern, bit 0 need a, bit 1 need b: the terms of a cell's key. */
const terms = (key: Record<string, string>): string[] =>
  [0, 1, 2, 3]
    .filter((p) => Object.entries(key).every(([f, c]) => (((p >> (f === 'a' ? 0 : 1)) & 1) === 1) === (c === 'Yes')))
    .map((p) => `x${p}`);

const tables: AuditedTable[] = [
  {
    label: '‘Offenders by need a’, rounded to 10',
    scope: {},
    base: BASE,
    piece: false,
    cells: [
      { key: { a: 'Yes' }, value: 2, shown: null },
      { key: { a: 'No' }, value: 18, shown: 20 },
      { key: {}, value: 20, shown: 20 },
    ],
  },
  {
    label: 'the matrix’s persons',
    scope: {},
    piece: true,
    cells: [
      { key: {}, value: 20, shown: 20 },
      { key: { a: 'No' }, value: 18, shown: 18 },
    ],
  },
];

describe('the needs audit beside an earlier output rounded where a piece is exact', () => {
  it('hides the exact piece, and the hidden count stays free', async () => {
    const result = await auditNeedsPatterns({ needs: NEEDS, tables, threshold: THRESHOLD, protection: THRESHOLD });
    const out = new Set([...result.hidden, ...result.withheld, ...result.refused.map((r) => r.table)]);
    expect(out.has(1)).toBe(true);
    const rows = tables.flatMap((table, t) =>
      out.has(t)
        ? []
        : table.cells.flatMap((cell) => {
            if (cell.shown === null) return [];
            const sum = patternSum(terms(cell.key));
            if (table.base === undefined) return [`${sum} = ${cell.shown}`];
            const { lower, upper } = roundedRange(cell.shown, table.base);
            return [`${sum} >= ${lower}`, `${sum} <= ${upper}`];
          }),
    );
    expect(await mostOverPatterns(rows, terms({ a: 'Yes' }), 4)).toBeGreaterThanOrEqual(2 + THRESHOLD);
  }, 30_000);
});
