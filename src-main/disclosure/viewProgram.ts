// The attacker's LP of one view that is not a network (a cube with subtotals, the true bounds
// of a persons table), kept open while a suppression pattern grows. Every node of a relation is
// a variable: a published one fixed at its value by its bounds, a hidden one free (>= 0), so
// hiding a number changes two bounds and each solve starts from the last basis.
//
// Every optimal solution is a table the attacker cannot rule out, so it is remembered: per
// node, the highest and lowest value any such table gave it. Hiding more only adds tables, so
// these stay valid while the pattern grows. A number some remembered table moves by the
// protection level is protected without an LP (the table is the proof), and one that some
// table sets to 0 has lower bound 0. Everything else is decided by the LP itself: the checks
// stay exact.
import type { AttackerView } from './attackerViews.ts';
import { constraintRows, hiddenVariable, variableName } from './attackerViews.ts';
import { type OpenProgram, type Solution, openProgram } from './linearProgram.ts';
import type { TableModel } from './tableModel.ts';

const EPSILON = 1e-6;

export interface LpInterval {
  lower: number;
  upper: number;
}

export class ViewProgram {
  /** Per node: the highest and lowest value a table consistent with what is published gave it. */
  private readonly high: Float64Array;
  private readonly low: Float64Array;
  private readonly hidden: Uint8Array;
  /** The nodes that are variables of the LP (those in some relation). */
  private readonly columns: number[];
  /** How many suppressed nodes the program has seen (the pattern only grows). */
  seen = 0;

  private constructor(
    private readonly model: TableModel,
    private readonly view: AttackerView,
    private readonly program: OpenProgram,
    hidden: Uint8Array,
    columns: number[],
  ) {
    const count = model.nodes.length;
    this.hidden = hidden;
    this.columns = columns;
    this.high = new Float64Array(count).fill(-Infinity);
    this.low = new Float64Array(count).fill(Infinity);
    // The true table is one the attacker cannot rule out (latent leaves of the true persons view aside).
    for (let node = 0; node < count; node++) {
      const value = view.values[node];
      if (value === null || value === undefined) continue;
      this.high[node] = value;
      this.low[node] = value;
    }
  }

  static async open(
    model: TableModel,
    view: AttackerView,
    isHiddenNode: (node: number) => boolean,
  ): Promise<ViewProgram> {
    const rows = constraintRows(view.constraints, () => null, hiddenVariable);
    const inRows = new Set<number>();
    for (const c of view.constraints) {
      inRows.add(c.total);
      if (c.kind === 'atLeast') inRows.add(c.member);
      else for (const m of c.members) inRows.add(m);
    }
    const hidden = new Uint8Array(model.nodes.length);
    const bounds = new Map<string, { lower: number; upper?: number }>();
    const columns = [...inRows].sort((a, b) => a - b);
    for (const node of columns) {
      if (isHiddenNode(node)) {
        hidden[node] = 1;
        bounds.set(variableName(node), { lower: 0 });
      } else {
        const value = valueIn(model, view, node);
        bounds.set(variableName(node), { lower: value, upper: value });
      }
    }
    return new ViewProgram(model, view, await openProgram(rows, bounds), hidden, columns);
  }

  private isColumn(node: number): boolean {
    return this.columns.length > 0 && binaryHas(this.columns, node);
  }

  /** Frees a published number that has just been hidden. */
  hide(node: number): void {
    if (this.hidden[node] || !this.isColumn(node)) return;
    this.hidden[node] = 1;
    this.program.setBounds(variableName(node), 0, Infinity);
  }

  /** A table consistent with the current pattern (each node's value), remembered as a proof. */
  record(valueOf: (node: number) => number): void {
    for (const node of this.columns) {
      const value = valueOf(node);
      if (value > this.high[node]!) this.high[node] = value;
      if (value < this.low[node]!) this.low[node] = value;
    }
  }

  private solve(direction: 'min' | 'max', node: number): Solution {
    const solution = this.program.optimize(direction, new Map([[variableName(node), 1]]));
    if (solution.status === 'optimal') {
      const vars = solution.vars;
      this.record((n) => vars[variableName(n)] ?? 0);
    }
    return solution;
  }

  /** Whether hidden `node` can move `level` from `value` either way (the rise first, the fall only when needed). */
  canMove(node: number, level: number): boolean {
    if (!this.isColumn(node)) return true;
    const value = valueIn(this.model, this.view, node);
    if (this.high[node]! >= value + level - EPSILON) return true;
    if (value >= level && this.low[node]! <= value - level + EPSILON) return true;
    const high = this.solve('max', node);
    if (high.status !== 'optimal' || Math.floor(high.value + EPSILON) >= value + level) return true;
    if (value < level) return false;
    const low = this.solve('min', node);
    return low.status !== 'optimal' || Math.ceil(low.value - EPSILON) <= value - level;
  }

  /** The interval of hidden `node`, rounded inwards to whole counts; throws when the relations cannot all hold. */
  interval(node: number): LpInterval {
    if (!this.isColumn(node)) return { lower: 0, upper: Infinity };
    const high = this.solve('max', node);
    // A remembered table with the node at 0 is the minimum: counts are >= 0.
    const low = this.low[node]! <= EPSILON ? null : this.solve('min', node);
    if (high.status === 'infeasible' || low?.status === 'infeasible') {
      throw new Error(`The ${this.view.label} relations of this table cannot all hold; its counts are inconsistent.`);
    }
    return {
      lower: low === null ? 0 : low.status === 'optimal' ? Math.max(0, Math.ceil(low.value - EPSILON)) : 0,
      upper: high.status === 'optimal' ? Math.floor(high.value + EPSILON) : Infinity,
    };
  }

  dispose(): void {
    this.program.dispose();
  }
}

function valueIn(model: TableModel, view: AttackerView, node: number): number {
  return view.values[node] ?? model.nodes[node]!.value ?? 0;
}

function binaryHas(sorted: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = sorted[mid]!;
    if (at === value) return true;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
