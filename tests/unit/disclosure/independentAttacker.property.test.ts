// Property: on random tables of every shape the app protects (2-D with margins, 3-D with all
// subtotals, linked tables, persons tables), an attacker that builds its own linear program
// from the tables' layout (independentAttacker.ts: GLPK, nothing of src-main/disclosure but its
// types) cannot narrow any small count to fewer than the protection level's values: its upper
// bound reaches at least value + threshold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type RawTable,
  cubeWithSubtotals,
  protectKeyedTables,
  protectLinkedTables,
  protectTable,
} from '../../../src-main/disclosure/index.ts';
import {
  type Range,
  attackAggregates,
  attackCube,
  attackPersonsTable,
  attackTable,
  rawFrom,
} from './independentAttacker.ts';
import { peopleOver, personsTableOf } from './personsOfPeople.ts';

const THRESHOLD = 5;
const RULE = { threshold: THRESHOLD };
const small = (v: number) => v > 0 && v < THRESHOLD;

function expectProtected(ranges: Range[]): void {
  for (const r of ranges) if (small(r.value)) expect(r.upper, r.name).toBeGreaterThanOrEqual(r.value + THRESHOLD);
}

// Counts skewed towards the small and the empty, as in a table of a rare offence.
const count = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 40 }) },
);
const grid = (maxRows: number, maxCols: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: maxRows }), fc.integer({ min: 1, max: maxCols }))
    .chain(([rows, cols]) =>
      fc.array(fc.array(count, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
    );

function withAxes(raw: RawTable, rowField: string, rowKeys: string[], colField: string, colKeys: string[]): RawTable {
  return {
    ...raw,
    rows: { fields: [rowField], keys: rowKeys.map((k) => [k]) },
    cols: { fields: [colField], keys: colKeys.map((k) => [k]) },
  };
}

describe('protection against an independent LP attacker', () => {
  it('2-D tables with margins, up to 9 x 7', async () => {
    await fc.assert(
      fc.asyncProperty(grid(9, 7), async (counts) => {
        const raw = rawFrom(counts);
        const { table } = await protectTable(raw, RULE);
        expectProtected(await attackTable(raw, table));
      }),
      { numRuns: 60, seed: 41 },
    );
  });

  it('3-D tables with every subtotal', async () => {
    const shape = fc.tuple(
      fc.integer({ min: 2, max: 3 }),
      fc.integer({ min: 2, max: 3 }),
      fc.integer({ min: 2, max: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(
        shape.chain((sizes) =>
          fc.tuple(
            fc.constant(sizes),
            fc.array(count, { minLength: sizes[0] * sizes[1] * sizes[2], maxLength: sizes[0] * sizes[1] * sizes[2] }),
          ),
        ),
        async ([sizes, values]) => {
          const fields = ['a', 'b', 'c'];
          const categories = sizes.map((n, d) => Array.from({ length: n }, (_, i) => `${fields[d]}${i}`));
          const protection = await protectKeyedTables(
            [cubeWithSubtotals({ fields, categories, values })],
            'records',
            RULE,
          );
          const index = (t: number[]) => (t[0]! * sizes[1] + t[1]!) * sizes[2] + t[2]!;
          expectProtected(
            await attackCube(
              categories,
              fields,
              (t) => values[index(t)]!,
              (key) => protection.published(key),
            ),
          );
        },
      ),
      { numRuns: 12, seed: 42 },
    );
  });

  it('linked tables: district x sex and district x age, against the cube they imply', async () => {
    const cube = fc
      .integer({ min: 2, max: 4 })
      .chain((districts) =>
        fc.tuple(fc.constant(districts), fc.array(count, { minLength: districts * 6, maxLength: districts * 6 })),
      );
    await fc.assert(
      fc.asyncProperty(cube, async ([districts, leaves]) => {
        // Leaves: district x sex (2) x age (3), flat index (d * 2 + s) * 3 + a; neither table publishes them.
        const leaf = (d: number, s: number, a: number) => leaves[(d * 2 + s) * 3 + a]!;
        const dKeys = Array.from({ length: districts }, (_, d) => `d${d}`);
        const bySex = withAxes(
          rawFrom(dKeys.map((_, d) => [0, 1].map((s) => [0, 1, 2].reduce((sum, a) => sum + leaf(d, s, a), 0)))),
          'district',
          dKeys,
          'sex',
          ['F', 'M'],
        );
        const byAge = withAxes(
          rawFrom(dKeys.map((_, d) => [0, 1, 2].map((a) => leaf(d, 0, a) + leaf(d, 1, a)))),
          'district',
          dKeys,
          'age',
          ['young', 'middle', 'old'],
        );
        const [sex, age] = await protectLinkedTables([bySex, byAge], RULE);
        const leavesWhere = (match: (d: number, s: number, a: number) => boolean) => {
          const out: number[] = [];
          for (let d = 0; d < districts; d++)
            for (let s = 0; s < 2; s++) for (let a = 0; a < 3; a++) if (match(d, s, a)) out.push((d * 2 + s) * 3 + a);
          return out;
        };
        // Shared numbers (district totals, the grand total) carry the same name in both tables.
        const numbers = [
          ...dKeys.flatMap((_, d) => [
            ...[0, 1].map((s) => ({
              name: `sex${d},${s}`,
              value: bySex.counts[d]![s]!,
              shown: sex!.table.counts[d]![s]!,
              leaves: leavesWhere((dd, ss) => dd === d && ss === s),
            })),
            ...[0, 1, 2].map((a) => ({
              name: `age${d},${a}`,
              value: byAge.counts[d]![a]!,
              shown: age!.table.counts[d]![a]!,
              leaves: leavesWhere((dd, _s, aa) => dd === d && aa === a),
            })),
            {
              name: `district${d}`,
              value: bySex.rowTotals[d]!,
              shown: sex!.table.rowTotals[d] ?? age!.table.rowTotals[d]!,
              leaves: leavesWhere((dd) => dd === d),
            },
          ]),
          ...[0, 1].map((s) => ({
            name: `sex${s}`,
            value: bySex.colTotals[s]!,
            shown: sex!.table.colTotals[s]!,
            leaves: leavesWhere((_d, ss) => ss === s),
          })),
          ...[0, 1, 2].map((a) => ({
            name: `age${a}`,
            value: byAge.colTotals[a]!,
            shown: age!.table.colTotals[a]!,
            leaves: leavesWhere((_d, _s, aa) => aa === a),
          })),
          {
            name: 'total',
            value: bySex.total,
            shown: sex!.table.total ?? age!.table.total,
            leaves: leavesWhere(() => true),
          },
        ];
        expectProtected(await attackAggregates(leaves.length, numbers));
      }),
      { numRuns: 25, seed: 43 },
    );
  });

  it('persons tables: no small count is pinned by the relations that truly hold', async () => {
    // People, each in one row and one or two columns: cells and totals count distinct people.
    const people = peopleOver(4, 4, 120, 4);
    await fc.assert(
      fc.asyncProperty(people, async (list) => {
        const rows = 4;
        const cols = 4;
        const raw = personsTableOf(list, rows, cols);
        const { table } = await protectTable(raw, RULE);
        expectProtected(await attackPersonsTable(raw, table));
      }),
      { numRuns: 30, seed: 44 },
    );
  });
});
