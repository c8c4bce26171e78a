// The attacker's LP of one view that is not a network (a cube with subtotals, the true bounds
// of a persons table), kept open while a suppression pattern grows. Every node of a relation is
// a variable: a published one fixed at its value by its bounds, a hidden one free (>= 0), so
// hiding a number changes two bounds and each solve starts from the last basis.
//
// Every optimal solution is a table the attacker cannot rule out, so it is remembered: per
// node, the highest and lowest value any such table gave it. Hiding more only adds tables, so
// these stay valid while the pattern grows. A number some remembered table moves by the
// protection level is protected without an LP (the table is the proof), and one that some
// table sets to 0 has lower bound 0. Everything else is decided by the LP itself: the checks
// stay exact.
//
// Each solve runs the primal simplex from the last optimum: a new objective leaves that basis
// feasible, and so does hiding a number (its bounds only widen). For a pattern that no longer
// grows (an audit), the program holds only the hidden numbers: the published ones are constants
// of their relations, a far smaller LP, and a hidden subtotal that only its own sum holds is read
// off its parts (hiddenTotals.ts). Bounds from a relaxation (the two-way slices of a
// cube, cubeSlices.ts) settle a number without an LP once a remembered table reaches them.
import type { AttackerView } from './attackerViews.ts';
import { constraintRows, hiddenVariable, variableName } from './attackerViews.ts';
import { type HiddenTotal, hiddenTotals } from './hiddenTotals.ts';
import { type OpenProgram, type Solution, type Terms, addTerm, loadSolver, openProgramWith } from './linearProgram.ts';
import type { Constraint, TableModel } from './tableModel.ts';

const EPSILON = 1e-6;
/**
 * At most this many LPs for many nodes at once, and only while each settles more than a tenth of
 * those open or a few nodes (each saves an LP of its own, and the tables they leave prove more).
 */
const TOGETHER_ROUNDS = 40;
const TOGETHER_PROGRESS = 0.9;
const TOGETHER_SETTLED = 4;

export interface LpInterval {
  lower: number;
  upper: number;
}

export interface ViewProgramOptions {
  /** The pattern stays as it is (no `hide`): only hidden numbers are variables. */
  fixed?: boolean;
  /**
   * Whole-count bounds on a hidden number from some of the view's relations only (a
   * relaxation): its interval lies within them, so a table reaching one proves it. `ceiling` is
   * an upper bound the program knows already: bounds clipped to it are as good.
   */
  outer?: (node: number, ceiling?: number) => LpInterval | undefined;
  /**
   * The tables an earlier program on the same view and the same fixed pattern remembered: this
   * one starts from them and adds its own (the caller keeps it per pattern).
   */
  memory?: PatternMemory;
  /**
   * Whether a table found elsewhere (a flow) has hidden `node` at `value` or beyond it, away
   * from its true value: at a bound the relations set, a proof of that end of its interval.
   */
  reaches?: (node: number, value: number) => boolean;
}

/** Per node, the highest and lowest value the tables found so far for one pattern gave it. */
export interface PatternMemory {
  high?: Float64Array;
  low?: Float64Array;
}

export class ViewProgram {
  /** Per node: the highest and lowest value a table consistent with what is published gave it. */
  private readonly high: Float64Array;
  private readonly low: Float64Array;
  private readonly hidden: Uint8Array;
  /** The nodes that are variables of the LP (those in some relation). */
  private readonly columns: number[];
  /** A fixed pattern's caps, per node, and its sums' printed members, per relation, as worked out. */
  private caps: Map<number, number> | undefined;
  private printedSums: Map<Constraint, number> | undefined;
  /** How many suppressed nodes the program has seen (the pattern only grows). */
  seen = 0;
  /** The view's relations by node and its sums' true member sums (viewRelations), when first asked. */
  private relationIndex: ViewRelations | undefined;
  /** Whether every node has a value in this view, so the true table can be the start of a raise. */
  private readonly complete: boolean;
  /** Per column of the LP's solutions: its node (made with the LP). */
  private nodeOfColumn = new Int32Array(0);
  /** Hidden totals that are not columns: each is its parts' sum (hiddenTotals.ts), with its parts' columns. */
  private readonly substituted: ReadonlyMap<number, HiddenTotal>;
  private substitutedColumns: { node: number; constant: number; columns: Int32Array }[] = [];
  /**
   * The LP, made when first asked: tens of thousands of rows, and many programs (an audit whose
   * every count a flow or a remembered table proves) are never solved.
   */
  private lp: OpenProgram | null = null;
  private disposed = false;

