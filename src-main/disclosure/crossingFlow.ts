// One measure's flow in the joint check of records and persons (jointProtection.ts): hidden
// arcs move within their bounds (the other measure's cell of the same finest cell at its true
// value), or beyond them, at a price, where the other measure's cell is hidden too and can
// follow. The graph is built once per pattern and side; each demand only sets the rooms of the
// few arcs that earlier stages moved and of its own ends, and the graph is reset after it.
import { FlowGraph } from './flowGraph.ts';
import type { TableNetwork } from './tableNetwork.ts';

const EPSILON = 1e-6;
/** The price per unit of an arc moved beyond its bounds (within them, moving is free). */
const BEYOND_PRICE = 1;

/** Per arc of one side: its bounds with the other measure at its true values, and its link to the other side. */
export interface CrossingArcs {
  /** Room to rise and fall with the other measure's cell at its true value. */
  up: Float64Array;
  down: Float64Array;
  /** Per arc: the other measure's arc of the same finest cell, or -1. */
  partnerArc: Int32Array;
  /** Per arc: its true value. */
  truth: Float64Array;
  /** Whether the side counts persons (bounded above by records) or records (bounded below by persons). */
  persons: boolean;
}

/** An arc's earlier shifts: its own, and that of the other measure's cell of the same finest cell. */
export interface ArcShifts {
  own: number;
  theirs: number;
}

export interface CrossingStep {
  /** Per arc of this side that moved: its shift (the demands included). */
  shifts: Map<number, number>;
  /** Per arc of the other side: how far it must follow where this side went beyond its bounds. */
  crossings: Map<number, number>;
}

interface ArcRooms {
  up: number;
  down: number;
  upBeyond: number;
  downBeyond: number;
}

export class CrossingFlow {
  private readonly graph: FlowGraph;
  private readonly source: number;
  private readonly sink: number;
  /** Per arc: its first edge pair in the graph, and how many pairs it has (only rooms above 0 get one). */
  private readonly firstPair: Int32Array;
  private readonly pairCount: Uint8Array;
  /** Per pair of edges: its arc (-1 for a source or sink edge), its direction and whether it goes beyond the bounds. */
  private arcOfPair = new Int32Array(0);
  private signOfPair = new Int8Array(0);
  private beyondOfPair = new Uint8Array(0);
  /** Per pair: the last run that read its flow (a run reads each pair once, with no set to fill per run). */
  private runOfPair = new Uint32Array(0);
  private runs = 0;
  /** rooms() writes here: it is asked per arc of every pattern and per moved arc of every run. */
  private readonly scratch: ArcRooms = { up: 0, down: 0, upBeyond: 0, downBeyond: 0 };
  /** The edges of the pattern; those past it belong to one run and are removed after it. */
  private readonly baseEdges: number;

  constructor(
    private readonly net: TableNetwork,
    private readonly arcs: CrossingArcs,
    private readonly mask: Uint8Array,
    private readonly otherMask: Uint8Array,
  ) {
    const count = net.from.length;
    this.source = net.vertices;
    this.sink = net.vertices + 1;
    this.graph = new FlowGraph(net.vertices + 2, 4 * count);
    this.firstPair = new Int32Array(count).fill(-1);
    this.pairCount = new Uint8Array(count);
    // Room for two pairs per arc (within its bounds up and down) and a run's: few doublings.
    this.growPairs(2 * count + 64);
    for (let a = 0; a < count; a++) if (mask[a]) this.addArc(a, this.rooms(a, 0, 0));
    this.baseEdges = this.graph.edgeCount;
  }

  /** Adds arc `a`'s edges with room (free within its bounds, at a price beyond them). */
  private addArc(a: number, rooms: ArcRooms): void {
    const { net } = this;
    const first = this.graph.edgeCount >> 1;
    this.addRoom(net.from[a]!, net.to[a]!, rooms.up, a, 1, false);
    this.addRoom(net.to[a]!, net.from[a]!, rooms.down, a, -1, false);
    this.addRoom(net.from[a]!, net.to[a]!, rooms.upBeyond, a, 1, true);
    this.addRoom(net.to[a]!, net.from[a]!, rooms.downBeyond, a, -1, true);
    this.firstPair[a] = first;
    this.pairCount[a] = (this.graph.edgeCount >> 1) - first;
  }

  /** One direction of arc `a` as an edge pair, when it has room. */
  private addRoom(from: number, to: number, room: number, a: number, sign: 1 | -1, beyond: boolean): void {
    if (room > EPSILON) this.addPair(from, to, room, beyond ? BEYOND_PRICE : 0, a, sign, beyond);
  }

  private addPair(from: number, to: number, room: number, price: number, arc: number, sign: number, beyond: boolean) {
    const pair = this.graph.addEdge(from, to, room, price) >> 1;
    if (pair >= this.arcOfPair.length) this.growPairs(Math.max(64, 2 * pair));
    this.arcOfPair[pair] = arc;
    this.signOfPair[pair] = sign;
    this.beyondOfPair[pair] = beyond ? 1 : 0;
  }

