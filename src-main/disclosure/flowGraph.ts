// A residual graph for the network checks: maximum flow (Dinic), whether an uncapacitated path
// exists, and minimum-cost flow (successive shortest paths with Dijkstra on reduced costs).
// Edges come in pairs: edge e and its reverse e ^ 1, so pushing f along e frees f on e ^ 1.

const EPSILON = 1e-9;
/** Flows up to this size go by depth-first augmenting paths (see depthFirstPaths). */
const SHORT_FLOW = 200;
/** A search's ball around its goal grows over at most this many edges. */
const BALL_EDGES = 128;
/** A vertex with at most this many edges looks for a step into the ball when entered. */
const LOOKAHEAD = 64;

export class FlowGraph {
  readonly vertices: number;
  private readonly head: Int32Array;
  /** Per vertex: how many edges leave it (each also enters it as a reverse). */
  private readonly degree: Int32Array;
  private next: Int32Array;
  private target: Int32Array;
  private capacity: Float64Array;
  private cost: Float64Array;
  private initial: Float64Array;
  private count = 0;
  /** Edges whose room changed since the last reset (with repeats). */
  private touched: number[] = [];
  /** Work arrays of the searches, made once per graph: a search is often far smaller than allocating them. */
  private searchScratch: SearchScratch | null = null;
  private pathScratch: PathScratch | null = null;
  /** Edges taken out of their lists (detach), each with the edge before it there (-1: first), latest last. */
  private readonly detached: number[] = [];

  constructor(vertices: number, expectedEdges = 16) {
    this.vertices = vertices;
    this.head = new Int32Array(vertices).fill(-1);
    this.degree = new Int32Array(vertices);
    this.next = new Int32Array(expectedEdges);
    this.target = new Int32Array(expectedEdges);
    this.capacity = new Float64Array(expectedEdges);
    this.cost = new Float64Array(expectedEdges);
    this.initial = new Float64Array(expectedEdges);
  }

  private grow(): void {
    const size = Math.max(16, this.next.length * 2);
    const copy = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.next = copy(this.next, (n) => new Int32Array(n));
    this.target = copy(this.target, (n) => new Int32Array(n));
    this.capacity = copy(this.capacity, (n) => new Float64Array(n));
    this.cost = copy(this.cost, (n) => new Float64Array(n));
    this.initial = copy(this.initial, (n) => new Float64Array(n));
  }

  private push(from: number, to: number, capacity: number, cost: number): number {
    if (this.count === this.next.length) this.grow();
    const e = this.count++;
    this.target[e] = to;
    this.capacity[e] = capacity;
    this.initial[e] = capacity;
    this.cost[e] = cost;
    this.next[e] = this.head[from]!;
    this.head[from] = e;
    this.degree[from] = this.degree[from]! + 1;
    return e;
  }

  /** u -> v with `forward` room and v -> u with `backward` room, each the other's reverse (no costs). */
  addPair(u: number, v: number, forward: number, backward: number): number {
    const e = this.push(u, v, forward, 0);
    this.push(v, u, backward, 0);
    return e;
  }

  /** u -> v with room and a cost per unit; its reverse starts empty and refunds the cost. */
  addEdge(u: number, v: number, capacity: number, cost: number): number {
    const e = this.push(u, v, capacity, cost);
    this.push(v, u, 0, -cost);
    return e;
  }

  /** How many edges the graph holds: a mark to remove the edges added after it (removeFrom). */
  get edgeCount(): number {
    return this.count;
  }

  /** Removes the edges added since `mark` (an earlier edgeCount), latest first; reset before. */
  removeFrom(mark: number): void {
    for (let e = this.count - 1; e >= mark; e--) {
      const from = this.target[e ^ 1]!;
      this.head[from] = this.next[e]!;
      this.degree[from] = this.degree[from]! - 1;
    }
    this.count = Math.min(this.count, mark);
  }

  /** Removes every edge, keeping the memory (and the searches' work arrays) for the next graph on the same vertices. */
  clear(): void {
    this.detached.length = 0;
    this.head.fill(-1);
    this.degree.fill(0);
    this.count = 0;
    this.touched.length = 0;
  }