  private constructor(
    private readonly model: TableModel,
    private readonly view: AttackerView,
    private readonly build: (hidden: Uint8Array) => OpenProgram,
    hidden: Uint8Array,
    columns: number[],
    private readonly options: ViewProgramOptions,
    substituted: ReadonlyMap<number, HiddenTotal>,
  ) {
    const count = model.nodes.length;
    this.hidden = hidden;
    this.columns = columns;
    this.substituted = substituted;
    const memory = options.memory;
    const remembered = memory?.high?.length === count && memory.low?.length === count;
    this.high = remembered ? memory.high! : new Float64Array(count).fill(-Infinity);
    this.low = remembered ? memory.low! : new Float64Array(count).fill(Infinity);
    if (memory && !remembered) Object.assign(memory, { high: this.high, low: this.low });
    this.complete = columns.every((n) => view.values[n] !== null && view.values[n] !== undefined);
    // The true table is one the attacker cannot rule out (latent leaves of the true persons view aside).
    for (let node = 0; node < count && !remembered; node++) {
      const value = view.values[node];
      if (value === null || value === undefined) continue;
      this.high[node] = value;
      this.low[node] = value;
    }
  }

  static async open(
    model: TableModel,
    view: AttackerView,
    isHiddenNode: (node: number) => boolean,
    options: ViewProgramOptions = {},
  ): Promise<ViewProgram> {
    const fixed = options.fixed === true;
    // Only a pattern that stays put: hiding one of a total's parts later would not free the total.
    const substituted = fixed
      ? hiddenTotals(view.constraints, isHiddenNode, (node) => valueIn(model, view, node))
      : new Map<number, HiddenTotal>();
    // Per node, whether some relation holds it: a flag each, read in node order (tens of thousands of relations).
    const count = model.nodes.length;
    const inRows = new Uint8Array(count);
    for (const c of view.constraints) {
      inRows[c.total] = 1;
      if (c.kind === 'atLeast') inRows[c.member] = 1;
      else for (const m of c.members) inRows[m] = 1;
    }
    const hidden = new Uint8Array(count);
    const columns: number[] = [];
    for (let node = 0; node < count; node++) {
      if (!inRows[node]) continue;
      if (isHiddenNode(node)) hidden[node] = 1;
      if (!fixed || hidden[node] === 1) columns.push(node);
    }
    const highs = await loadSolver();
    // Built when first solved, from the pattern as it was opened (`hidden`: a fixed pattern's
    // never changes) and what `hide` freed since (those bounds are what it would have set).
    const build = (hidden: Uint8Array): OpenProgram => {
      const rows = constraintRows(
        view.constraints.filter((c) => !substituted.has(c.total)),
        (node) => (fixed && hidden[node] !== 1 ? valueIn(model, view, node) : null),
        hiddenVariable,
      );
      const bounds = new Map<string, { lower: number; upper?: number }>();
      for (const node of columns) {
        if (substituted.has(node)) continue;
        if (hidden[node] === 1) bounds.set(variableName(node), { lower: 0 });
        else {
          const value = valueIn(model, view, node);
          bounds.set(variableName(node), { lower: value, upper: value });
        }
      }
      // No crossover start from the true table (openProgram's `start`): in a release whose earlier
      // tables link in full, HiGHS's crossover corrupted its WebAssembly memory, and a later model's
      // creation failed with "memory access out of bounds". It spared the first solve ~8% on cubes.
      // A fixed pattern's first solve is from nothing: there presolve and the dual find the optimum
      // far sooner (linearProgram.ts). A growing one keeps the primal: its solves steer the protection.
      return openProgramWith(highs, rows, bounds, { primal: true, coldByDual: fixed });
    };
    return new ViewProgram(model, view, build, hidden, columns, options, substituted);
  }

