// Whether a view's table moved by a few shifts still satisfies every relation: only the
// relations a moved node is in are looked at, and a relation's members are summed once, for the
// unmoved table, so a column of thousands of cells costs no more than a row of a few.
import type { AttackerView } from './attackerViews.ts';
import type { Constraint } from './tableModel.ts';

const EPSILON = 1e-6;

export class ShiftedTable {
  /** Per node: the relations it is in, by index into the view's constraints. */
  private readonly relationsOf: number[][];
  /** Per relation: the sum of its members' unmoved values (atLeast: unused). */
  private readonly memberSums: Float64Array;
  private readonly constraints: readonly Constraint[];

  constructor(
    view: AttackerView,
    private readonly valueOf: (node: number) => number,
    nodes: number,
  ) {
    this.constraints = view.constraints;
    this.relationsOf = Array.from({ length: nodes }, () => []);
    this.memberSums = new Float64Array(view.constraints.length);
    view.constraints.forEach((c, i) => {
      const members = c.kind === 'atLeast' ? [c.member] : c.members;
      for (const n of new Set([c.total, ...members])) this.relationsOf[n]!.push(i);
      if (c.kind !== 'atLeast') this.memberSums[i] = members.reduce((s, m) => s + valueOf(m), 0);
    });
  }

  /** Whether the table with each node of `shifts` moved by its shift is still one the view allows. */
  holds(shifts: ReadonlyMap<number, number>): boolean {
    const at = (n: number) => this.valueOf(n) + (shifts.get(n) ?? 0);
    // Per relation a moved node is in: how far its members' sum moved.
    const moved = new Map<number, number>();
    for (const [node, shift] of shifts) {
      if (at(node) < -EPSILON) return false;
      if (shift === 0) continue;
      for (const i of this.relationsOf[node]!) {
        const member = this.constraints[i]!.total !== node;
        moved.set(i, (moved.get(i) ?? 0) + (member ? shift : 0));
      }
    }
    for (const [i, delta] of moved) {
      const c = this.constraints[i]!;
      if (c.kind === 'atLeast') {
        if (at(c.total) < at(c.member) - EPSILON) return false;
        continue;
      }
      const sum = this.memberSums[i]! + delta;
      if (c.kind === 'sum' ? Math.abs(at(c.total) - sum) > EPSILON : at(c.total) > sum + EPSILON) return false;
    }
    return true;
  }
}