  /**
   * Takes `edge` out of its vertex's list: searches no longer see it and the vertex's degree
   * drops, so the graph answers as one built without it, until restoreDetached puts it back in
   * its place (a graph kept between calls leaves out one call's own edges this way).
   */
  detach(edge: number): void {
    const from = this.target[edge ^ 1]!;
    let before = -1;
    for (let e = this.head[from]!; e !== edge; e = this.next[e]!) before = e;
    if (before === -1) this.head[from] = this.next[edge]!;
    else this.next[before] = this.next[edge]!;
    this.degree[from] = this.degree[from]! - 1;
    this.detached.push(edge, before);
  }

  /** Puts every detached edge back where it was, latest first (so each finds its list as it left it). */
  restoreDetached(): void {
    while (this.detached.length > 0) {
      const before = this.detached.pop()!;
      const edge = this.detached.pop()!;
      const from = this.target[edge ^ 1]!;
      if (before === -1) {
        this.next[edge] = this.head[from]!;
        this.head[from] = edge;
      } else {
        this.next[edge] = this.next[before]!;
        this.next[before] = edge;
      }
      this.degree[from] = this.degree[from]! + 1;
    }
  }

  /** Returns every edge to the room it was added with. */
  reset(): void {
    for (const e of this.touched) {
      this.capacity[e] = this.initial[e]!;
      this.capacity[e ^ 1] = this.initial[e ^ 1]!;
    }
    this.touched.length = 0;
  }

  setRoom(edge: number, room: number): void {
    this.capacity[edge] = room;
    this.touched.push(edge);
  }

  room(edge: number): number {
    return this.capacity[edge]!;
  }

  /** Sets the cost per unit of edge e (its reverse refunds it). */
  setCost(edge: number, cost: number): void {
    this.cost[edge] = cost;
    this.cost[edge ^ 1] = -cost;
  }

  /** The edges whose room changed since the last reset (with repeats). */
  changedEdges(): readonly number[] {
    return this.touched;
  }

  private search(): SearchScratch {
    const n = this.vertices;
    this.searchScratch ??= {
      seen: new Uint8Array(n),
      iter: new Int32Array(n),
      vertexStack: new Int32Array(n + 1),
      edgeStack: new Int32Array(n),
      ball: new Ball(n),
      step: { goal: -1, backwards: false, freeOnly: false, depth: 0 },
    };
    return this.searchScratch;
  }

  private paths(): PathScratch {
    const n = this.vertices;
    this.pathScratch ??= {
      potential: new Float64Array(n),
      dist: new Float64Array(n),
      via: new Int32Array(n),
      done: new Uint8Array(n),
      heap: new MinHeap(n),
      toward: new Int32Array(n),
    };
    return this.pathScratch;
  }

  private outRoom(u: number): number {
    let room = 0;
    for (let e = this.head[u]!; e !== -1; e = this.next[e]!) room += this.capacity[e]!;
    return room;
  }

  private inRoom(u: number): number {
    let room = 0;
    for (let e = this.head[u]!; e !== -1; e = this.next[e]!) room += this.capacity[e ^ 1]!;
    return room;
  }