  private get program(): OpenProgram {
    if (this.lp !== null) return this.lp;
    if (this.disposed) throw new Error('This program has been disposed.');
    const program = this.build(this.hidden);
    this.nodeOfColumn = new Int32Array(this.columns.length).fill(-1);
    for (const node of this.columns) {
      const column = program.columnOf(variableName(node));
      if (column !== undefined) this.nodeOfColumn[column] = node;
    }
    this.substitutedColumns = [...this.substituted].map(([node, { constant, members }]) => ({
      node,
      constant,
      columns: Int32Array.from(members, (m) => program.columnOf(variableName(m)) ?? -1),
    }));
    this.lp = program;
    return program;
  }

  private isColumn(node: number): boolean {
    return this.columns.length > 0 && binaryHas(this.columns, node);
  }

  /** Frees a published number that has just been hidden. */
  hide(node: number): void {
    if (this.hidden[node] || !this.isColumn(node)) return;
    if (this.options.fixed) throw new Error('This program audits a fixed pattern; open another to hide more.');
    this.hidden[node] = 1;
    // An LP not made yet is made with this node free.
    this.lp?.setBounds(variableName(node), 0, Infinity);
  }

  /** A table consistent with the current pattern (each node's value), remembered as a proof. */
  record(valueOf: (node: number) => number): void {
    for (const node of this.columns) {
      const value = valueOf(node);
      if (value > this.high[node]!) this.high[node] = value;
      if (value < this.low[node]!) this.low[node] = value;
    }
  }

  /** An LP solution as a remembered table: only its columns moved (the other nodes keep their values). */
  private recordColumns(values: Float64Array): void {
    for (let column = 0; column < values.length; column++) {
      const node = this.nodeOfColumn[column] ?? -1;
      if (node < 0) continue;
      const value = values[column]!;
      if (value > this.high[node]!) this.high[node] = value;
      if (value < this.low[node]!) this.low[node] = value;
    }
    for (const { node, constant, columns } of this.substitutedColumns) {
      let value = constant;
      for (const column of columns) value += column < 0 ? 0 : values[column]!;
      if (value > this.high[node]!) this.high[node] = value;
      if (value < this.low[node]!) this.low[node] = value;
    }
  }

  /** The sum of `nodes` as an LP objective (a substituted total by its hidden parts), and its constant part. */
  private objective(nodes: readonly number[]): { terms: Terms; constant: number } {
    const terms: Terms = new Map();
    let constant = 0;
    for (const node of nodes) {
      const total = this.substituted.get(node);
      if (total === undefined) {
        addTerm(terms, variableName(node), 1);
        continue;
      }
      constant += total.constant;
      for (const member of total.members) addTerm(terms, variableName(member), 1);
    }
    return { terms, constant };
  }

  private optimize(direction: 'min' | 'max', nodes: readonly number[]): Solution {
    const { terms, constant } = this.objective(nodes);
    const solution = this.program.optimize(direction, terms);
    if (solution.status === 'optimal') {
      this.recordColumns(solution.columns);
      solution.value += constant;
    }
    return solution;
  }

  private solve(direction: 'min' | 'max', node: number): Solution {
    return this.optimize(direction, [node]);
  }

  /**
   * Before one LP per node: a few LPs for many at once, each maximising (or minimising) the sum
   * of the nodes still open, whose optimum is a table that tends to take many of them to their
   * bound together. Each is remembered, so the per-node checks after it find their proofs
   * without an LP; only stops early, never decides anything itself.
   */
  settleTogether(nodes: readonly number[], direction: 'min' | 'max', settled: (node: number) => boolean): void {
    let open = nodes.filter((node) => this.isColumn(node) && !settled(node));
    for (let round = 0; round < TOGETHER_ROUNDS && open.length > 1; round++) {
      const solution = this.optimize(direction, open);
      if (solution.status !== 'optimal') return;
      const still = open.filter((node) => !settled(node));
      if (still.length > open.length * TOGETHER_PROGRESS && open.length - still.length < TOGETHER_SETTLED) return;
      open = still;
    }
  }