  private growPairs(size: number): void {
    const arcOfPair = new Int32Array(size);
    arcOfPair.set(this.arcOfPair);
    const signOfPair = new Int8Array(size);
    signOfPair.set(this.signOfPair);
    const beyondOfPair = new Uint8Array(size);
    beyondOfPair.set(this.beyondOfPair);
    const runOfPair = new Uint32Array(size);
    runOfPair.set(this.runOfPair);
    this.arcOfPair = arcOfPair;
    this.signOfPair = signOfPair;
    this.beyondOfPair = beyondOfPair;
    this.runOfPair = runOfPair;
  }

  /** Closes arc `a`'s edges of the pattern for one run. */
  private close(a: number): void {
    const first = this.firstPair[a]!;
    for (let k = 0; k < this.pairCount[a]!; k++) this.graph.setRoom((first + k) << 1, 0);
  }

  /** Arc `a`'s rooms given its own and its partner's shifts so far (in a scratch object, read before the next call). */
  private rooms(a: number, own: number, theirs: number): ArcRooms {
    const { up: baseUp, down: baseDown, partnerArc, truth, persons } = this.arcs;
    const partner = partnerArc[a]!;
    const followed = partner >= 0 && this.otherMask[partner] === 1;
    let up = baseUp[a]!;
    let down = baseDown[a]! + own;
    let upBeyond = 0;
    let downBeyond = 0;
    if (partner >= 0 && persons) {
      up = Math.max(0, baseUp[a]! + theirs - own);
      if (followed) upBeyond = Infinity;
    } else if (partner >= 0) {
      up = baseUp[a]! === 0 ? 0 : Infinity;
      down = Math.max(0, baseDown[a]! + own - theirs);
      if (followed) downBeyond = Math.max(0, truth[a]! + own - down);
    } else if (up !== Infinity) up -= own;
    const rooms = this.scratch;
    rooms.up = up;
    rooms.down = down;
    rooms.upBeyond = upBeyond;
    rooms.downBeyond = downBeyond;
    return rooms;
  }

  /**
   * Each demanded arc moved by its shift, the other hidden arcs carrying it around within their
   * bounds (given the shifts so far) or beyond them where the other measure's cell is hidden:
   * every arc's shift and what the other side's arcs must do, or null when no flow does it.
   */
  run(demands: ReadonlyMap<number, number>, moved: ReadonlyMap<number, ArcShifts>): CrossingStep | null {
    const { net, graph } = this;
    const crossings = new Map<number, number>();
    const cross = (arc: number, shift: number) => crossings.set(arc, (crossings.get(arc) ?? 0) + shift);
    try {
      // Arcs that earlier stages moved get rooms of their own for this run.
      // forEach, not for-of: no entry pair per arc moved so far.
      moved.forEach(({ own, theirs }, a) => {
        if (!this.mask[a] || demands.has(a)) return;
        this.close(a);
        const first = this.firstPair[a]!;
        const pairs = this.pairCount[a]!;
        this.addArc(a, this.rooms(a, own, theirs));
        // The pattern's pairs stay the arc's (closed); the run's are read through the changed edges.
        this.firstPair[a] = first;
        this.pairCount[a] = pairs;
      });
      const supply = new Map<number, number>();
      const demand = new Map<number, number>();
      let total = 0;
      for (const [a, shift] of demands) {
        if (!this.mask[a]) return null;
        const earlier = moved.get(a);
        const rooms = this.rooms(a, earlier?.own ?? 0, earlier?.theirs ?? 0);
        const over = shift > 0 ? shift - rooms.up : -shift - rooms.down;
        if (over > EPSILON) {
          if ((shift > 0 ? rooms.upBeyond : rooms.downBeyond) < over - EPSILON) return null;
          cross(this.arcs.partnerArc[a]!, Math.sign(shift) * over);
        }
        this.close(a);
        const [start, end] = shift > 0 ? [net.to[a]!, net.from[a]!] : [net.from[a]!, net.to[a]!];
        supply.set(start, (supply.get(start) ?? 0) + Math.abs(shift));
        demand.set(end, (demand.get(end) ?? 0) + Math.abs(shift));
        total += Math.abs(shift);
      }
      for (const [v, amount] of supply) this.addPair(this.source, v, amount, 0, -1, 0, false);
      for (const [v, amount] of demand) this.addPair(v, this.sink, amount, 0, -1, 0, false);
      // From the sink: the source side reaches most of the graph at no cost (see minCostFlow).
      if (graph.minCostFlow(this.source, this.sink, total, true) === null) return null;
      const shifts = new Map(demands);
      if (this.runs === 0xffffffff) {
        this.runOfPair.fill(0);
        this.runs = 0;
      }
      const run = ++this.runs;
      const runOfPair = this.runOfPair;
      for (const e of graph.changedEdges()) {
        const pair = e >> 1;
        const a = this.arcOfPair[pair]!;
        if (a < 0 || runOfPair[pair] === run || demands.has(a)) continue;
        runOfPair[pair] = run;
        const flow = graph.room((pair << 1) | 1);
        if (flow <= EPSILON) continue;
        const shift = this.signOfPair[pair]! * flow;
        shifts.set(a, (shifts.get(a) ?? 0) + shift);
        if (this.beyondOfPair[pair]) cross(this.arcs.partnerArc[a]!, shift);
      }
      return { shifts, crossings };
    } finally {
      graph.reset();
      graph.removeFrom(this.baseEdges);
    }
  }
}