  /** Whether t can be reached from s along edges of unlimited room. */
  unlimitedPath(s: number, t: number): boolean {
    const seen = new Uint8Array(this.vertices);
    const stack = [s];
    seen[s] = 1;
    while (stack.length > 0) {
      const u = stack.pop()!;
      if (u === t) return true;
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        const v = this.target[e]!;
        if (this.capacity[e] === Infinity && !seen[v]) {
          seen[v] = 1;
          stack.push(v);
        }
      }
    }
    return false;
  }

  /**
   * The maximum flow from s to t, stopping once it reaches `limit` (Infinity when t can be
   * reached along edges of unlimited room); consumes capacities (reset to reuse).
   */
  maxFlow(s: number, t: number, limit = Infinity): number {
    if (s === t) return limit;
    // No flow exceeds what can leave s or enter t: stopping there spares the last, fruitless
    // search. Only the end with fewer edges is summed: a table's column vertex has thousands.
    limit = Math.min(limit, this.degree[s]! <= this.degree[t]! ? this.outRoom(s) : this.inRoom(t));
    if (limit === Infinity) {
      if (this.unlimitedPath(s, t)) return Infinity;
      limit = Math.min(this.outRoom(s), this.inRoom(t));
    }
    if (limit <= EPSILON) return 0;
    if (limit <= SHORT_FLOW) return this.depthFirstPaths(s, t, limit);
    const n = this.vertices;
    const level = new Int32Array(n);
    const iter = new Int32Array(n);
    const queue = new Int32Array(n);
    const pathEdges = new Int32Array(n);
    let flow = 0;
    for (;;) {
      level.fill(-1);
      level[s] = 0;
      let qh = 0;
      let qt = 0;
      queue[qt++] = s;
      while (qh < qt) {
        const u = queue[qh++]!;
        // Vertices beyond t's level are on no shortest path to t.
        if (level[t] !== -1 && level[u]! >= level[t]!) break;
        for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
          const v = this.target[e]!;
          if (level[v] === -1 && this.capacity[e]! > EPSILON) {
            level[v] = level[u]! + 1;
            queue[qt++] = v;
          }
        }
      }
      if (level[t] === -1) return flow;
      iter.set(this.head);
      // Depth-first search for blocking flow, kept iterative: paths can be as long as the graph.
      let depth = 0;
      let u = s;
      for (;;) {
        if (u === t) {
          let push = limit - flow;
          for (let d = 0; d < depth; d++) push = Math.min(push, this.capacity[pathEdges[d]!]!);
          for (let d = 0; d < depth; d++) {
            const e = pathEdges[d]!;
            this.capacity[e] = this.capacity[e]! - push;
            this.touched.push(e);
            this.capacity[e ^ 1] = this.capacity[e ^ 1]! + push;
          }
          flow += push;
          if (flow >= limit) return flow;
          depth = 0;
          u = s;
          continue;
        }
        let e = iter[u]!;
        while (e !== -1 && !(this.capacity[e]! > EPSILON && level[this.target[e]!] === level[u]! + 1))
          e = this.next[e]!;
        iter[u] = e;
        if (e !== -1) {
          pathEdges[depth++] = e;
          u = this.target[e]!;
          continue;
        }
        // Dead end: no more flow through u in this phase.
        level[u] = -1;
        if (depth === 0) break;
        const back = pathEdges[--depth]!;
        u = this.target[back ^ 1]!;
        iter[u] = this.next[iter[u]!]!;
      }
    }
  }

  /**
   * A small flow by depth-first augmenting paths, each search starting from whichever end has
   * fewer edges and stopping the moment it reaches the other. A cell's rise ends at its row,
   * which has a handful of hidden cells, while its column may have thousands: a breadth-first
   * search from the column would visit the whole table for every path.
   *
   * Before each search the vertices a few edges from the goal are marked, each with its way on
   * (a ball, grown breadth-first over at most BALL_EDGES edges), and a vertex of few edges
   * entered looks among them for a step into the ball: a search ends as soon as it touches the
   * ball. Without it a search walks the table until it stumbles on the goal, and its path (every
   * cell of which then moves) runs to a hundred cells where four would do.
   */
  private depthFirstPaths(s: number, t: number, limit: number, freeOnly = false, sinkOnTies = false): number {
    // Searching backwards from t walks in-edges: the reverse of each out-edge of a vertex.
    const backwards = sinkOnTies ? this.degree[t]! <= this.degree[s]! : this.degree[t]! < this.degree[s]!;
    const start = backwards ? t : s;
    const goal = backwards ? s : t;
    const scratch = this.search();
    const { seen, iter, vertexStack, edgeStack, ball } = scratch;
    const step = scratch.step;
    step.goal = goal;
    step.backwards = backwards;
    step.freeOnly = freeOnly;
    let flow = 0;
    while (flow < limit - EPSILON) {
      this.growBall(ball, goal, backwards, freeOnly);
      seen.fill(0);
      step.depth = 0;
      vertexStack[0] = start;
      let found = this.enter(start);
      while (!found && step.depth >= 0) {
        const u = vertexStack[step.depth]!;
        let e = iter[u]!;
        while (e !== -1) {
          if (!seen[this.target[e]!] && this.usable(backwards ? e ^ 1 : e, freeOnly)) break;
          e = this.next[e]!;
        }
        if (e === -1) {
          step.depth--;
          continue;
        }
        iter[u] = this.next[e]!;
        const v = this.target[e]!;
        edgeStack[step.depth] = backwards ? e ^ 1 : e;
        vertexStack[++step.depth] = v;
        found = this.enter(v);
      }
      ball.clear();
      if (!found) return flow;
      const depth = step.depth;
      let push = limit - flow;
      for (let d = 0; d < depth; d++) push = Math.min(push, this.capacity[edgeStack[d]!]!);
      for (let d = 0; d < depth; d++) {
        const e = edgeStack[d]!;
        this.capacity[e] = this.capacity[e]! - push;
        this.capacity[e ^ 1] = this.capacity[e ^ 1]! + push;
        this.touched.push(e);
      }
      flow += push;
    }
    return flow;
  }

  /** Whether a search may step over `edge`: it has room, and costs nothing when only free edges count. */
  private usable(edge: number, freeOnly: boolean): boolean {
    return this.capacity[edge]! > EPSILON && !(freeOnly && this.cost[edge]! > 0);
  }

  /** Ends the path through ball vertex `v` (just entered) when its way on crosses no vertex seen. */
  private finish(v: number): boolean {
    const { seen, edgeStack, ball, step } = this.searchScratch!;
    for (let w = ball.next[v]!; w !== -1; w = ball.next[w]!) if (seen[w]) return false;
    for (let w = v; w !== step.goal; w = ball.next[w]!) edgeStack[step.depth++] = ball.toward[w]!;
    return true;
  }

  /** On entering `v` in a search: whether the path is complete, by the ball or by one step into it. */
  private enter(v: number): boolean {
    const { seen, iter, edgeStack, ball, step } = this.searchScratch!;
    seen[v] = 1;
    iter[v] = this.head[v]!;
    if (v === step.goal || (ball.has(v) && this.finish(v))) return true;
    if (this.degree[v]! > LOOKAHEAD) return false;
    for (let e = this.head[v]!; e !== -1; e = this.next[e]!) {
      const w = this.target[e]!;
      const used = step.backwards ? e ^ 1 : e;
      if (!ball.has(w) || seen[w] || !this.usable(used, step.freeOnly)) continue;
      const before = step.depth;
      edgeStack[step.depth++] = used;
      seen[w] = 1;
      if (this.finish(w)) return true;
      seen[w] = 0;
      step.depth = before;
    }
    return false;
  }

  /**
   * Marks the vertices from which `goal` is reached over usable edges, breadth-first, within
   * BALL_EDGES edges looked at. Only vertices of few edges are grown from: a column's thousands
   * would cost more than the search they spare (and a row entered looks for the column itself).
   */
  private growBall(ball: Ball, goal: number, backwards: boolean, freeOnly: boolean): void {
    ball.add(goal, -1, -1);
    let scanned = 0;
    for (let i = 0; i < ball.size && scanned < BALL_EDGES; i++) {
      const w = ball.members[i]!;
      if (this.degree[w]! > LOOKAHEAD) continue;
      for (let e = this.head[w]!; e !== -1 && scanned < BALL_EDGES; e = this.next[e]!) {
        scanned++;
        const v = this.target[e]!;
        // The search steps over edges v -> w forwards (the reverse of w's edge), backwards w's own.
        const used = backwards ? e : e ^ 1;
        if (!ball.has(v) && this.usable(used, freeOnly)) ball.add(v, used, w);
      }
    }
  }

  /**
   * Sends `amount` from s to t at least cost; returns the cost, or null when it cannot all be
   * sent. Costs must be >= 0 on edges with room at the start. Consumes capacities.
   *
   * With `fromSink`, each shortest path is searched backwards from t (over the edges into each
   * vertex): the same least cost, though where paths tie another flow may be found. After the
   * free paths, everything near s is often reachable at no cost while t is not: a search from s
   * then scans most of the graph before it reaches t, one from t far less of it.
   */
  minCostFlow(s: number, t: number, amount: number, fromSink = false): number | null {
    const { potential } = this.paths();
    potential.fill(0);
    // What costs nothing goes first, by plain augmenting paths from the end with fewer edges:
    // a flow of cost 0 is as cheap as any, and every edge with room keeps a cost >= 0 after it.
    // With `fromSink`, t also wins a tie: the last free search, the one that fails, then scans
    // only what reaches t for free, not the free side of s (most of a joint check's graph).
    let left = amount - this.depthFirstPaths(s, t, amount, true, fromSink);
    let total = 0;
    while (left > EPSILON) {
      if (!(fromSink ? this.shortestPathTo(s, t) : this.shortestPathFrom(s, t))) return null;
      let push = left;
      for (let v = t; v !== s; v = this.target[this.pathScratch!.via[v]! ^ 1]!)
        push = Math.min(push, this.capacity[this.pathScratch!.via[v]!]!);
      for (let v = t; v !== s; v = this.target[this.pathScratch!.via[v]! ^ 1]!) {
        const e = this.pathScratch!.via[v]!;
        this.capacity[e] = this.capacity[e]! - push;
        this.capacity[e ^ 1] = this.capacity[e ^ 1]! + push;
        this.touched.push(e);
        total += push * this.cost[e]!;
      }
      left -= push;
      // Other paths of the same length need no new search: push along them first.
      while (left > EPSILON) {
        const more = this.shortestPathsFlow(s, t, potential, left, fromSink);
        if (more === null) break;
        left -= more.flow;
        total += more.cost;
      }
    }
    return total;
  }

  /**
   * Dijkstra from s on reduced costs, stopping at t: the path in `via` (per vertex, the edge
   * that enters it), potentials raised by each vertex's distance (at most t's) so that every
   * edge with room keeps a reduced cost >= 0 and the path's edges 0. False when t is not reached.
   */
  private shortestPathFrom(s: number, t: number): boolean {
    const n = this.vertices;
    const { potential, dist, via, done, heap } = this.paths();
    dist.fill(Infinity);
    done.fill(0);
    dist[s] = 0;
    via[s] = -1;
    heap.clear();
    heap.push(0, s);
    while (heap.size > 0) {
      const u = heap.pop();
      if (done[u]) continue;
      // t ties with u (no key is below u's, so only equality fires, t itself included): no edge
      // can shorten it now, so it is final already.
      if (dist[u]! >= dist[t]!) {
        done[t] = 1;
        break;
      }
      done[u] = 1;
      const du = dist[u]!;
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        if (this.capacity[e]! <= EPSILON) continue;
        const v = this.target[e]!;
        if (done[v]) continue;
        const reduced = Math.max(0, this.cost[e]! + potential[u]! - potential[v]!);
        const dv = du + reduced;
        if (dv < dist[v]! - EPSILON * (1 + Math.abs(dv))) {
          dist[v] = dv;
          via[v] = e;
          heap.push(dv, v);
        }
      }
    }
    if (!done[t]) return false;
    const reach = dist[t]!;
    for (let v = 0; v < n; v++) potential[v] = potential[v]! + Math.min(dist[v]!, reach);
    return true;
  }

  /**
   * shortestPathFrom searched backwards: Dijkstra from t over the edges into each vertex, each
   * vertex's distance to t; the path is read into `via` the same way (per vertex, the edge that
   * enters it), and potentials are lowered by the distances (at most s's), which keeps every
   * reduced cost >= 0 as raising them by distances from s does.
   */
  private shortestPathTo(s: number, t: number): boolean {
    const n = this.vertices;
    const { potential, dist, via, done, heap } = this.paths();
    // Per vertex: the edge out of it on its shortest way to t.
    const toward = this.pathScratch!.toward;
    dist.fill(Infinity);
    done.fill(0);
    dist[t] = 0;
    toward[t] = -1;
    heap.clear();
    heap.push(0, t);
    while (heap.size > 0) {
      const v = heap.pop();
      if (done[v]) continue;
      // s ties with v (no key is below v's, so only equality fires, s itself included): no edge
      // can shorten it now, so it is final already. Where the free paths are spent, thousands of
      // vertices tie with s at distance 1; popping each (a column's thousands of edges) changed
      // neither the path nor a potential.
      if (dist[v]! >= dist[s]!) {
        done[s] = 1;
        break;
      }
      done[v] = 1;
      const dv = dist[v]!;
      // Each edge v -> u of v's list is the reverse of an edge u -> v, the one a path would use.
      for (let r = this.head[v]!; r !== -1; r = this.next[r]!) {
        const e = r ^ 1;
        if (this.capacity[e]! <= EPSILON) continue;
        const u = this.target[r]!;
        if (done[u]) continue;
        const reduced = Math.max(0, this.cost[e]! + potential[u]! - potential[v]!);
        const du = dv + reduced;
        if (du < dist[u]! - EPSILON * (1 + Math.abs(du))) {
          dist[u] = du;
          toward[u] = e;
          heap.push(du, u);
        }
      }
    }
    if (!done[s]) return false;
    const reach = dist[s]!;
    for (let v = 0; v < n; v++) potential[v] = potential[v]! - Math.min(dist[v]!, reach);
    via[s] = -1;
    for (let u = s; u !== t; u = this.target[toward[u]!]!) via[this.target[toward[u]!]!] = toward[u]!;
    return true;
  }

  /**
   * One more augmenting path from s to t along edges of zero reduced cost (each on a shortest
   * path, as reduced costs stay >= 0), or null when there is none: flow pushed and its cost.
   */
  private shortestPathsFlow(
    s: number,
    t: number,
    potential: Float64Array,
    left: number,
    fromSink = false,
  ): { flow: number; cost: number } | null {
    const { seen, iter, vertexStack, edgeStack } = this.search();
    // From the sink, over the edges into each vertex (as minCostFlow's fromSink searches).
    const start = fromSink ? t : s;
    const goal = fromSink ? s : t;
    seen.fill(0);
    seen[start] = 1;
    iter[start] = this.head[start]!;
    vertexStack[0] = start;
    let depth = 0;
    while (depth >= 0) {
      const u = vertexStack[depth]!;
      if (u === goal) break;
      let r = iter[u]!;
      while (r !== -1) {
        const v = this.target[r]!;
        // The edge a path would use: r itself forwards, from v into u (r's reverse) backwards.
        const e = fromSink ? r ^ 1 : r;
        const tail = fromSink ? v : u;
        const head = fromSink ? u : v;
        if (
          !seen[v] &&
          this.capacity[e]! > EPSILON &&
          Math.abs(this.cost[e]! + potential[tail]! - potential[head]!) <= EPSILON * (1 + Math.abs(potential[head]!))
        )
          break;
        r = this.next[r]!;
      }
      if (r === -1) {
        depth--;
        continue;
      }
      iter[u] = this.next[r]!;
      const v = this.target[r]!;
      seen[v] = 1;
      iter[v] = this.head[v]!;
      edgeStack[depth] = fromSink ? r ^ 1 : r;
      vertexStack[++depth] = v;
    }
    if (depth < 0) return null;
    let push = left;
    for (let d = 0; d < depth; d++) push = Math.min(push, this.capacity[edgeStack[d]!]!);
    let cost = 0;
    for (let d = 0; d < depth; d++) {
      const e = edgeStack[d]!;
      this.capacity[e] = this.capacity[e]! - push;
      this.capacity[e ^ 1] = this.capacity[e ^ 1]! + push;
      this.touched.push(e);
      cost += push * this.cost[e]!;
    }
    return { flow: push, cost };
  }
}