  private outerOf(node: number): LpInterval | undefined {
    return this.options.outer?.(node, this.cap(node));
  }

  /** Whether a check of `node` against `level` is settled without an LP: a remembered table or the relaxation answers it. */
  private moveSettled(node: number, level: number): boolean {
    const value = valueIn(this.model, this.view, node);
    if (this.high[node]! >= value + level - EPSILON) return true;
    if (value >= level && this.low[node]! <= value - level + EPSILON) return true;
    const outer = this.outerOf(node);
    return outer !== undefined && outer.upper < value + level && (value < level || outer.lower > value - level);
  }

  /**
   * Readies canMove for each of `nodes`: a few LPs for them all first, for those no table built
   * by raising the node (and the totals above it) settles already, as in a persons table most are.
   */
  settleMoves(nodes: readonly number[], level: number): void {
    const open = nodes.filter(
      (node) =>
        !this.moveSettled(node, level) &&
        !(this.isColumn(node) && this.raise(node, valueIn(this.model, this.view, node) + level)),
    );
    this.settleTogether(open, 'max', (node) => this.moveSettled(node, level));
  }

  /** The interval of each node (interval of each, after a few LPs for them all on each side). */
  intervals(nodes: readonly number[], onEach?: (done: number) => void): LpInterval[] {
    this.settleTogether(nodes, 'max', (node) => {
      const cap = Math.min(this.cap(node), this.outerOf(node)?.upper ?? Infinity);
      return cap === Infinity || this.high[node]! >= cap - EPSILON;
    });
    this.settleTogether(nodes, 'min', (node) => this.low[node]! <= (this.outerOf(node)?.lower ?? 0) + EPSILON);
    return nodes.map((node, done) => {
      const interval = this.interval(node);
      onEach?.(done + 1);
      return interval;
    });
  }

  /** Whether hidden `node` can move `level` from `value` either way (the rise first, the fall only when needed). */
  canMove(node: number, level: number): boolean {
    // A printed number does not move (a fixed pattern's program has no column for it).
    if (this.options.fixed && !this.hidden[node]) return level <= 0;
    if (!this.isColumn(node)) return true;
    const value = valueIn(this.model, this.view, node);
    if (this.high[node]! >= value + level - EPSILON) return true;
    if (value >= level && this.low[node]! <= value - level + EPSILON) return true;
    if (this.raise(node, value + level)) return true;
    const outer = this.outerOf(node);
    const mayFall = value >= level && (outer === undefined || outer.lower <= value - level);
    if (outer === undefined || outer.upper >= value + level) {
      const high = this.solve('max', node);
      if (high.status !== 'optimal' || Math.floor(high.value + EPSILON) >= value + level) return true;
    }
    if (!mayFall) return false;
    const low = this.solve('min', node);
    return low.status !== 'optimal' || Math.ceil(low.value - EPSILON) <= value - level;
  }

  /** The interval of hidden `node`, rounded inwards to whole counts; throws when the relations cannot all hold. */
  interval(node: number): LpInterval {
    const fixedOrFree = this.withoutColumn(node);
    if (fixedOrFree) return fixedOrFree;
    const provenUpper = this.provenUpper(node);
    const high: Solution =
      provenUpper !== undefined
        ? { status: 'optimal', value: provenUpper, vars: {}, columns: new Float64Array(0) }
        : this.solve('max', node);
    // Asked after the maximum: its table may be the proof.
    const provenLower = this.provenLower(node);
    const low: Solution =
      provenLower !== undefined
        ? { status: 'optimal', value: provenLower, vars: {}, columns: new Float64Array(0) }
        : this.solve('min', node);
    if (high.status === 'infeasible' || low.status === 'infeasible') {
      throw new Error(`The ${this.view.label} relations of this table cannot all hold; its counts are inconsistent.`);
    }
    return {
      lower: low.status === 'optimal' ? Math.max(0, Math.ceil(low.value - EPSILON)) : 0,
      upper: high.status === 'optimal' ? Math.floor(high.value + EPSILON) : Infinity,
    };
  }

