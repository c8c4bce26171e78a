// A table with margins as a network whose arcs may move only within bounds: the network of
// networkAudit.ts and networkSuppression.ts, with a room to rise and a room to fall per arc
// instead of "rise without limit, fall to 0". Records and persons of the same cells bound each
// other cell by cell (persons <= records), so with the other measure held at its true values
// each measure is such a network: a flow in it is a table the joint attacker cannot rule out.
import { FlowGraph } from './flowGraph.ts';
import type { TableNetwork } from './tableNetwork.ts';

const MOVED = 1e-9;
const EPSILON = 1e-6;

export interface ArcRoom {
  /** How far each arc may rise and fall (Infinity: no limit). */
  up: Float64Array;
  down: Float64Array;
}

/** One leg of a movement: `arc` moved by `amount` in `direction`. */
export interface ArcMove {
  arc: number;
  direction: 1 | -1;
  amount: number;
}

/** The hidden arcs of a bounded network, for checks: can a hidden arc move so far with only hidden arcs moving? */
export class BoundedChecks {
  private readonly graph: FlowGraph;
  private readonly edgeOf: Int32Array;
  /** Per pair of edges (an arc's forward edge and its reverse): the arc. */
  private readonly arcOfPair: number[] = [];

  constructor(
    private readonly net: TableNetwork,
    private readonly room: ArcRoom,
    private readonly hidden: Uint8Array,
  ) {
    const arcs = net.from.length;
    this.graph = new FlowGraph(net.vertices, 2 * arcs);
    this.edgeOf = new Int32Array(arcs).fill(-1);
    for (let a = 0; a < arcs; a++) if (hidden[a]) this.addEdges(a);
  }

  private addEdges(a: number): void {
    this.edgeOf[a] = this.graph.addPair(this.net.from[a]!, this.net.to[a]!, this.room.up[a]!, this.room.down[a]!);
    this.arcOfPair[this.edgeOf[a]! >> 1] = a;
  }

  hide(arc: number): void {
    if (this.hidden[arc]) return;
    this.hidden[arc] = 1;
    this.addEdges(arc);
  }

  isHidden(arc: number): boolean {
    return this.hidden[arc] === 1;
  }

  /** How far hidden `arc` can rise, up to `limit`, the other hidden arcs within their rooms. */
  rise(arc: number, limit: number): number {
    const edge = this.edgeOf[arc]!;
    if (edge < 0) return 0;
    const graph = this.graph;
    graph.reset();
    graph.setRoom(edge, 0);
    graph.setRoom(edge ^ 1, 0);
    try {
      return Math.min(this.room.up[arc]!, graph.maxFlow(this.net.to[arc]!, this.net.from[arc]!, limit));
    } finally {
      graph.reset();
    }
  }

  /** Whether hidden `arc` can move by `amount` in `direction`, the other hidden arcs within their rooms. */
  canMove(arc: number, direction: 1 | -1, amount: number): boolean {
    return this.movement(arc, direction, amount) !== null;
  }

  /**
   * A movement of hidden `arc` by `amount` in `direction` with the other hidden arcs within their
   * rooms: per arc that moved, its shift (the target's included), or null when there is none.
   */
  movement(arc: number, direction: 1 | -1, amount: number): Map<number, number> | null {
    const own = direction === 1 ? this.room.up[arc]! : this.room.down[arc]!;
    if (own < amount - EPSILON) return null;
    const edge = this.edgeOf[arc]!;
    if (edge < 0) return null;
    const graph = this.graph;
    const u = this.net.from[arc]!;
    const v = this.net.to[arc]!;
    graph.reset();
    graph.setRoom(edge, 0);
    graph.setRoom(edge ^ 1, 0);
    try {
      const flow = direction === 1 ? graph.maxFlow(v, u, amount) : graph.maxFlow(u, v, amount);
      if (flow < amount - EPSILON) return null;
      const shifts = new Map<number, number>([[arc, direction * amount]]);
      for (const e of graph.changedEdges()) {
        const a = this.arcOfPair[e >> 1]!;
        if (a === arc || shifts.has(a)) continue;
        // Pushing along the forward edge raises the arc and gives its reverse (room `down` at the start) that much room.
        const shift = graph.room((e & ~1) ^ 1) - this.room.down[a]!;
        if (Math.abs(shift) > MOVED) shifts.set(a, shift);
      }
      return shifts;
    } finally {
      graph.reset();
    }
  }
}

