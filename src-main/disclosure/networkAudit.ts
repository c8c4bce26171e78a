// The attacker's bounds on a table with margins, by maximum flow instead of two LPs per cell.
// Moving hidden numbers while every printed one stays put is a circulation on the hidden arcs
// in which arc a may fall by at most its value x_a and rise without limit. So cell e = (u -> v)
// can rise by the maximum flow from v back to u through the other hidden arcs (each with room
// infinity forwards and x_a backwards), and fall by the maximum flow from u to v, at most x_e.
// The network's constraint matrix is totally unimodular, so these are the LP's bounds exactly.
import { FlowGraph } from './flowGraph.ts';
import type { TableNetwork } from './tableNetwork.ts';

const EPSILON = 1e-6;

export interface ArcInterval {
  lower: number;
  upper: number;
}

/**
 * The hidden arcs of a network as a max-flow graph (room infinity forwards, the value backwards).
 * Hiding one more arc adds its edges; nothing is rebuilt.
 */
export class HiddenNetwork {
  private readonly graph: FlowGraph;
  private readonly edgeOf: Int32Array;

  constructor(
    readonly net: TableNetwork,
    private readonly hidden: Uint8Array,
  ) {
    const arcs = net.from.length;
    this.graph = new FlowGraph(net.vertices, 4 * arcs);
    this.edgeOf = new Int32Array(arcs).fill(-1);
    for (let a = 0; a < arcs; a++) if (hidden[a]) this.addEdges(a);
  }

  private addEdges(a: number): void {
    this.edgeOf[a] = this.graph.addPair(this.net.from[a]!, this.net.to[a]!, Infinity, this.net.value[a]!);
  }

  /** The hidden mask (read-only by convention: change it through `hide`). */
  get mask(): Uint8Array {
    return this.hidden;
  }

  hide(arc: number): void {
    if (this.hidden[arc]) return;
    this.hidden[arc] = 1;
    this.addEdges(arc);
  }

  /** How far hidden arc `a` can rise (or fall), capped at `limit`, the other hidden arcs moving. */
  private slack(a: number, direction: 1 | -1, limit: number): number {
    const graph = this.graph;
    const edge = this.edgeOf[a]!;
    if (edge < 0) throw new Error('Only a hidden number has an interval.');
    const u = this.net.from[a]!;
    const v = this.net.to[a]!;
    graph.reset();
    graph.setRoom(edge, 0);
    graph.setRoom(edge ^ 1, 0);
    if (direction === -1) return graph.maxFlow(u, v, Math.min(this.net.value[a]!, limit));
    return graph.maxFlow(v, u, limit);
  }

  /** The interval of hidden arc `a`, rounded inwards to whole counts as the LP audit does. */
  interval(a: number, limit = Infinity): ArcInterval {
    const value = this.net.value[a]!;
    const rise = this.slack(a, 1, limit);
    const fall = this.slack(a, -1, limit);
    return {
      lower: Math.max(0, Math.ceil(value - fall - EPSILON)),
      upper: rise === Infinity ? Infinity : Math.floor(value + rise + EPSILON),
    };
  }

  /**
   * The interval of hidden arc `a` clipped to [lower, upper] (bounds known another way): each
   * flow stops at the clip, sparing the search that would show it could go no further.
   */
  clipped(a: number, lower: number, upper: number): ArcInterval {
    const value = this.net.value[a]!;
    const rise = this.slack(a, 1, Math.max(0, upper - value));
    const fall = this.slack(a, -1, Math.max(0, value - lower));
    return {
      lower: Math.max(lower, 0, Math.ceil(value - fall - EPSILON)),
      upper: Math.min(upper, rise === Infinity ? Infinity : Math.floor(value + rise + EPSILON)),
    };
  }

  /** Whether hidden arc `a` can move `level` either way; the fall is asked only when the rise falls short. */
  canMove(a: number, level: number): boolean {
    const value = this.net.value[a]!;
    if (Math.floor(value + this.slack(a, 1, level) + EPSILON) >= value + level) return true;
    if (value < level) return false;
    return Math.ceil(value - this.slack(a, -1, level) - EPSILON) <= value - level;
  }
}

/** The interval of each hidden target arc (each end at most `limit` from the value). */
export function arcIntervals(
  net: TableNetwork,
  hidden: Uint8Array,
  targets: readonly number[],
  limit = Infinity,
): Map<number, ArcInterval> {
  const network = new HiddenNetwork(net, hidden);
  return new Map(targets.map((a) => [a, network.interval(a, limit)]));
}
