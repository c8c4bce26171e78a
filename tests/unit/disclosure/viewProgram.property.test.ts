// Property: the open LP of a view that is not a network (viewProgram.ts) takes short cuts: a
// table built by raising a hidden number, and tables remembered from earlier solves while the
// pattern grows. Its intervals and its protected-or-not answers must still be exactly the
// independent GLPK attacker's, for persons tables (the true bounds) and for cubes with every
// subtotal, on random patterns grown in two steps (the proofs of the first kept for the second).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attackerViews } from '../../../src-main/disclosure/attackerViews.ts';
import { cubeWithSubtotals } from '../../../src-main/disclosure/cubeTable.ts';
import { keyedTable, placeCells } from '../../../src-main/disclosure/queryTable.ts';
import { type TableModel, buildModel } from '../../../src-main/disclosure/tableModel.ts';
import { ViewProgram } from '../../../src-main/disclosure/viewProgram.ts';
import { type Range, attackCube, attackPersonsTable } from './independentAttacker.ts';
import { peopleOver, personsTableOf } from './personsOfPeople.ts';

const LEVEL = 3;

/** Opens the program on the first pattern, asks about every hidden node, then grows to the second and checks it. */
async function checkGrowing(
  model: TableModel,
  viewLabel: 'distinct' | 'additive',
  first: ReadonlySet<number>,
  second: ReadonlySet<number>,
  expected: (hidden: ReadonlySet<number>) => Promise<Map<number, Range>>,
): Promise<void> {
  const view = (await attackerViews(model)).find((v) => v.label === viewLabel)!;
  const program = await ViewProgram.open(model, view, (n) => first.has(n));
  try {
    for (const [pattern, ask] of [
      [first, 'canMove first'],
      [second, 'interval first'],
    ] as const) {
      for (const n of pattern) program.hide(n);
      const ranges = await expected(pattern);
      // Mix the two questions so that the proofs of one serve the other.
      for (const node of pattern) {
        const range = ranges.get(node)!;
        const protectedByAttacker = range.upper >= range.value + LEVEL || range.lower <= range.value - LEVEL;
        const interval = () => {
          const got = program.interval(node);
          expect([node, got.lower, got.upper]).toEqual([node, range.lower, range.upper]);
        };
        const moves = () => expect([node, program.canMove(node, LEVEL)]).toEqual([node, protectedByAttacker]);
        if (ask === 'canMove first') {
          moves();
          interval();
        } else {
          interval();
          moves();
        }
      }
    }
  } finally {
    program.dispose();
  }
}

/** Two nested random subsets of the published nodes. */
function patterns(model: TableModel, flags: readonly number[]): [Set<number>, Set<number>] {
  const first = new Set<number>();
  const second = new Set<number>();
  model.nodes.forEach((node, i) => {
    if (!node.published) return;
    const flag = flags[i % flags.length]!;
    if (flag === 2) first.add(i);
    if (flag >= 1) second.add(i);
  });
  return [first, second];
}

describe('the open LP of a view', () => {
  it('persons tables: intervals and protection equal the independent attacker of the true bounds', async () => {
    const people = peopleOver(3, 4, 60);
    const flags = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 7, maxLength: 23 });
    await fc.assert(
      fc.asyncProperty(people, flags, async (list, hideFlags) => {
        const rows = 3;
        const cols = 4;
        const raw = personsTableOf(list, rows, cols);
        const placed = placeCells(raw);
        const model = buildModel([keyedTable(raw, placed)], 'persons');
        const name = ({ row, col }: { row: number | null; col: number | null }) =>
          row !== null && col !== null ? `c${row},${col}` : row !== null ? `r${row}` : col !== null ? `k${col}` : 't';
        const nameOf = new Map<number, string>();
        const nodeOf = new Map<string, number>();
        for (const { position, key } of placed) {
          const node = model.indexOf.get(model.idOf(key))!;
          nameOf.set(node, name(position));
          nodeOf.set(name(position), node);
        }
        const [first, second] = patterns(model, hideFlags);
        await checkGrowing(model, 'distinct', first, second, async (hidden) => {
          const shown = (v: number, row: number | null, col: number | null) =>
            hidden.has(nodeOf.get(name({ row, col }))!) ? null : v;
          const ranges = await attackPersonsTable(raw, {
            counts: raw.counts.map((line, i) => line.map((v, j) => shown(v, i, j))),
            rowTotals: raw.rowTotals.map((v, i) => shown(v, i, null)),
            colTotals: raw.colTotals.map((v, j) => shown(v, null, j)),
            total: shown(raw.total, null, null),
          });
          const byName = new Map(ranges.map((r) => [r.name, r]));
          return new Map([...hidden].map((node) => [node, byName.get(nameOf.get(node)!)!]));
        });
      }),
      { numRuns: 40, seed: 71 },
    );
  });

  it('cubes with every subtotal: intervals and protection equal the independent attacker', async () => {
    const cube = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 });
    const flags = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 5, maxLength: 29 });
    await fc.assert(
      fc.asyncProperty(cube, flags, async (values, hideFlags) => {
        const fields = ['a', 'b', 'c'];
        const categories = [
          ['a1', 'a2'],
          ['b1', 'b2', 'b3'],
          ['c1', 'c2'],
        ];
        const model = buildModel([cubeWithSubtotals({ fields, categories, values })], 'records');
        const [first, second] = patterns(model, hideFlags);
        await checkGrowing(model, 'additive', first, second, async (hidden) => {
          const hiddenIds = new Set([...hidden].map((n) => model.nodes[n]!.id));
          const ranges = await attackCube(
            categories,
            fields,
            (t) => values[t[0]! * 6 + t[1]! * 2 + t[2]!]!,
            (key) => (hiddenIds.has(model.idOf(key)) ? null : 0),
          );
          const byId = new Map(ranges.map((r) => [model.idOf(JSON.parse(r.name) as Record<string, string>), r]));
          return new Map([...hidden].map((node) => [node, byId.get(model.nodes[node]!.id)!]));
        });
      }),
      { numRuns: 40, seed: 72 },
    );
  });
});