/**
 * The cheapest movement that moves `target` by `amount` in `direction`: hidden arcs move for
 * free, others at `price(arc)` per unit (null: must not move), each within its room, and an arc
 * may carry a second, dearer room (`extra`) beyond its own. Returns the legs of every arc that
 * moved (the target's excluded), or null when no movement reaches the amount.
 *
 * Without `extra`, the graph of the last call on the network is kept: a fix asks for a hundred
 * movements over the same network whose prices only fall as it hides cells, so the same arcs
 * have edges and only their costs change. The target's own edges are taken out of the lists for
 * the call, so the graph searches exactly as one built without them; any other change (an arc
 * priced that was not, or the other way, a room changed) builds the graph afresh.
 */
export function cheapestMovement(
  net: TableNetwork,
  room: ArcRoom,
  price: (arc: number) => number | null,
  target: number,
  direction: 1 | -1,
  amount: number,
  extra?: { room: ArcRoom; price: (arc: number) => number | null },
): { cost: number; legs: ArcMove[]; extraLegs: ArcMove[] } | null {
  const arcs = net.from.length;
  // Each arc: an edge up and one down (and their reverses), twice with a second room.
  const scratch = movementScratch(net, (extra ? 8 : 4) * arcs);
  const { graph, pairs } = scratch;
  if (extra) {
    scratch.kept = null;
    graph.clear();
    const add = (a: number, up: number, down: number, cost: number, isExtra: boolean) => {
      if (up > EPSILON) pairs.note(graph.addEdge(net.from[a]!, net.to[a]!, up, cost), a, 1, isExtra);
      if (down > EPSILON) pairs.note(graph.addEdge(net.to[a]!, net.from[a]!, down, cost), a, -1, isExtra);
    };
    for (let a = 0; a < arcs; a++) {
      if (a === target) continue;
      const cost = price(a);
      if (cost !== null) add(a, room.up[a]!, room.down[a]!, cost, false);
      const beyond = extra.price(a);
      if (beyond !== null) add(a, extra.room.up[a]!, extra.room.down[a]!, beyond, true);
    }
  } else keepGraph(scratch, net, room, price, target);
  try {
    const u = net.from[target]!;
    const v = net.to[target]!;
    const total = direction === 1 ? graph.minCostFlow(v, u, amount) : graph.minCostFlow(u, v, amount);
    if (total === null) return null;
    const net1 = new Map<number, number>();
    const beyond = new Map<number, number>();
    // Only pairs the flow touched carry any (a reverse starts with no room), read in the
    // order of the pairs, as a walk over every pair would: the legs come out in that order.
    const touched = [...new Set(graph.changedEdges().map((e) => e >> 1))].sort((a, b) => a - b);
    for (const pair of touched) {
      const flow = graph.room((pair << 1) ^ 1);
      if (flow <= MOVED) continue;
      const arc = pairs.arc[pair]!;
      const into = pairs.extra[pair] ? beyond : net1;
      into.set(arc, (into.get(arc) ?? 0) + pairs.direction[pair]! * flow);
    }
    const legsOf = (moves: Map<number, number>): ArcMove[] =>
      [...moves]
        .filter(([, shift]) => Math.abs(shift) > MOVED)
        .map(([arc, shift]) => ({ arc, direction: shift > 0 ? 1 : -1, amount: Math.abs(shift) }) as ArcMove);
    return { cost: total, legs: legsOf(net1), extraLegs: legsOf(beyond) };
  } finally {
    if (scratch.kept) {
      graph.reset();
      graph.restoreDetached();
    }
  }
}

/** What the kept graph of a network was built with: per arc its price (NaN: none), its rooms and its two edges (-1: none). */
interface KeptGraph {
  price: Float64Array;
  up: Float64Array;
  down: Float64Array;
  upEdge: Int32Array;
  downEdge: Int32Array;
}

/**
 * Makes the scratch graph every arc's edges at today's prices, with `target`'s taken out: the
 * kept one with costs updated when no arc other than the target gains or loses an edge, else
 * built again (the target included, so a later call on another target can keep it).
 */
