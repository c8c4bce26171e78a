// Whether a view's table moved by a few shifts still satisfies every relation: only the
// relations a moved node is in are looked at, and a relation's members are summed once, for the
// unmoved table, so a column of thousands of cells costs no more than a row of a few. Asked
// thousands of times per pattern, it keeps its lists in typed arrays and reuses its work arrays.
// A margin of distinct persons is at least each of its hundreds of members: those relations are
// listed apart, and a moved margin still at least its largest member (unmoved) skips them all
// (a moved member looks at its own relation anyway).
import type { AttackerView } from './attackerViews.ts';
import type { Constraint } from './tableModel.ts';

const EPSILON = 1e-6;

export class ShiftedTable {
  /** Per node: its relations (indices into the view's constraints) but the atLeast ones it is the total of, listed apart below, at relations[first[n]] up to first[n + 1]. */
  private readonly first: Int32Array;
  private readonly relations: Int32Array;
  /** Per node: the atLeast relations it is the total of (member another node), at above[firstAbove[n]] up to firstAbove[n + 1]. */
  private readonly firstAbove: Int32Array;
  private readonly above: Int32Array;
  /** Per node: the largest unmoved value of the members those relations hold it above (-Infinity: none). */
  private readonly highestBelow: Float64Array;
  /** Per relation: the sum of its members' unmoved values (atLeast: unused). */
  private readonly memberSums: Float64Array;
  private readonly constraints: readonly Constraint[];
  private readonly value: Float64Array;
  /** Per relation, during one check: how far its members' sum moved, and whether a moved node is in it. */
  private readonly delta: Float64Array;
  private readonly touched: Uint8Array;
  private readonly touchedList: Int32Array;
  /** Per node, during one check: its shift. */
  private readonly shift: Float64Array;
  /** During one check: the moved nodes and their shifts, read off the map once (no entry pair per node). */
  private movedNodes = new Int32Array(64);
  private movedBy = new Float64Array(64);

  constructor(view: AttackerView, valueOf: (node: number) => number, nodes: number) {
    const constraints = view.constraints;
    this.constraints = constraints;
    this.value = new Float64Array(nodes);
    for (let n = 0; n < nodes; n++) this.value[n] = valueOf(n);
    this.memberSums = new Float64Array(constraints.length);
    // Each node once per relation, even where it is both the total and a member: counted, then
    // listed, in two plain passes (no closure per relation: a joint model has tens of thousands).
    const count = new Int32Array(nodes + 1);
    const aboveCount = new Int32Array(nodes + 1);
    this.highestBelow = new Float64Array(nodes).fill(-Infinity);
    const lastSeen = new Int32Array(nodes).fill(-1);
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      lastSeen[c.total] = i;
      if (c.kind === 'atLeast') {
        if (lastSeen[c.member] !== i) {
          lastSeen[c.member] = i;
          count[c.member + 1]!++;
          aboveCount[c.total + 1]!++;
          this.highestBelow[c.total] = Math.max(this.highestBelow[c.total]!, this.value[c.member]!);
        } else count[c.total + 1]!++;
        continue;
      }
      count[c.total + 1]!++;
      for (const m of c.members) {
        if (lastSeen[m] === i) continue;
        lastSeen[m] = i;
        count[m + 1]!++;
      }
    }
    this.first = new Int32Array(nodes + 1);
    this.firstAbove = new Int32Array(nodes + 1);
    for (let n = 0; n < nodes; n++) {
      this.first[n + 1] = this.first[n]! + count[n + 1]!;
      this.firstAbove[n + 1] = this.firstAbove[n]! + aboveCount[n + 1]!;
    }
    const relations = new Int32Array(this.first[nodes]!);
    const above = new Int32Array(this.firstAbove[nodes]!);
    const fill = this.first.slice(0, nodes);
    const fillAbove = this.firstAbove.slice(0, nodes);
    lastSeen.fill(-1);
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      lastSeen[c.total] = i;
      if (c.kind === 'atLeast') {
        if (lastSeen[c.member] !== i) {
          lastSeen[c.member] = i;
          relations[fill[c.member]!++] = i;
          above[fillAbove[c.total]!++] = i;
        } else relations[fill[c.total]!++] = i;
        continue;
      }
      relations[fill[c.total]!++] = i;
      let sum = 0;
      for (const m of c.members) {
        sum += this.value[m]!;
        if (lastSeen[m] === i) continue;
        lastSeen[m] = i;
        relations[fill[m]!++] = i;
      }
      this.memberSums[i] = sum;
    }
    this.relations = relations;
    this.above = above;
    this.delta = new Float64Array(constraints.length);
    this.touched = new Uint8Array(constraints.length);
    this.touchedList = new Int32Array(constraints.length);
    this.shift = new Float64Array(nodes);
  }

  /** Whether the table with each node of `shifts` moved by its shift is still one the view allows. */
  holds(shifts: ReadonlyMap<number, number>): boolean {
    const { first, relations, firstAbove, above, highestBelow, delta, touched, touchedList, shift, value } = this;
    let size = 0;
    if (shifts.size > this.movedNodes.length) {
      this.movedNodes = new Int32Array(2 * shifts.size);
      this.movedBy = new Float64Array(2 * shifts.size);
    }
    const { movedNodes, movedBy } = this;
    let moved = 0;
    shifts.forEach((by, node) => {
      movedNodes[moved] = node;
      movedBy[moved++] = by;
      shift[node] = by;
    });
    try {
      for (let j = 0; j < moved; j++) {
        const node = movedNodes[j]!;
        const by = movedBy[j]!;
        if (value[node]! + by < -EPSILON) return false;
        if (by === 0) continue;
        for (let k = first[node]!; k < first[node + 1]!; k++) {
          const i = relations[k]!;
          if (!touched[i]) {
            touched[i] = 1;
            touchedList[size++] = i;
          }
          if (this.constraints[i]!.total !== node) delta[i] = delta[i]! + by;
        }
        if (value[node]! + by >= highestBelow[node]! - EPSILON) continue;
        for (let k = firstAbove[node]!; k < firstAbove[node + 1]!; k++) {
          const i = above[k]!;
          if (!touched[i]) {
            touched[i] = 1;
            touchedList[size++] = i;
          }
        }
      }
      for (let k = 0; k < size; k++) {
        const i = touchedList[k]!;
        const c = this.constraints[i]!;
        const total = value[c.total]! + shift[c.total]!;
        if (c.kind === 'atLeast') {
          if (total < value[c.member]! + shift[c.member]! - EPSILON) return false;
          continue;
        }
        const sum = this.memberSums[i]! + delta[i]!;
        if (c.kind === 'sum' ? Math.abs(total - sum) > EPSILON : total > sum + EPSILON) return false;
      }
      return true;
    } finally {
      for (let j = 0; j < moved; j++) shift[movedNodes[j]!] = 0;
      for (let k = 0; k < size; k++) {
        const i = touchedList[k]!;
        touched[i] = 0;
        delta[i] = 0;
      }
    }
  }
}
