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

/** The max-flow graph of the hidden arcs; `edgeOf[arc]` is its forward edge, -1 when printed. */
export function hiddenGraph(net: TableNetwork, hidden: Uint8Array): { graph: FlowGraph; edgeOf: Int32Array } {
  const arcs = net.from.length;
  const graph = new FlowGraph(net.vertices, 4 * arcs);
  const edgeOf = new Int32Array(arcs).fill(-1);
  for (let a = 0; a < arcs; a++) {
    if (hidden[a]) edgeOf[a] = graph.addPair(net.from[a]!, net.to[a]!, Infinity, net.value[a]!);
  }
  graph.freeze();
  return { graph, edgeOf };
}

/** How far arc `a` can rise and fall (each capped at `limit`) with the other hidden arcs moving. */
function slack(
  net: TableNetwork,
  graph: FlowGraph,
  edge: number,
  a: number,
  limit: number,
): { rise: number; fall: number } {
  const u = net.from[a]!;
  const v = net.to[a]!;
  const value = net.value[a]!;
  graph.reset();
  graph.setRoom(edge, 0);
  graph.setRoom(edge ^ 1, 0);
  const rise = limit === Infinity && graph.unlimitedPath(v, u) ? Infinity : graph.maxFlow(v, u, limit);
  graph.reset();
  graph.setRoom(edge, 0);
  graph.setRoom(edge ^ 1, 0);
  const fall = graph.maxFlow(u, v, Math.min(value, limit));
  return { rise, fall };
}

/** The interval of each hidden target arc, rounded inwards to whole counts as the LP audit does. */
export function arcIntervals(
  net: TableNetwork,
  hidden: Uint8Array,
  targets: readonly number[],
  limit = Infinity,
): Map<number, ArcInterval> {
  const { graph, edgeOf } = hiddenGraph(net, hidden);
  const out = new Map<number, ArcInterval>();
  for (const a of targets) {
    const edge = edgeOf[a]!;
    if (edge < 0) throw new Error('Only a hidden number has an interval.');
    const value = net.value[a]!;
    const { rise, fall } = slack(net, graph, edge, a, limit);
    out.set(a, {
      lower: Math.max(0, Math.ceil(value - fall - EPSILON)),
      upper: rise === Infinity ? Infinity : Math.floor(value + rise + EPSILON),
    });
  }
  return out;
}