function keepGraph(
  scratch: MovementScratch,
  net: TableNetwork,
  room: ArcRoom,
  price: (arc: number) => number | null,
  target: number,
): void {
  const arcs = net.from.length;
  const asked = scratch.asked.length === arcs ? scratch.asked : (scratch.asked = new Float64Array(arcs));
  // One pass over the arcs (a fix asks for thousands of movements on a network of tens of
  // thousands of arcs): each arc's price asked, and while the kept graph still holds, its new
  // cost set there at once. A kept graph found not to hold is built afresh from `asked`, so
  // the costs set before that do not matter.
  let kept = scratch.kept;
  for (let a = 0; a < arcs; a++) {
    const cost = price(a) ?? NaN;
    asked[a] = cost;
    if (kept === null || a === target) continue;
    if (!keepsArc(kept, a, cost, room)) kept = null;
    else if (!Number.isNaN(cost) && cost !== kept.price[a]) {
      if (kept.upEdge[a]! >= 0) scratch.graph.setCost(kept.upEdge[a]!, cost);
      if (kept.downEdge[a]! >= 0) scratch.graph.setCost(kept.downEdge[a]!, cost);
      kept.price[a] = cost;
    }
  }
  if (kept === null) {
    // Forgotten first: a build that throws part-way must not leave the old graph's edges kept.
    scratch.kept = null;
    scratch.kept = buildKept(scratch, net, room, asked);
  }
  const { upEdge, downEdge } = scratch.kept!;
  for (const edge of [upEdge[target]!, downEdge[target]!]) {
    if (edge < 0) continue;
    scratch.graph.detach(edge);
    scratch.graph.detach(edge ^ 1);
  }
}

/** Whether arc `a`, asked at `cost` (NaN: none), has an edge exactly where the kept graph has one, with the same rooms. */
function keepsArc(kept: KeptGraph, a: number, cost: number, room: ArcRoom): boolean {
  if (Number.isNaN(cost) !== Number.isNaN(kept.price[a]!)) return false;
  return room.up[a] === kept.up[a] && room.down[a] === kept.down[a];
}

function buildKept(scratch: MovementScratch, net: TableNetwork, room: ArcRoom, asked: Float64Array): KeptGraph {
  const { graph, pairs } = scratch;
  const arcs = net.from.length;
  graph.clear();
  const kept: KeptGraph = {
    price: asked.slice(),
    up: Float64Array.from(room.up),
    down: Float64Array.from(room.down),
    upEdge: new Int32Array(arcs).fill(-1),
    downEdge: new Int32Array(arcs).fill(-1),
  };
  for (let a = 0; a < arcs; a++) {
    const cost = asked[a]!;
    if (Number.isNaN(cost)) continue;
    const up = room.up[a]!;
    const down = room.down[a]!;
    if (up > EPSILON) {
      kept.upEdge[a] = graph.addEdge(net.from[a]!, net.to[a]!, up, cost);
      pairs.note(kept.upEdge[a]!, a, 1, false);
    }
    if (down > EPSILON) {
      kept.downEdge[a] = graph.addEdge(net.to[a]!, net.from[a]!, down, cost);
      pairs.note(kept.downEdge[a]!, a, -1, false);
    }
  }
  return kept;
}

/** Per edge pair of a movement's graph: its arc, its direction and whether it is the dearer room. */
class PairNotes {
  arc: Int32Array;
  direction: Int8Array;
  extra: Uint8Array;

  constructor(size: number) {
    this.arc = new Int32Array(size);
    this.direction = new Int8Array(size);
    this.extra = new Uint8Array(size);
  }

  note(edge: number, arc: number, direction: 1 | -1, extra: boolean): void {
    const pair = edge >> 1;
    if (pair >= this.arc.length) this.grow(2 * pair + 2);
    this.arc[pair] = arc;
    this.direction[pair] = direction;
    this.extra[pair] = extra ? 1 : 0;
  }

  private grow(size: number): void {
    const arc = new Int32Array(size);
    arc.set(this.arc);
    const direction = new Int8Array(size);
    direction.set(this.direction);
    const extra = new Uint8Array(size);
    extra.set(this.extra);
    Object.assign(this, { arc, direction, extra });
  }
}

/**
 * The graph of one movement and its notes, kept per network for the next: a fix asks for a
 * hundred movements over the same network, and each graph holds every arc.
 */
interface MovementScratch {
  graph: FlowGraph;
  pairs: PairNotes;
  /** What the graph holds when it is kept between calls (null: built for one call, with a second room). */
  kept: KeptGraph | null;
  /** Per arc: the prices of the call under way (NaN: none). */
  asked: Float64Array;
}

const movementScratches = new WeakMap<TableNetwork, MovementScratch>();

function movementScratch(net: TableNetwork, edges: number): MovementScratch {
  let scratch = movementScratches.get(net);
  if (scratch === undefined) {
    scratch = {
      graph: new FlowGraph(net.vertices, edges),
      pairs: new PairNotes(edges >> 1),
      kept: null,
      asked: new Float64Array(0),
    };
    movementScratches.set(net, scratch);
  }
  return scratch;
}
