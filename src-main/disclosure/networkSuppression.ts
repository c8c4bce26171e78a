// The complementary suppression of a table with margins as a minimum-cost flow (tau-Argus's
// network method): to let hidden cell e = (u -> v) rise by p, send p units from v back to u;
// to let it fall by p, send them from u to v. Hidden arcs carry flow for free, printed ones at
// their suppression cost per unit, forwards without limit and backwards up to their value
// (a count cannot go below 0); printed zeros stay fixed. The printed arcs the cheapest flow
// uses are the complements. This is the LP of secondarySuppression.ts's witness, solved on
// the network: same costs, same optimum.
import { FlowGraph } from './flowGraph.ts';
import type { TableNetwork } from './tableNetwork.ts';

const MOVED = 1e-9;

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
): { cost: number; moved: number[] } | null {
  const arcs = net.from.length;
  const graph = new FlowGraph(net.vertices, 4 * arcs);
  const forward = new Int32Array(arcs).fill(-1);
  const backward = new Int32Array(arcs).fill(-1);
  for (let a = 0; a < arcs; a++) {
    if (a === target) continue;
    const price = hidden[a] ? 0 : cost(a);
    if (price === null) continue;
    forward[a] = graph.addEdge(net.from[a]!, net.to[a]!, Infinity, price);
    backward[a] = graph.addEdge(net.to[a]!, net.from[a]!, net.value[a]!, price);
  }
  const u = net.from[target]!;
  const v = net.to[target]!;
  const total = direction === 1 ? graph.minCostFlow(v, u, level) : graph.minCostFlow(u, v, level);
  if (total === null) return null;
  const moved: number[] = [];
  for (let a = 0; a < arcs; a++) {
    if (hidden[a] || forward[a]! < 0) continue;
    // Flow on an edge is the room its reverse has gained.
    const shift = graph.room(forward[a]! ^ 1) - graph.room(backward[a]! ^ 1);
    if (Math.abs(shift) > MOVED) moved.push(a);
  }
  return { cost: total, moved };
}
