// Property: the joint check's relation test (shiftedTable.ts), which sums each relation once and
// looks only at the relations a moved node is in, says what checking every relation of the
// moved table from scratch says. And a flow graph with edges removed after a run
// (FlowGraph.removeFrom) answers as one built without them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttackerView } from '../../../src-main/disclosure/attackerViews.ts';
import { FlowGraph } from '../../../src-main/disclosure/flowGraph.ts';
import { ShiftedTable } from '../../../src-main/disclosure/shiftedTable.ts';
import type { Constraint } from '../../../src-main/disclosure/tableModel.ts';

const LEAVES = 6;

/** Leaves with values, then per relation a total node valued so the relation holds. */
const view: fc.Arbitrary<AttackerView> = fc
  .record({
    leaves: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: LEAVES, maxLength: LEAVES }),
    relations: fc.array(
      fc.record({
        kind: fc.constantFrom<Constraint['kind']>('sum', 'atMostSum', 'atLeast'),
        members: fc.uniqueArray(fc.integer({ min: 0, max: LEAVES - 1 }), { minLength: 1, maxLength: LEAVES }),
        slack: fc.integer({ min: 0, max: 3 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map(({ leaves, relations }) => {
    const values: number[] = [...leaves];
    const constraints: Constraint[] = relations.map(({ kind, members, slack }) => {
      const total = values.length;
      const sum = members.reduce((s, m) => s + values[m]!, 0);
      if (kind === 'atLeast') {
        values.push(values[members[0]!]! + slack);
        return { kind, total, member: members[0]! };
      }
      values.push(kind === 'sum' ? sum : Math.max(0, sum - slack));
      return { kind, total, members };
    });
    return { label: 'additive', constraints, values };
  });

/** Every relation and every value of the moved table, checked from scratch. */
function holdsEverywhere(v: AttackerView, shifts: ReadonlyMap<number, number>): boolean {
  const at = (n: number) => v.values[n]! + (shifts.get(n) ?? 0);
  if (v.values.some((_, n) => at(n) < -1e-6)) return false;
  return v.constraints.every((c) => {
    if (c.kind === 'atLeast') return at(c.total) >= at(c.member) - 1e-6;
    const sum = c.members.reduce((s, m) => s + at(m), 0);
    return c.kind === 'sum' ? Math.abs(at(c.total) - sum) <= 1e-6 : at(c.total) <= sum + 1e-6;
  });
}

describe('a moved table checked relation by relation', () => {
  it('agrees with checking every relation from scratch', () => {
    fc.assert(
      fc.property(view, fc.array(fc.tuple(fc.nat(), fc.integer({ min: -5, max: 5 })), { maxLength: 6 }), (v, moves) => {
        const shifts = new Map<number, number>();
        for (const [node, shift] of moves) {
          const n = node % v.values.length;
          shifts.set(n, (shifts.get(n) ?? 0) + shift);
        }
        const table = new ShiftedTable(v, (n) => v.values[n]!, v.values.length);
        expect(table.holds(shifts)).toBe(holdsEverywhere(v, shifts));
      }),
      { numRuns: 500, seed: 20261205 },
    );
  });
});

/**
 * A margin of distinct persons over its members: per margin, one atLeast relation to each member
 * (the margin at least any member) and one atMostSum (at most their sum), as a persons model has.
 */
const margins: fc.Arbitrary<AttackerView> = fc
  .record({
    leaves: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: LEAVES, maxLength: LEAVES }),
    margins: fc.array(
      fc.record({
        members: fc.uniqueArray(fc.integer({ min: 0, max: LEAVES - 1 }), { minLength: 1, maxLength: LEAVES }),
        above: fc.integer({ min: 0, max: 3 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ leaves, margins }) => {
    const values: number[] = [...leaves];
    const constraints: Constraint[] = [];
    for (const { members, above } of margins) {
      const total = values.length;
      const highest = Math.max(...members.map((m) => values[m]!));
      const sum = members.reduce((s, m) => s + values[m]!, 0);
      values.push(Math.min(sum, highest + above));
      for (const member of members) constraints.push({ kind: 'atLeast', total, member });
      constraints.push({ kind: 'atMostSum', total, members });
    }
    return { label: 'distinct', constraints, values };
  });

describe('a moved margin held above each of its members', () => {
  it('agrees with checking every relation from scratch', () => {
    const shift = fc.tuple(fc.nat(), fc.integer({ min: -6, max: 6 }));
    fc.assert(
      fc.property(margins, fc.array(shift, { maxLength: 6 }), (v, moves) => {
        const shifts = new Map<number, number>();
        for (const [node, by] of moves) {
          const n = node % v.values.length;
          shifts.set(n, (shifts.get(n) ?? 0) + by);
        }
        const table = new ShiftedTable(v, (n) => v.values[n]!, v.values.length);
        expect(table.holds(shifts)).toBe(holdsEverywhere(v, shifts));
      }),
      { numRuns: 1000, seed: 20261206 },
    );
  });
});

describe('a flow graph with the edges of one run removed', () => {
  const edge = fc.tuple(fc.nat(5), fc.nat(5), fc.integer({ min: 1, max: 9 }));
  it('finds the flows of a graph built without them', () => {
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 12 }), fc.array(edge, { maxLength: 6 }), (base, extra) => {
        const build = (edges: readonly (readonly [number, number, number])[]) => {
          const graph = new FlowGraph(6);
          for (const [u, v, c] of edges) if (u !== v) graph.addEdge(u, v, c, 1);
          return graph;
        };
        const reused = build(base);
        const mark = reused.edgeCount;
        for (const [u, v, c] of extra) if (u !== v) reused.addEdge(u, v, c, 0);
        reused.maxFlow(0, 5);
        reused.reset();
        reused.removeFrom(mark);
        const fresh = build(base);
        expect(reused.edgeCount).toBe(fresh.edgeCount);
        expect(reused.minCostFlow(0, 5, 1)).toBe(fresh.minCostFlow(0, 5, 1));
        reused.reset();
        fresh.reset();
        expect(reused.maxFlow(0, 5)).toBe(fresh.maxFlow(0, 5));
      }),
      { numRuns: 300, seed: 20261205 },
    );
  });
});