  /** The interval of `node` when both its ends are proven without an LP; else undefined (nothing is solved). */
  provenInterval(node: number): LpInterval | undefined {
    const fixedOrFree = this.withoutColumn(node);
    if (fixedOrFree) return fixedOrFree;
    const upper = this.provenUpper(node);
    const lower = upper === undefined ? undefined : this.provenLower(node);
    return upper !== undefined && lower !== undefined
      ? { lower: Math.max(0, Math.ceil(lower - EPSILON)), upper: Math.floor(upper + EPSILON) }
      : undefined;
  }

  /** The interval of a printed number of a fixed pattern (its value) or of a number in no relation. */
  private withoutColumn(node: number): LpInterval | undefined {
    if (this.options.fixed && !this.hidden[node]) {
      const value = valueIn(this.model, this.view, node);
      return { lower: value, upper: value };
    }
    return this.isColumn(node) ? undefined : { lower: 0, upper: Infinity };
  }

  /** The maximum of `node` where a table (remembered, built or a flow's) has it at a bound one relation or the relaxation sets. */
  private provenUpper(node: number): number | undefined {
    const cap = Math.min(this.cap(node), this.outerOf(node)?.upper ?? Infinity);
    const reached =
      cap < Infinity &&
      (this.high[node]! >= cap - EPSILON || this.raise(node, cap) || this.reachedElsewhere(node, cap));
    return reached ? cap : undefined;
  }

  /** The minimum of `node` where a table has it at 0, or at the relaxation's lower bound. */
  private provenLower(node: number): number | undefined {
    const floor = this.outerOf(node)?.lower ?? 0;
    return this.low[node]! <= floor + EPSILON || this.reachedElsewhere(node, floor) ? floor : undefined;
  }

  private reachedElsewhere(node: number, value: number): boolean {
    return this.options.reaches?.(node, value) ?? false;
  }

  /**
   * An upper bound on hidden `node` from single relations: a published total it is part of,
   * less the published numbers beside it (hidden ones are >= 0).
   */
  private cap(node: number): number {
    // A fixed pattern's caps do not change: each is summed once (a grand total has every cell).
    if (this.options.fixed) return (this.caps ??= new Map()).get(node) ?? this.capOnce(node);
    return this.capFrom(node);
  }

  private capOnce(node: number): number {
    const cap = this.capFrom(node);
    this.caps!.set(node, cap);
    return cap;
  }

  /** Per node: the relations it is in (for raising one number and checking only those). */
  private get relationsOf(): readonly (readonly Constraint[])[] {
    this.relationIndex ??= viewRelations(this.view, this.model.nodes.length);
    return this.relationIndex.relationsOf;
  }

  /** Per relation: the sum of its members in the true table (for atMostSum and sum). */
  private get memberSums(): ReadonlyMap<Constraint, number> {
    this.relationIndex ??= viewRelations(this.view, this.model.nodes.length);
    return this.relationIndex.memberSums;
  }

  private capFrom(node: number): number {
    let cap = Infinity;
    for (const c of this.relationsOf[node]!) {
      if (this.hidden[c.total] || c.total === node) continue;
      const total = this.view.values[c.total] ?? Infinity;
      if (c.kind === 'atLeast') cap = Math.min(cap, total);
      else if (c.kind === 'sum') cap = Math.min(cap, total - this.printedBeside(c, node));
    }
    return cap;
  }

  /** The printed members of sum `c` other than hidden `node`: in a fixed pattern, summed once per relation. */
  private printedBeside(c: Constraint & { kind: 'sum' }, node: number): number {
    const known = this.hidden[node] ? this.printedSums?.get(c) : undefined;
    if (known !== undefined) return known;
    let sum = 0;
    for (const m of c.members) if (m !== node && !this.hidden[m]) sum += this.view.values[m] ?? 0;
    // The node is hidden, so the sum without it is the relation's printed sum, the same for every hidden member.
    if (this.options.fixed && this.hidden[node]) (this.printedSums ??= new Map()).set(c, sum);
    return sum;
  }

