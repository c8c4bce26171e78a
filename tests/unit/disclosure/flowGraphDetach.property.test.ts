// Property: a flow graph with some edges taken out of their lists (FlowGraph.detach) finds the
// flows a graph built without them finds, path for path: the searches read each vertex's edges
// and its degree (a vertex of more than 64 edges is not looked ahead from), so both must be as
// if the edges were never added. And once put back (restoreDetached), the graph answers as
// before. The two ends have 58 to 70 edges, on both sides of that line, and which end a search
// starts from is chosen by their degrees too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowGraph } from '../../../src-main/disclosure/flowGraph.ts';

const VERTICES = 6;

type Edge = readonly [from: number, to: number, room: number, cost: number];

/** The edges each search moved, by their ends and room, in the order they moved. */
function moved(graph: FlowGraph, edges: readonly Edge[], ids: readonly number[]): string[] {
  const byId = new Map<number, number>();
  ids.forEach((id, i) => {
    if (id >= 0) byId.set(id, i);
  });
  return graph.changedEdges().map((e) => {
    const at = byId.get(e & ~1)!;
    const [from, to] = edges[at]!;
    return `${e & 1 ? `${to}>${from}` : `${from}>${to}`}:${at}:${graph.room(e)}`;
  });
}

function build(edges: readonly Edge[], leaveOut: ReadonlySet<number>): { graph: FlowGraph; ids: number[] } {
  const graph = new FlowGraph(VERTICES);
  const ids: number[] = [];
  edges.forEach(([u, v, room, cost], i) => {
    if (!leaveOut.has(i)) ids[i] = graph.addEdge(u, v, room, cost);
  });
  return { graph, ids };
}

describe('a flow graph with edges detached', () => {
  const edge = fc.tuple(fc.nat(VERTICES - 1), fc.nat(VERTICES - 1), fc.integer({ min: 1, max: 3 }), fc.nat(2));
  it('finds, path for path, what a graph built without them finds', () => {
    fc.assert(
      fc.property(
        // Many edges at vertices 0 and 5 (58 to 70 each), a few elsewhere, and some to take out.
        fc.integer({ min: 58, max: 70 }),
        fc.array(edge, { minLength: 4, maxLength: 16 }),
        fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 8 }),
        (spokes, others, out, amount) => {
          const edges: Edge[] = [
            ...Array.from({ length: spokes }, (_, i): Edge => [0, 1 + (i % 4), 1, i % 3]),
            ...Array.from({ length: spokes }, (_, i): Edge => [1 + ((i + 1) % 4), 5, 1, (i + 1) % 3]),
            ...others.filter(([u, v]) => u !== v),
          ];
          const leaveOut = new Set(out.map((i) => i % edges.length));
          const fresh = build(edges, leaveOut);
          const kept = build(edges, new Set());
          for (const i of leaveOut) {
            kept.graph.detach(kept.ids[i]!);
            kept.graph.detach(kept.ids[i]! ^ 1);
          }
          const ids = kept.ids.map((id, i) => (leaveOut.has(i) ? -1 : id));
          expect(kept.graph.maxFlow(0, 5, amount)).toBe(fresh.graph.maxFlow(0, 5, amount));
          expect(moved(kept.graph, edges, ids)).toEqual(moved(fresh.graph, edges, fresh.ids));
          kept.graph.reset();
          fresh.graph.reset();
          expect(kept.graph.minCostFlow(0, 5, amount)).toBe(fresh.graph.minCostFlow(0, 5, amount));
          expect(moved(kept.graph, edges, ids)).toEqual(moved(fresh.graph, edges, fresh.ids));
          kept.graph.reset();
          // Put back, the graph is the one built with every edge.
          kept.graph.restoreDetached();
          const whole = build(edges, new Set());
          expect(kept.graph.minCostFlow(0, 5, amount)).toBe(whole.graph.minCostFlow(0, 5, amount));
          expect(moved(kept.graph, edges, kept.ids)).toEqual(moved(whole.graph, edges, whole.ids));
        },
      ),
      { numRuns: 400, seed: 20261206 },
    );
  });
});