/** A binary heap of (key, vertex) with lazy deletion. */
class MinHeap {
  private keys: Float64Array;
  private items: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.items = new Int32Array(Math.max(16, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  push(key: number, item: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      const items = new Int32Array(this.size * 2);
      items.set(this.items);
      this.keys = keys;
      this.items = items;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.keys[i] = this.keys[parent]!;
      this.items[i] = this.items[parent]!;
      i = parent;
    }
    this.keys[i] = key;
    this.items[i] = item;
  }

  pop(): number {
    const top = this.items[0]!;
    const key = this.keys[--this.size]!;
    const item = this.items[this.size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= key) break;
      this.keys[i] = this.keys[child]!;
      this.items[i] = this.items[child]!;
      i = child;
    }
    this.keys[i] = key;
    this.items[i] = item;
    return top;
  }
}

interface SearchScratch {
  seen: Uint8Array;
  iter: Int32Array;
  vertexStack: Int32Array;
  edgeStack: Int32Array;
  ball: Ball;
  /** The depth-first search under way: its goal, which way it walks, and the path's length so far. */
  step: { goal: number; backwards: boolean; freeOnly: boolean; depth: number };
}

interface PathScratch {
  potential: Float64Array;
  dist: Float64Array;
  via: Int32Array;
  done: Uint8Array;
  heap: MinHeap;
  toward: Int32Array;
}

/** Vertices near a search's goal, each with its edge and next vertex toward it (-1 at the goal). */
class Ball {
  readonly members: Int32Array;
  readonly toward: Int32Array;
  readonly next: Int32Array;
  private readonly inside: Uint8Array;
  size = 0;

  constructor(vertices: number) {
    this.members = new Int32Array(vertices);
    this.toward = new Int32Array(vertices);
    this.next = new Int32Array(vertices);
    this.inside = new Uint8Array(vertices);
  }

  has(v: number): boolean {
    return this.inside[v] === 1;
  }

  add(v: number, edge: number, next: number): void {
    this.inside[v] = 1;
    this.toward[v] = edge;
    this.next[v] = next;
    this.members[this.size++] = v;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.inside[this.members[i]!] = 0;
    this.size = 0;
  }
}
