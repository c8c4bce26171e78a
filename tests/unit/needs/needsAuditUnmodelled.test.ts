// The needs audit on numbers its model cannot hold: tables made inconsistent on purpose (7
// persons with needs a and b, but only 5 with a), which no sharing of persons among answer
// patterns can print. Such a program has no solution, and a bound from it proves nothing. Where
// the earlier outputs alone are so, the hidden small count must not be dropped as settled: every
// piece of the matrix is refused, the analyst told why. Where only the matrix's printed pieces
// make them so, pieces are hidden until the model allows persons: as every world of the model is
// one the intruder must allow, a count free in it is free. An independent intruder (HiGHS over
// persons per answer pattern) then finds the published numbers consistent and the count free.
import { describe, expect, it } from 'vitest';
import { QuerySpecSchema } from '../../../shared/query.ts';
import { UNMODELLED_REASON, settleNeedsPieces } from '../../../src-main/app/analysis/needsSettle.ts';
import { auditNeedsPatterns, type AuditedTable } from '../../../src-main/disclosure/needsPatternAudit.ts';
import { mostOverPatterns, patternSum } from '../disclosure/patternIntruder.ts';

const NEEDS = ['a', 'b'].map((field) => ({ field, categories: ['No', 'Yes'] }));
const THRESHOLD = 3;

/** A one-cell table over the needs flagged Yes (none: the persons), printed or hidden. */
function square(label: string, needs: string[], value: number, printed: boolean, piece: boolean): AuditedTable {
  const scope = Object.fromEntries(needs.map((f) => [f, ['Yes']]));
  return { label, scope, cells: [{ key: {}, value, shown: printed ? value : null }], piece };
}

/** The matrix's tables: its persons (read as an earlier output), a and b, a, and b hidden small. */
const matrix = (both: number): AuditedTable[] => [
  square('the persons of this matrix', [], 20, true, false),
  square('a and b', ['a', 'b'], both, true, true),
  square('a', ['a'], 5, true, true),
  square('b', ['b'], 2, false, true),
];

const audit = (tables: AuditedTable[]) =>
  auditNeedsPatterns({ needs: NEEDS, tables, threshold: THRESHOLD, protection: THRESHOLD });

describe('the needs audit on numbers its model cannot hold', () => {
  it('refuses every piece when the earlier outputs alone allow no persons', async () => {
    const earlier = [
      square('‘With a’', ['a'], 5, true, false),
      square('‘With a and b’', ['a', 'b'], 7, true, false),
      square('‘With b’', ['b'], 2, false, false),
    ];
    const result = await audit([...earlier, ...matrix(5)]);
    expect(result).toEqual({
      hidden: [],
      refused: [],
      withheld: [],
      lostEarlier: [],
      unmodelled: [4, 5, 6],
      unmodelledWhy: 'unfit',
    });
  });

  it('hides pieces when only the matrix’s printed pieces make the numbers allow no persons', async () => {
    const earlier = [square('‘With a’', ['a'], 5, true, false), square('‘With b’', ['b'], 2, false, false)];
    // The earlier outputs alone are consistent; the matrix's 7 with a and b is not.
    const tables = [...earlier, ...matrix(7)];
    const result = await audit(tables);
    expect(result.unmodelled).toBeUndefined();
    expect(result.refused).toEqual([]);
    expect(result.hidden.length).toBeGreaterThan(0);
    const published = tables.map((t, i) =>
      result.hidden.includes(i) ? { ...t, cells: t.cells.map((c) => ({ ...c, shown: null })) } : t,
    );
    // Persons per pattern: bit 0 need a, bit 1 need b.
    const terms = (t: AuditedTable): string[] =>
      [0, 1, 2, 3].filter((p) => Object.keys(t.scope).every((f) => (p >> (f === 'a' ? 0 : 1)) & 1)).map((p) => `x${p}`);
    const rows = published
      .filter((t) => t.cells[0]!.shown !== null)
      .map((t) => `${patternSum(terms(t))} = ${t.cells[0]!.shown}`);
    // Throws where the published numbers allow no persons; else the hidden 2 may be 5 or more.
    expect(await mostOverPatterns(rows, terms(earlier[1]!), 4)).toBeGreaterThanOrEqual(2 + THRESHOLD);
  });

  it('tells the analyst why each piece is refused', async () => {
    const tables = [
      square('‘With a’', ['a'], 5, true, false),
      square('‘With a and b’', ['a', 'b'], 7, true, false),
      square('‘With b’', ['b'], 2, false, false),
      ...matrix(5),
    ];
    const withheld: Array<[number, string, boolean]> = [];
    const spec = QuerySpecSchema.parse({ cohort: 'needs', measure: 'persons', disclosure: { threshold: THRESHOLD } });
    const released = tables.map((t) => ({
      spec: QuerySpecSchema.parse({
        cohort: 'offenders',
        measure: 'persons',
        filters: Object.keys(t.scope).map((field) => ({ kind: 'in', field, in: ['Yes'] })),
        rows: Object.keys(t.scope).slice(0, 1),
        cols: Object.keys(t.scope).slice(1, 2),
        disclosure: { threshold: THRESHOLD },
      }),
      label: t.label,
      cells: t.cells.map((c) => ({ ...c, row: null, col: null, status: 'published' as const })),
    }));
    const session = {
      tablesSoFar: () => released,
      resolvedCount: () => 4,
      withhold: (index: number, reason: string, refuse: boolean) => withheld.push([index, reason, refuse]),
    };
    const domains = { a: ['No', 'Yes'], b: ['No', 'Yes'] };
    const needs = ['a', 'b'].map((field) => ({ field, label: field }));
    const { reasons } = await settleNeedsPieces(session, spec, needs, 0, domains);
    expect(withheld.sort((x, y) => x[0] - y[0])).toEqual([1, 2, 3].map((i) => [i, UNMODELLED_REASON, true]));
    expect(reasons).toEqual(new Map([1, 2, 3].map((i) => [i, UNMODELLED_REASON])));
  }, 120_000);
});
