// Property: the complement search on a table with margins (WitnessNetwork: a min-cost flow on a
// graph kept between searches, arcs made free as they are hidden, several shortest paths pushed
// per search) finds the cheapest way to move a hidden cell by the level: its cost equals the
// optimum of an LP written here from the table's layout and solved by GLPK, for random tables,
// costs and patterns grown in two steps on the same kept graph.
import fc from 'fast-check';
import GLPK from 'glpk.js/node';
import { describe, expect, it } from 'vitest';
import { attackerViews } from '../../../src-main/disclosure/attackerViews.ts';
import { WitnessNetwork } from '../../../src-main/disclosure/networkSuppression.ts';
import { keyedTable, placeCells } from '../../../src-main/disclosure/queryTable.ts';
import { buildModel } from '../../../src-main/disclosure/tableModel.ts';
import { hiddenArcs, tableNetwork } from '../../../src-main/disclosure/tableNetwork.ts';
import { rawFrom } from './independentAttacker.ts';

const LEVEL = 4;

/**
 * The cheapest change of printed numbers (cost per unit each way) that lets `target` rise by
 * LEVEL: every number moves by a delta, the table's sums still hold, no count below 0, printed
 * zeros and uncosted numbers fixed, hidden numbers free of charge. Null when infeasible.
 */
async function cheapestByLp(
  counts: number[][],
  hidden: ReadonlySet<string>,
  cost: (name: string) => number | null,
  target: string,
): Promise<number | null> {
  const glpk = await GLPK();
  const raw = rawFrom(counts);
  const values = new Map<string, number>();
  counts.forEach((line, i) => line.forEach((v, j) => values.set(`c${i},${j}`, v)));
  raw.rowTotals.forEach((v, i) => values.set(`r${i}`, v));
  raw.colTotals.forEach((v, j) => values.set(`k${j}`, v));
  values.set('t', raw.total);
  const delta = (name: string) => [
    { name: `u_${name}`, coef: 1 },
    { name: `d_${name}`, coef: -1 },
  ];
  const sums: [string, string[]][] = [
    ...counts.map((line, i): [string, string[]] => [`r${i}`, line.map((_, j) => `c${i},${j}`)]),
    ...raw.colTotals.map((_, j): [string, string[]] => [`k${j}`, counts.map((_, i) => `c${i},${j}`)]),
    ['t', raw.rowTotals.map((_, i) => `r${i}`)],
    ['t', raw.colTotals.map((_, j) => `k${j}`)],
  ];
  const subjectTo = sums.map(([total, parts], i) => ({
    name: `s${i}`,
    vars: [...delta(total).map((v) => ({ ...v, coef: -v.coef })), ...parts.flatMap(delta)],
    bnds: { type: glpk.GLP_FX, lb: 0, ub: 0 },
  }));
  subjectTo.push({ name: 'move', vars: delta(target), bnds: { type: glpk.GLP_LO, lb: LEVEL, ub: 0 } });
  const bounds = [...values].flatMap(([name, value]) => {
    const free = hidden.has(name) || name === target;
    const fixed = !free && cost(name) === null;
    return [
      { name: `u_${name}`, type: fixed ? glpk.GLP_FX : glpk.GLP_LO, lb: 0, ub: 0 },
      { name: `d_${name}`, type: fixed || value === 0 ? glpk.GLP_FX : glpk.GLP_DB, lb: 0, ub: value },
    ];
  });
  const objective = [...values.keys()].flatMap((name) => {
    const price = hidden.has(name) || name === target ? 0 : (cost(name) ?? 0);
    return [
      { name: `u_${name}`, coef: price },
      { name: `d_${name}`, coef: price },
    ];
  });
  const result = await glpk.solve(
    { name: 'witness', objective: { direction: glpk.GLP_MIN, name: 'cost', vars: objective }, subjectTo, bounds },
    { msglev: glpk.GLP_MSG_OFF, presol: false },
  );
  if (result.result.status === glpk.GLP_NOFEAS || result.result.status === glpk.GLP_INFEAS) return null;
  expect(result.result.status).toBe(glpk.GLP_OPT);
  return result.result.z;
}

const table = fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 })).chain(([rows, cols]) =>
  fc.tuple(
    fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: cols, maxLength: cols }), {
      minLength: rows,
      maxLength: rows,
    }),
    // Per number: 0 printed, 1 hidden in the second pattern, 2 hidden in both; and a cost 1..6.
    fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 6 })), {
      minLength: rows * cols + rows + cols + 1,
      maxLength: rows * cols + rows + cols + 1,
    }),
  ),
);

describe('the complement search on a network', () => {
  it('costs what the cheapest LP change costs, on a graph kept while the pattern grows', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ([counts, marks]) => {
        const raw = rawFrom(counts);
        const placed = placeCells(raw);
        const model = buildModel([keyedTable(raw, placed)], 'records');
        const view = (await attackerViews(model))[0]!;
        const net = tableNetwork(model, view)!;
        const nameOf = new Map<number, string>();
        placed.forEach(({ position: { row, col }, key }) => {
          const name =
            row !== null && col !== null ? `c${row},${col}` : row !== null ? `r${row}` : col !== null ? `k${col}` : 't';
          nameOf.set(model.indexOf.get(model.idOf(key))!, name);
        });
        // Marks go with the numbers in the order the table places them.
        const markOf = new Map(placed.map(({ key }, i) => [nameOf.get(model.indexOf.get(model.idOf(key))!)!, i]));
        const first = new Set([...markOf].filter(([, i]) => marks[i]![0] === 5).map(([n]) => n));
        const second = new Set([...markOf].filter(([, i]) => marks[i]![0] >= 4).map(([n]) => n));
        const price = (name: string): number => marks[markOf.get(name)!]![1];
        const costOfArc = (a: number): number | null => {
          const name = nameOf.get(net.node[a]!)!;
          return net.value[a]! > 0 ? price(name) : null;
        };
        const lpPrice = (name: string): number | null => {
          const node = [...nameOf].find(([, n]) => n === name)![0];
          return net.value[net.arcOf.get(node)!]! > 0 ? price(name) : null;
        };
        const network = new WitnessNetwork(
          net,
          hiddenArcs(net, (n) => first.has(nameOf.get(n)!)),
          costOfArc,
        );
        for (const [step, pattern] of [
          [1, first],
          [2, second],
        ] as const) {
          if (step === 2) for (const name of second) network.hide(net.arcOf.get(nodeNamed(nameOf, name))!);
          for (const target of [...pattern].filter((n) => n.startsWith('c'))) {
            const got = network.witness(net.arcOf.get(nodeNamed(nameOf, target))!, 1, LEVEL);
            const want = await cheapestByLp(counts, pattern, lpPrice, target);
            expect([step, target, got === null ? null : Math.round(got.cost * 1e6) / 1e6]).toEqual([
              step,
              target,
              want === null ? null : Math.round(want * 1e6) / 1e6,
            ]);
          }
        }
      }),
      { numRuns: 60, seed: 81 },
    );
  });
});

function nodeNamed(nameOf: ReadonlyMap<number, string>, name: string): number {
  return [...nameOf].find(([, n]) => n === name)![0];
}