  /**
   * Tries to build a table the attacker cannot rule out with hidden `node` at `value`: the true
   * table with the node raised, and every hidden total that must hold at least a raised number
   * raised with it; it counts only when every relation it touches holds exactly. On success it
   * is remembered (so the node's highest value is at least `value`).
   */
  private raise(node: number, value: number): boolean {
    if (!this.complete || !this.hidden[node]) return false;
    const values = this.view.values as readonly number[];
    const changed = new Map<number, number>([[node, value]]);
    const at = (n: number): number => changed.get(n) ?? values[n]!;
    const queue = [node];
    while (queue.length > 0) {
      const member = queue.pop()!;
      for (const c of this.relationsOf[member]!) {
        if (c.kind !== 'atLeast' || c.member !== member || at(c.total) >= at(member)) continue;
        if (!this.hidden[c.total] || changed.size > 64) return false;
        changed.set(c.total, at(member));
        queue.push(c.total);
      }
    }
    for (const n of changed.keys()) {
      for (const c of this.relationsOf[n]!) if (!this.holds(c, at, changed)) return false;
    }
    // Only the raised numbers moved: the rest keep the true values already remembered.
    for (const [n, v] of changed) {
      if (v > this.high[n]!) this.high[n] = v;
      if (v < this.low[n]!) this.low[n] = v;
    }
    return true;
  }

  private holds(c: Constraint, at: (n: number) => number, changed: ReadonlyMap<number, number>): boolean {
    if (c.kind === 'atLeast') return at(c.total) >= at(c.member) - EPSILON;
    let sum = this.memberSums.get(c)!;
    for (const [n, v] of changed) if (this.isMember(c, n)) sum += v - (this.view.values[n] ?? 0);
    return c.kind === 'sum' ? Math.abs(at(c.total) - sum) <= EPSILON : at(c.total) <= sum + EPSILON;
  }

  /**
   * Whether `n` is a member of sum `c`, by the shorter of the two lists: a column's thousands of
   * members were scanned for each raised cell of each raise (a second of a 5,000 x 13 release),
   * while a cell is in a few relations. A node other than the total is in `c`'s list only as a member.
   */
  private isMember(c: Constraint & { members: number[] }, n: number): boolean {
    const relations = this.relationsOf[n]!;
    if (n === c.total || relations.length >= c.members.length) return c.members.includes(n);
    return relations.includes(c);
  }

  dispose(): void {
    this.lp?.dispose();
    this.lp = null;
    this.disposed = true;
  }
}

function valueIn(model: TableModel, view: AttackerView, node: number): number {
  return view.values[node] ?? model.nodes[node]!.value ?? 0;
}

function binaryHas(sorted: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = sorted[mid]!;
    if (at === value) return true;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export interface ViewRelations {
  relationsOf: Constraint[][];
  memberSums: Map<Constraint, number>;
}

/** Per view (and model size): its relations by node, and its sums' member sums in the true table. */
const relationsOfView = new WeakMap<AttackerView, { count: number; relations: ViewRelations }>();

/**
 * A view's relations by node and member sums: they depend on the view alone, and a release opens
 * one program per view and pattern (tens per release), each of which listed them all again.
 */
export function viewRelations(view: AttackerView, count: number): ViewRelations {
  const known = relationsOfView.get(view);
  if (known !== undefined && known.count === count) return known.relations;
  const relationsOf: Constraint[][] = Array.from({ length: count }, () => []);
  const memberSums = new Map<Constraint, number>();
  // Read in place, no list or set per relation: a node repeated within one relation finds it last on its list.
  const add = (n: number, c: Constraint) => {
    const list = relationsOf[n]!;
    if (list[list.length - 1] !== c) list.push(c);
  };
  for (const c of view.constraints) {
    add(c.total, c);
    if (c.kind === 'atLeast') {
      add(c.member, c);
      continue;
    }
    let sum = 0;
    for (const m of c.members) {
      add(m, c);
      sum += view.values[m] ?? 0;
    }
    memberSums.set(c, sum);
  }
  const relations = { relationsOf, memberSums };
  relationsOfView.set(view, { count, relations });
  return relations;
}
