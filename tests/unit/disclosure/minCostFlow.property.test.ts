// Property: FlowGraph.minCostFlow, searching each shortest path from the source or backwards
// from the sink (crossingFlow.ts asks for the latter), sends exactly what a plain
// successive-shortest-paths flow with Bellman-Ford sends at the same least cost, on random
// graphs with costs of 0 and more (many free edges, as in the joint check's networks), and the
// flow it leaves in the graph keeps every capacity, balances every vertex and costs what it said.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowGraph } from '../../../src-main/disclosure/flowGraph.ts';

interface Edge {
  from: number;
  to: number;
  capacity: number;
  cost: number;
}

/** The least cost of sending `amount` from s to t, or null when it cannot all go: Bellman-Ford on the residual graph. */
function bellmanFordFlow(
  vertices: number,
  edges: readonly Edge[],
  s: number,
  t: number,
  amount: number,
): number | null {
  // Residual edges in pairs: 2i forward, 2i + 1 its reverse.
  const to: number[] = [];
  const room: number[] = [];
  const cost: number[] = [];
  for (const e of edges) {
    to.push(e.to, e.from);
    room.push(e.capacity, 0);
    cost.push(e.cost, -e.cost);
  }
  const fromOf = (r: number) => (r % 2 === 0 ? edges[r >> 1]!.from : edges[r >> 1]!.to);
  let left = amount;
  let total = 0;
  while (left > 0) {
    const dist = new Array<number>(vertices).fill(Infinity);
    const via = new Array<number>(vertices).fill(-1);
    dist[s] = 0;
    for (let round = 0; round < vertices; round++) {
      let changed = false;
      for (let r = 0; r < to.length; r++) {
        const u = fromOf(r);
        if (room[r]! <= 0 || dist[u] === Infinity) continue;
        if (dist[u]! + cost[r]! < dist[to[r]!]!) {
          dist[to[r]!] = dist[u]! + cost[r]!;
          via[to[r]!] = r;
          changed = true;
        }
      }
      if (!changed) break;
    }
    if (dist[t] === Infinity) return null;
    let push = left;
    for (let v = t; v !== s; v = fromOf(via[v]!)) push = Math.min(push, room[via[v]!]!);
    for (let v = t; v !== s; v = fromOf(via[v]!)) {
      room[via[v]!]! -= push;
      room[via[v]! ^ 1]! += push;
    }
    total += push * dist[t]!;
    left -= push;
  }
  return total;
}

const graphs = fc.integer({ min: 3, max: 40 }).chain((vertices) =>
  fc.record({
    vertices: fc.constant(vertices),
    edges: fc.array(
      fc.record({
        from: fc.integer({ min: 0, max: vertices - 1 }),
        to: fc.integer({ min: 0, max: vertices - 1 }),
        capacity: fc.integer({ min: 1, max: 3 }),
        // Free edges are the common case; a few dear ones.
        cost: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 9 })),
      }),
      // Large: at the default size the arrays stay near a dozen edges and few flows get through.
      { minLength: 1, maxLength: 200, size: 'large' },
    ),
    amount: fc.integer({ min: 1, max: 30 }),
  }),
);

describe('minimum-cost flow from either end', () => {
  it('sends what Bellman-Ford sends at the same least cost, and leaves a valid flow', () => {
    fc.assert(
      fc.property(graphs, fc.boolean(), ({ vertices, edges, amount }, fromSink) => {
        const loops = edges.filter((e) => e.from !== e.to);
        const s = 0;
        const t = vertices - 1;
        const graph = new FlowGraph(vertices);
        const ids = loops.map((e) => graph.addEdge(e.from, e.to, e.capacity, e.cost));
        const got = graph.minCostFlow(s, t, amount, fromSink);
        const expected = bellmanFordFlow(vertices, loops, s, t, amount);
        expect(got).toBe(expected);
        if (got === null) return;
        const balance = new Array<number>(vertices).fill(0);
        let cost = 0;
        loops.forEach((e, i) => {
          const flow = e.capacity - graph.room(ids[i]!);
          expect(flow).toBeGreaterThanOrEqual(0);
          expect(flow).toBeLessThanOrEqual(e.capacity);
          balance[e.from]! -= flow;
          balance[e.to]! += flow;
          cost += flow * e.cost;
        });
        expect(cost).toBe(got);
        expect(balance).toEqual(balance.map((_, v) => (v === s ? -amount : v === t ? amount : 0)));
      }),
      { numRuns: 1500, seed: 19 },
    );
  });
});

describe('minimum-cost flow from the sink', () => {
  // Searched from t over the edges into each vertex, a graph is walked as its mirror (every edge
  // reversed, added in the same order) is walked forwards from t. With ends of as many edges,
  // the free paths too go from t: s -> a -> t and s -> b -> t tie, and each search takes another.
  it('takes the free path the mirrored graph takes from t forwards, on a tie of ends', () => {
    const edges = [
      [0, 1],
      [0, 2],
      [2, 3],
      [1, 3],
    ] as const;
    const graph = new FlowGraph(4);
    const mirror = new FlowGraph(4);
    const ids = edges.map(([from, to]) => graph.addEdge(from, to, 1, 0));
    const mirrorIds = edges.map(([from, to]) => mirror.addEdge(to, from, 1, 0));
    expect(graph.minCostFlow(0, 3, 1, true)).toBe(0);
    expect(mirror.minCostFlow(3, 0, 1)).toBe(0);
    const used = (g: FlowGraph, id: number) => 1 - g.room(id);
    expect(ids.map((id) => used(graph, id))).toEqual(mirrorIds.map((id) => used(mirror, id)));
    // One path, not both halves of each.
    expect(ids.map((id) => used(graph, id)).reduce((a, b) => a + b)).toBe(2);
  });
});

describe('minimum-cost flow: a search ends when its goal is final', () => {
  // Each search stops once no vertex left can shorten the goal: when the goal ties with the
  // vertex taken. Not before: the goal's first distance (2, by the direct edge) is not final
  // while a vertex at 1 may still lead to it at 1.
  it('takes the path through a vertex nearer than the goal, from either end', () => {
    for (const fromSink of [false, true]) {
      const graph = new FlowGraph(3);
      const direct = graph.addEdge(0, 2, 1, 2);
      // From the source the dear edge is the first; from the sink, the last.
      const first = fromSink ? graph.addEdge(0, 1, 1, 0) : graph.addEdge(0, 1, 1, 1);
      const second = fromSink ? graph.addEdge(1, 2, 1, 1) : graph.addEdge(1, 2, 1, 0);
      expect(graph.minCostFlow(0, 2, 1, fromSink)).toBe(1);
      expect([graph.room(direct), graph.room(first), graph.room(second)]).toEqual([1, 0, 0]);
    }
  });
});
