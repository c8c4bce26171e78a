// A program's first solve, from no basis, may go by presolve and the dual simplex (linearProgram.ts
// `coldByDual`; every fixed audit program of viewProgram.ts does): the same optimum by another
// path, then the primal from the basis it left. Checked two ways: on random rows, each optimum
// (and each unbounded or infeasible answer) of a run of objectives equals that of a program that
// never takes the path; and a fixed program's intervals of a persons table equal the independent
// GLPK attacker's, with the path taken. Beside them, a growing program's intervals, hidden before
// or after its first solve, equal a fixed program's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attackerViews } from '../../../src-main/disclosure/attackerViews.ts';
import { type Row, type Solution, coldDualRuns, openProgram } from '../../../src-main/disclosure/linearProgram.ts';
import { keyedTable, placeCells } from '../../../src-main/disclosure/queryTable.ts';
import { buildModel } from '../../../src-main/disclosure/tableModel.ts';
import { ViewProgram } from '../../../src-main/disclosure/viewProgram.ts';
import { attackPersonsTable } from './independentAttacker.ts';
import { peopleOver, personsTableOf } from './personsOfPeople.ts';

const VARIABLES = ['a', 'b', 'c', 'd', 'e'];

/** An optimum as the audit reads it (to 6 decimals), or the status. */
function answer(solution: Solution): string | number {
  // `|| 0`: a zero reached from below rounds to -0, which toEqual tells from 0.
  return solution.status === 'optimal' ? Math.round(solution.value * 1e6) / 1e6 || 0 : solution.status;
}

describe('a first solve by presolve and the dual simplex', () => {
  it('gives every optimum of a run of objectives that the primal alone gives', async () => {
    const row = fc.record({
      coefs: fc.array(fc.integer({ min: -2, max: 2 }), { minLength: VARIABLES.length, maxLength: VARIABLES.length }),
      kind: fc.constantFrom('equal', 'atLeast', 'atMost'),
      bound: fc.integer({ min: -3, max: 12 }),
    });
    const objective = fc.record({
      direction: fc.constantFrom<'min' | 'max'>('min', 'max'),
      coefs: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: VARIABLES.length, maxLength: VARIABLES.length }),
    });
    const caps = fc.array(fc.option(fc.integer({ min: 0, max: 9 }), { freq: 2 }), {
      minLength: VARIABLES.length,
      maxLength: VARIABLES.length,
    });
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 6 }),
        caps,
        fc.array(objective, { minLength: 1, maxLength: 6 }),
        async (rowList, capList, objectives) => {
          const rows: Row[] = rowList.map(({ coefs, kind, bound }) => ({
            terms: new Map(coefs.flatMap((coef, i) => (coef === 0 ? [] : [[VARIABLES[i]!, coef] as const]))),
            ...(kind !== 'atMost' ? { lower: bound } : {}),
            ...(kind !== 'atLeast' ? { upper: bound } : {}),
          }));
          const bounds = new Map(
            VARIABLES.map((name, i) => [name, { lower: 0, ...(capList[i] !== null ? { upper: capList[i]! } : {}) }]),
          );
          const primal = await openProgram(rows, bounds, { primal: true });
          const cold = await openProgram(rows, bounds, { primal: true, coldByDual: true });
          const before = coldDualRuns();
          try {
            for (const { direction, coefs } of objectives) {
              const terms = new Map(coefs.flatMap((coef, i) => (coef === 0 ? [] : [[VARIABLES[i]!, coef] as const])));
              expect(answer(cold.optimize(direction, terms))).toEqual(answer(primal.optimize(direction, terms)));
            }
          } finally {
            primal.dispose();
            cold.dispose();
          }
          // At most the first solve of the one program that asks for it (none when no objective reached HiGHS).
          expect(coldDualRuns() - before).toBeLessThanOrEqual(1);
          taken += coldDualRuns() - before;
        },
      ),
      { numRuns: 150, seed: 19 },
    );
    expect(taken).toBeGreaterThan(100);
  });

  it("a fixed audit program's intervals of a persons table equal the independent attacker's", async () => {
    const people = peopleOver(3, 4, 60);
    const flags = fc.array(fc.boolean(), { minLength: 7, maxLength: 23 });
    const before = coldDualRuns();
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
        for (const { position, key } of placed) nameOf.set(model.indexOf.get(model.idOf(key))!, name(position));
        const hidden = new Set<number>();
        let at = 0;
        for (const node of nameOf.keys()) if (hideFlags[at++ % hideFlags.length]) hidden.add(node);
        const shown = (v: number, row: number | null, col: number | null) =>
          [...hidden].some((n) => nameOf.get(n) === name({ row, col })) ? null : v;
        const ranges = await attackPersonsTable(raw, {
          counts: raw.counts.map((line, i) => line.map((v, j) => shown(v, i, j))),
          rowTotals: raw.rowTotals.map((v, i) => shown(v, i, null)),
          colTotals: raw.colTotals.map((v, j) => shown(v, null, j)),
          total: shown(raw.total, null, null),
        });
        const byName = new Map(ranges.map((r) => [r.name, r]));
        const view = (await attackerViews(model)).find((v) => v.label === 'distinct')!;
        const program = await ViewProgram.open(model, view, (n) => hidden.has(n), { fixed: true });
        try {
          const asked = [...hidden];
          const intervals = program.intervals(asked);
          asked.forEach((node, i) => {
            const range = byName.get(nameOf.get(node)!)!;
            expect([nameOf.get(node), intervals[i]]).toEqual([
              nameOf.get(node),
              { lower: range.lower, upper: range.upper },
            ]);
          });
        } finally {
          program.dispose();
        }
      }),
      { numRuns: 60, seed: 20 },
    );
    // The path is taken: some of these programs needed an LP, and their first solve went by it.
    expect(coldDualRuns()).toBeGreaterThan(before);
  });
  it("a growing program's intervals, hidden before or after its first solve, equal a fixed program's", async () => {
    const people = peopleOver(4, 5, 80);
    // Per cell: 0 printed, 1 hidden from the start, 2 hidden as the pattern grows.
    const phases = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 7, maxLength: 31 });
    let checked = 0;
    const before = coldDualRuns();
    await fc.assert(
      fc.asyncProperty(people, phases, fc.boolean(), async (list, phase, early) => {
        const rows = 4;
        const cols = 5;
        const raw = personsTableOf(list, rows, cols);
        const placed = placeCells(raw);
        const model = buildModel([keyedTable(raw, placed)], 'persons');
        const first = new Set<number>();
        const grown = new Set<number>();
        placed.forEach(({ key }, i) => {
          const node = model.indexOf.get(model.idOf(key))!;
          if (phase[i % phase.length] === 1) first.add(node);
          if (phase[i % phase.length]! >= 1) grown.add(node);
        });
        if (first.size === 0) return;
        for (const view of await attackerViews(model)) {
          const growing = await ViewProgram.open(model, view, (n) => first.has(n));
          const fixed = await ViewProgram.open(model, view, (n) => grown.has(n), { fixed: true });
          try {
            // Hidden before the first solve (the model is built with them free), or after it.
            if (early) for (const n of grown) growing.hide(n);
            else growing.intervals([...first]);
            for (const n of grown) growing.hide(n);
            const asked = [...grown];
            expect(growing.intervals(asked)).toEqual(fixed.intervals(asked));
            checked += asked.length;
          } finally {
            growing.dispose();
            fixed.dispose();
          }
        }
      }),
      { numRuns: 60, seed: 21 },
    );
    expect(checked).toBeGreaterThan(500);
    expect(coldDualRuns()).toBeGreaterThan(before);
  });
});
