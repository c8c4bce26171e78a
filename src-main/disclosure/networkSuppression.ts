// The complementary suppression of a table with margins as a minimum-cost flow (tau-Argus's
// network method): to let hidden cell e = (u -> v) rise by p, send p units from v back to u;
// to let it fall by p, send them from u to v. Hidden arcs carry flow for free, printed ones at
// their suppression cost per unit, forwards without limit and backwards up to their value
// (a count cannot go below 0); printed zeros stay fixed. The printed arcs the cheapest flow
// uses are the complements. This is the LP of secondarySuppression.ts's witness, solved on
// the network: same costs, same optimum.
//
// The graph is built once per table and kept: hiding an arc makes its edges free, and each
// search takes the target's own edges out, runs, and puts every room back. Only the edges a
// search touched are looked at afterwards, so one search costs what Dijkstra visits, not the
// size of the table.
import { FlowGraph } from './flowGraph.ts';
import type { TableNetwork } from './tableNetwork.ts';

const MOVED = 1e-9;

export interface Witness {
  cost: number;
  moved: number[];
}

export class WitnessNetwork {
  private readonly graph: FlowGraph;
  /** Per arc: its forward edge (the backward one is forward + 2), or -1 when it may not move. */
  private readonly forward: Int32Array;
  private readonly hidden: Uint8Array;
  /** Per group of four edges (an arc's two edges and their reverses): the arc. */
  private readonly arcOfGroup: number[] = [];

  /**
   * `hidden` arcs move for free; `cost(arc)` is the price per unit of moving a printed arc, or
   * null for one that must not move.
   */
  constructor(
    private readonly net: TableNetwork,
    hidden: Uint8Array,
    cost: (arc: number) => number | null,
  ) {
    const arcs = net.from.length;
    this.hidden = Uint8Array.from(hidden);
    this.graph = new FlowGraph(net.vertices, 4 * arcs);
    this.forward = new Int32Array(arcs).fill(-1);
    for (let a = 0; a < arcs; a++) {
      const price = hidden[a] ? 0 : cost(a);
      if (price !== null) this.addArc(a, price);
    }
  }

  private addArc(a: number, price: number): void {
    this.arcOfGroup.push(a);
    this.forward[a] = this.graph.addEdge(this.net.from[a]!, this.net.to[a]!, Infinity, price);
    this.graph.addEdge(this.net.to[a]!, this.net.from[a]!, this.net.value[a]!, price);
  }

  /** A hidden arc moves for free from now on. */
  hide(a: number): void {
    if (this.hidden[a]) return;
    this.hidden[a] = 1;
    const edge = this.forward[a]!;
    if (edge < 0) return this.addArc(a, 0);
    this.graph.setCost(edge, 0);
    this.graph.setCost(edge + 2, 0);
  }

  /** The cheapest set of printed arcs to hide so that `target` can move by `level` in `direction`, or null. */
  witness(target: number, direction: 1 | -1, level: number): Witness | null {
    const graph = this.graph;
    const own = this.forward[target]!;
    if (own >= 0) {
      graph.setRoom(own, 0);
      graph.setRoom(own + 2, 0);
    }
    const u = this.net.from[target]!;
    const v = this.net.to[target]!;
    try {
      const total = direction === 1 ? graph.minCostFlow(v, u, level) : graph.minCostFlow(u, v, level);
      if (total === null) return null;
      const moved = new Set<number>();
      for (const edge of graph.changedEdges()) {
        const a = this.arcOfGroup[edge >> 2]!;
        if (a === target || this.hidden[a] || moved.has(a)) continue;
        const f = this.forward[a]!;
        // Flow on an edge is the room its reverse has gained.
        const shift = graph.room(f ^ 1) - graph.room((f + 2) ^ 1);
        if (Math.abs(shift) > MOVED) moved.add(a);
      }
      return { cost: total, moved: [...moved] };
    } finally {
      graph.reset();
    }
  }
}

/**
 * The cheapest set of printed arcs to hide so that `target` can move by `level` in `direction`,
 * or null when no pattern can. `cost(arc)` is null for a printed arc that must not move.
 */
export function networkWitness(
  net: TableNetwork,
  hidden: Uint8Array,
  cost: (arc: number) => number | null,
  target: number,
  direction: 1 | -1,
  level: number,
): Witness | null {
  return new WitnessNetwork(net, hidden, cost).witness(target, direction, level);
}
