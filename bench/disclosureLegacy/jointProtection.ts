// The joint protection of records and persons as it was before its flows were built once per
// pattern (kept for the benchmark: `npm run bench -- disclosure` times it beside today's).
// Records and persons of the same cells protected together at any size. The joint model
// (jointModel.ts) is one LP, far too large to solve per cell for a 480 x 13 table in both
// measures; but its coupling is per finest cell (persons <= records), so with the other measure
// held at its true values each measure is its own table with margins, a network whose arcs may
// move within bounds (boundedNetwork.ts). A flow there is a table the joint attacker cannot rule
// out: it proves a cell protected exactly. Only cells no such flow protects go to the joint LP
// (viewProgram.ts), and only cells the LP finds exposed get more cells hidden:
//
// 1. the new table is protected in its own measure's model (networks, as alone);
// 2. every small count of the release is checked against the joint attacker: a flow, else the LP;
// 3. an exposed count of the new table's measure gets the cheapest flow within bounds; one of the
//    other measure (an earlier output's hidden count, narrowed by what the new table prints)
//    gets the cheapest flow in its own network that may go beyond its bounds where the new
//    table's cell of the same finest cell is hidden too, and those cells then get their own flow;
// 4. repeat from 2 until nothing is exposed or nothing more can be hidden.
//
// A small persons count whose records an earlier output printed cannot rise above them: it is
// protected as far as that allows (to the printed records), the most any table could.
import type { DisclosureRule } from '../../shared/query.ts';
import { type WorkOptions, isHidden } from '../../src-main/disclosure/attackerBounds.ts';
import { type AttackerView, attackerViews } from '../../src-main/disclosure/attackerViews.ts';
import {
  type ArcMove,
  type ArcRoom,
  BoundedChecks,
  cheapestMovement,
} from '../../src-main/disclosure/boundedNetwork.ts';
import { FlowGraph } from '../../src-main/disclosure/flowGraph.ts';
import { auditProgramFor, chooseSecondary, suppressionCost } from '../../src-main/disclosure/secondarySuppression.ts';
import type { Constraint, Measure, TableModel } from '../../src-main/disclosure/tableModel.ts';
import { type TableNetwork, tableNetwork } from '../../src-main/disclosure/tableNetwork.ts';
import { ViewProgram } from '../../src-main/disclosure/viewProgram.ts';

/** A hidden cell of the new table costs this much less to move than a printed one. */
const HIDDEN_PRICE = 0.1;
const EPSILON = 1e-6;
/** Flows of one measure, then the other, and so on: at most this many before the LP decides. */
const MAX_STAGES = 6;
/** The joint LP decides the counts no flow proves, for at most this long per check of a pattern. */
const LP_BUDGET_MS = 10_000;

interface Side {
  measure: Measure;
  model: TableModel;
  /** Joint index of the side's node 0. */
  offset: number;
  net: TableNetwork;
}

export interface JointLimits {
  /** Nodes an earlier output printed (and the constants): fixed. */
  fixed: ReadonlySet<number>;
  /** Nodes earlier outputs hid: they stay hidden. */
  hidden: ReadonlySet<number>;
  /** The nodes of the new table: the only ones that may be hidden now. */
  current: ReadonlySet<number>;
}

export interface JointResult {
  suppressed: Set<number>;
  /** Small counts still within the attacker's reach: the earlier outputs had narrowed them already, or no check finished in time. */
  exposed: number[];
  /** Whether some count was left unchecked for want of time. */
  timedOut: boolean;
}

/** The attacker of a release holding records and persons tables of the same cells, each a network. */
export class JointAttack {
  private readonly sides: Record<Measure, Side>;
  /** Per joint node: the node of the same finest cell in the other measure, or -1. */
  private readonly partner: Int32Array;
  private readonly truth: Float64Array;

  private constructor(
    readonly model: TableModel,
    sides: Record<Measure, Side>,
    private readonly fixed: ReadonlySet<number>,
    readonly level: number,
  ) {
    this.sides = sides;
    const from = sides.persons.offset;
    this.partner = new Int32Array(model.nodes.length).fill(-1);
    for (const c of model.constraints) {
      if (c.kind !== 'atLeast' || c.total >= from || c.member < from) continue;
      if (!model.nodes[c.total]!.leaf || !model.nodes[c.member]!.leaf) continue;
      this.partner[c.total] = c.member;
      this.partner[c.member] = c.total;
    }
    this.truth = Float64Array.from(model.nodes, (n) => n.value ?? 0);
  }

  /** The attacker of a joint model whose two measures are each a table with margins; null otherwise. */
  static async open(model: TableModel, fixed: ReadonlySet<number>, level: number): Promise<JointAttack | null> {
    const parts = model.joint?.sides;
    if (!parts) return null;
    const sides: Partial<Record<Measure, Side>> = {};
    for (const measure of ['records', 'persons'] as const) {
      const side = parts[measure];
      const views = await attackerViews(side);
      const additive = views.find((v) => v.label === 'additive')!;
      const net = tableNetwork(side, additive);
      if (net === null) return null;
      sides[measure] = { measure, model: side, offset: measure === 'records' ? 0 : model.joint!.personsFrom, net };
    }
    return new JointAttack(model, sides as Record<Measure, Side>, fixed, level);
  }

  /** The cost of hiding a node, as its own measure's table counts it (the constants are never hidden). */
  costOf(node: number, largest: number): number {
    const side = this.sideOf(node);
    const local = node - side.offset;
    return local < side.model.nodes.length ? suppressionCost(side.model, local, largest) : Infinity;
  }

  sideOf(node: number): Side {
    return node >= this.sides.persons.offset ? this.sides.persons : this.sides.records;
  }

  private arcOf(node: number): number {
    const side = this.sideOf(node);
    return side.net.arcOf.get(node - side.offset)!;
  }

  private nodeOfArc(side: Side, arc: number): number {
    const node = side.net.node[arc]!;
    return node < 0 ? -1 : node + side.offset;
  }

  /**
   * How far a small count must be able to rise: the protection level, except a persons count
   * whose records an earlier output printed, which cannot rise above them.
   */
  levelOf(node: number): number {
    const other = this.partner[node]!;
    if (this.sideOf(node).measure === 'persons' && other >= 0 && this.fixed.has(other)) {
      return Math.min(this.level, this.truth[other]! - this.truth[node]!);
    }
    return this.level;
  }

  /** Each arc's room with the other measure at its true values (the bounds a flow must keep). */
  room(side: Side): ArcRoom {
    const { net } = side;
    const up = new Float64Array(net.from.length).fill(Infinity);
    const down = Float64Array.from(net.value);
    net.node.forEach((sideNode, arc) => {
      if (sideNode < 0) return;
      const node = sideNode + side.offset;
      const other = this.partner[node]!;
      if (other < 0) return;
      const value = net.value[arc]!;
      if (side.measure === 'records') {
        // Persons printed 0 fix the records at 0; records never fall below their persons.
        if (this.fixed.has(other) && this.truth[other] === 0) up[arc] = 0;
        down[arc] = Math.max(0, value - this.truth[other]!);
      } else {
        up[arc] = Math.max(0, this.truth[other]! - value);
        const floor = this.fixed.has(other) && this.truth[other]! >= 1 ? 1 : 0;
        down[arc] = Math.max(0, value - floor);
      }
    });
    return { up, down };
  }

  hiddenMask(side: Side, suppressed: ReadonlySet<number>): Uint8Array {
    const mask = new Uint8Array(side.net.from.length);
    side.net.node.forEach((sideNode, arc) => {
      mask[arc] = sideNode < 0 || isHidden(this.model, suppressed, sideNode + side.offset) ? 1 : 0;
    });
    return mask;
  }

  checks(suppressed: ReadonlySet<number>): Record<Measure, BoundedChecks> {
    const make = (side: Side) => new BoundedChecks(side.net, this.room(side), this.hiddenMask(side, suppressed));
    return { records: make(this.sides.records), persons: make(this.sides.persons) };
  }

  private readonly rooms = new Map<Side, ArcRoom>();
  /** Counts the LP was not asked about for want of time (treated as exposed). */
  unchecked = 0;

  private roomOf(side: Side): ArcRoom {
    let room = this.rooms.get(side);
    if (room === undefined) this.rooms.set(side, (room = this.room(side)));
    return room;
  }

  private otherSide(side: Side): Side {
    return side === this.sides.records ? this.sides.persons : this.sides.records;
  }

  private toNodes(
    side: Side,
    shifts: ReadonlyMap<number, number>,
    into = new Map<number, number>(),
  ): Map<number, number> {
    for (const [arc, shift] of shifts) {
      const node = this.nodeOfArc(side, arc);
      if (node >= 0) into.set(node, (into.get(node) ?? 0) + shift);
    }
    return into;
  }

  /**
   * A table the joint attacker cannot rule out with `node` moved by its level, as each moved
   * node's shift; null when no flow finds one (the LP may still). First a flow of the node's
   * own measure with the other at its true values; else one that crosses those bounds where
   * the other measure's cell is hidden too, and a flow of the other measure that moves those
   * cells along.
   */
  movementOf(
    node: number,
    masks: Record<Measure, Uint8Array>,
    checks: Record<Measure, BoundedChecks>,
  ): Map<number, number> | null {
    const level = this.levelOf(node);
    const side = this.sideOf(node);
    const arc = this.arcOf(node);
    const check = checks[side.measure];
    const own = check.movement(arc, 1, level) ?? (this.truth[node]! >= level ? check.movement(arc, -1, level) : null);
    if (own) return this.toNodes(side, own);
    return this.crossMovement(node, level, masks);
  }

  /**
   * Measure by measure, flows that together move `node` by `level`: each flow keeps its arcs
   * within their bounds given the other measure's shifts so far, except where the other
   * measure's cell is hidden too (at a price); there the other measure must follow, which is
   * the next flow's demand. Ends when a flow needs nothing more of the other measure.
   */
  private crossMovement(node: number, level: number, masks: Record<Measure, Uint8Array>): Map<number, number> | null {
    const shifts = new Map<number, number>();
    let side = this.sideOf(node);
    let demands = new Map<number, number>([[this.arcOf(node), level]]);
    for (let stage = 0; stage < MAX_STAGES; stage++) {
      const step = this.stage(side, masks, demands, shifts);
      if (step === null) return null;
      this.toNodes(side, step.shifts, shifts);
      if (step.crossings.size === 0) return shifts;
      side = this.otherSide(side);
      demands = step.crossings;
    }
    return null;
  }

  /**
   * One measure's flow: each demanded arc moves by its shift, the other hidden arcs carry it
   * around within their bounds (given `moved`, the shifts so far) or beyond them where the
   * other measure's cell is hidden. Returns every arc's shift and what the other measure's
   * arcs must do, or null when no flow does it.
   */
  private stage(
    side: Side,
    masks: Record<Measure, Uint8Array>,
    demands: ReadonlyMap<number, number>,
    moved: ReadonlyMap<number, number>,
  ): { shifts: Map<number, number>; crossings: Map<number, number> } | null {
    const { net } = side;
    const mask = masks[side.measure];
    const otherMask = masks[this.otherSide(side).measure];
    const base = this.roomOf(side);
    const source = net.vertices;
    const sink = source + 1;
    const graph = new FlowGraph(net.vertices + 2, 8 * net.from.length + 4 * demands.size);
    const edges: { arc: number; edge: number; sign: 1 | -1; beyond: boolean }[] = [];
    const crossings = new Map<number, number>();
    const cross = (arc: number, shift: number) => crossings.set(arc, (crossings.get(arc) ?? 0) + shift);
    let total = 0;
    for (let a = 0; a < net.from.length; a++) {
      if (!mask[a]) continue;
      const n = this.nodeOfArc(side, a);
      const m = n < 0 ? -1 : this.partner[n]!;
      const partnerArc = m < 0 ? -1 : this.arcOf(m);
      const followed = partnerArc >= 0 && otherMask[partnerArc] === 1;
      const own = n < 0 ? 0 : (moved.get(n) ?? 0);
      const theirs = m < 0 ? 0 : (moved.get(m) ?? 0);
      // Within bounds, given both measures' shifts so far; beyond them only where the other follows.
      let up = base.up[a]!;
      let down = base.down[a]! + own;
      let upBeyond = 0;
      let downBeyond = 0;
      if (m >= 0 && side.measure === 'persons') {
        up = Math.max(0, base.up[a]! + theirs - own);
        if (followed) upBeyond = Infinity;
      } else if (m >= 0) {
        up = base.up[a]! === 0 ? 0 : Infinity;
        down = Math.max(0, base.down[a]! + own - theirs);
        if (followed) downBeyond = Math.max(0, this.truth[n]! + own - down);
      } else if (up !== Infinity) up -= own;
      const shift = demands.get(a);
      if (shift !== undefined) {
        const over = shift > 0 ? shift - up : -shift - down;
        if (over > EPSILON) {
          if ((shift > 0 ? upBeyond : downBeyond) < over - EPSILON) return null;
          cross(partnerArc, Math.sign(shift) * over);
        }
        const [start, end] = shift > 0 ? [net.to[a]!, net.from[a]!] : [net.from[a]!, net.to[a]!];
        graph.addEdge(source, start, Math.abs(shift), 0);
        graph.addEdge(end, sink, Math.abs(shift), 0);
        total += Math.abs(shift);
        continue;
      }
      const add = (from: number, to: number, room: number, sign: 1 | -1, beyond: boolean) => {
        if (room > EPSILON) edges.push({ arc: a, sign, beyond, edge: graph.addEdge(from, to, room, beyond ? 1 : 0) });
      };
      add(net.from[a]!, net.to[a]!, up, 1, false);
      add(net.to[a]!, net.from[a]!, down, -1, false);
      add(net.from[a]!, net.to[a]!, upBeyond, 1, true);
      add(net.to[a]!, net.from[a]!, downBeyond, -1, true);
    }
    for (const a of demands.keys()) if (!mask[a]) return null;
    if (graph.minCostFlow(source, sink, total) === null) return null;
    const shifts = new Map(demands);
    for (const { arc, edge, sign, beyond } of edges) {
      const flow = graph.room(edge ^ 1);
      if (flow <= EPSILON) continue;
      shifts.set(arc, (shifts.get(arc) ?? 0) + sign * flow);
      if (beyond) {
        const m = this.partner[this.nodeOfArc(side, arc)]!;
        cross(this.arcOf(m), sign * flow);
      }
    }
    return { shifts, crossings };
  }

  private readonly relationIndex = new Map<AttackerView, Constraint[][]>();

  /** Whether `view`'s values shifted by `shifts` satisfy every relation of the view a moved node is in. */
  holdsIn(view: AttackerView, shifts: ReadonlyMap<number, number>): boolean {
    let index = this.relationIndex.get(view);
    if (index === undefined) {
      index = Array.from({ length: this.model.nodes.length }, () => []);
      for (const c of view.constraints) {
        const nodes = c.kind === 'atLeast' ? [c.total, c.member] : [c.total, ...c.members];
        for (const n of new Set(nodes)) index[n]!.push(c);
      }
      this.relationIndex.set(view, index);
    }
    const at = (n: number) => (view.values[n] ?? this.truth[n]!) + (shifts.get(n) ?? 0);
    const seen = new Set<Constraint>();
    for (const node of shifts.keys()) {
      if (at(node) < -EPSILON) return false;
      for (const c of index[node]!) {
        if (seen.has(c)) continue;
        seen.add(c);
        if (c.kind === 'atLeast') {
          if (at(c.total) < at(c.member) - EPSILON) return false;
          continue;
        }
        const sum = c.members.reduce((s, m) => s + at(m), 0);
        if (c.kind === 'sum' ? Math.abs(at(c.total) - sum) > EPSILON : at(c.total) > sum + EPSILON) return false;
      }
    }
    return true;
  }

  /**
   * The targets the joint attacker narrows under `suppressed`: a flow proves most protected; the
   * rest are decided by the joint LP, which `programs` keeps open across calls.
   */
  async exposed(
    views: readonly AttackerView[],
    suppressed: ReadonlySet<number>,
    targets: readonly number[],
    programs: Map<AttackerView, ViewProgram>,
    options: WorkOptions = {},
  ): Promise<number[]> {
    const checks = this.checks(suppressed);
    const masks = {
      records: this.hiddenMask(this.sides.records, suppressed),
      persons: this.hiddenMask(this.sides.persons, suppressed),
    };
    // Per view, the highest rise any table found so far gives each node: a proof for it too.
    const reached = new Map(views.map((v) => [v, new Float64Array(this.model.nodes.length)]));
    const remember = (view: AttackerView, shifts: ReadonlyMap<number, number>) => {
      const highest = reached.get(view)!;
      for (const [node, shift] of shifts) if (shift > highest[node]!) highest[node] = shift;
    };
    const proven = (view: AttackerView, target: number, level: number) =>
      reached.get(view)![target]! >= level - EPSILON;
    let solving = 0;
    const out: number[] = [];
    for (const target of targets) {
      options.signal?.throwIfAborted();
      const level = this.levelOf(target);
      if (level <= 0 || views.every((v) => proven(v, target, level))) continue;
      const shifts = this.movementOf(target, masks, checks);
      if (shifts) for (const view of views) if (this.holdsIn(view, shifts)) remember(view, shifts);
      let ok = true;
      for (const view of views.filter((v) => !proven(v, target, level))) {
        // Past its time the LP is not asked: an unproven count is treated as exposed (more is hidden).
        if (solving > LP_BUDGET_MS) {
          this.unchecked += 1;
          ok = false;
          break;
        }
        const started = performance.now();
        const program = await auditProgramFor(this.model, view, suppressed, programs);
        ok = program.canMove(target, level);
        solving += performance.now() - started;
        if (!ok) break;
      }
      if (!ok) out.push(target);
    }
    return out;
  }

  /**
   * Hides cells of the new table so that `target` can move: returns how many it hid. The
   * target's own measure moves within its bounds; for a count of the other measure, bounds may
   * be crossed where the new table's cell of the same finest cell moves along.
   */
  fix(target: number, suppressed: Set<number>, limits: JointLimits, costs: readonly number[]): number {
    const before = suppressed.size;
    const level = this.levelOf(target);
    const side = this.sideOf(target);
    const newMeasure = this.measureOfCurrent(limits);
    const candidate = (node: number) =>
      node >= 0 &&
      limits.current.has(node) &&
      !limits.fixed.has(node) &&
      !suppressed.has(node) &&
      this.truth[node]! > 0;
    if (side.measure === newMeasure) {
      this.moveWithin(side, this.arcOf(target), 1, level, suppressed, candidate, costs);
      return suppressed.size - before;
    }
    const mask = this.hiddenMask(side, suppressed);
    const room = this.room(side);
    const extra: ArcRoom = {
      up: new Float64Array(room.up.length),
      down: new Float64Array(room.down.length),
    };
    side.net.node.forEach((sideNode, arc) => {
      const other = sideNode < 0 ? -1 : this.partner[sideNode + side.offset]!;
      if (other < 0) return;
      if (side.measure === 'records') extra.down[arc] = this.truth[other]!;
      else extra.up[arc] = Infinity;
    });
    const otherPrice = (arc: number): number | null => {
      if (!mask[arc]) return null;
      const other = this.partner[this.nodeOfArc(side, arc)] ?? -1;
      if (other < 0 || !limits.current.has(other) || limits.fixed.has(other)) return null;
      return suppressed.has(other) ? HIDDEN_PRICE : costs[other]!;
    };
    const demands: { node: number; move: ArcMove }[] = [];
    const own = this.partner[target]!;
    if (side.measure === 'persons' && own >= 0) {
      const short = level - (this.truth[own]! - this.truth[target]!);
      if (short > 0) demands.push({ node: own, move: { arc: -1, direction: 1, amount: short } });
    }
    const movement = cheapestMovement(side.net, room, (arc) => (mask[arc] ? 0 : null), this.arcOf(target), 1, level, {
      room: extra,
      price: otherPrice,
    });
    for (const leg of movement?.extraLegs ?? []) {
      demands.push({ node: this.partner[this.nodeOfArc(side, leg.arc)]!, move: leg });
    }
    const otherSide = this.sides[newMeasure];
    for (const { node, move } of demands) {
      if (limits.fixed.has(node) || !limits.current.has(node)) continue;
      suppressed.add(node);
      this.moveWithin(otherSide, this.arcOf(node), move.direction, move.amount, suppressed, candidate, costs);
    }
    return suppressed.size - before;
  }

  private measureOfCurrent(limits: JointLimits): Measure {
    const any = limits.current.values().next().value as number;
    return this.sideOf(any).measure;
  }

  /** The cheapest flow within bounds moving `arc` of `side`; hides the printed cells it moves. */
  private moveWithin(
    side: Side,
    arc: number,
    direction: 1 | -1,
    amount: number,
    suppressed: Set<number>,
    candidate: (node: number) => boolean,
    costs: readonly number[],
  ): void {
    const mask = this.hiddenMask(side, suppressed);
    const movement = cheapestMovement(
      side.net,
      this.room(side),
      (a) => {
        if (mask[a]) return 0;
        const node = this.nodeOfArc(side, a);
        return candidate(node) ? costs[node]! : null;
      },
      arc,
      direction,
      amount,
    );
    for (const leg of movement?.legs ?? []) {
      const node = this.nodeOfArc(side, leg.arc);
      if (node >= 0 && !mask[leg.arc]) suppressed.add(node);
    }
  }

  /** The last resort: hide every cell of the new table in a relation with the target or its other measure. */
  hideAround(target: number, suppressed: Set<number>, limits: JointLimits): number {
    const before = suppressed.size;
    const near = new Set([target, this.partner[target]!]);
    for (const c of this.model.constraints) {
      const nodes = c.kind === 'atLeast' ? [c.total, c.member] : [c.total, ...c.members];
      if (!nodes.some((n) => near.has(n))) continue;
      for (const n of nodes) if (limits.current.has(n) && !limits.fixed.has(n) && this.truth[n]! > 0) suppressed.add(n);
    }
    return suppressed.size - before;
  }

  /** The new table protected in its own measure's model, as a table alone is (networks). */
  async protectOwnMeasure(
    sensitive: ReadonlySet<number>,
    rule: DisclosureRule,
    limits: JointLimits,
    options: WorkOptions,
  ): Promise<Set<number>> {
    const side = this.sides[this.measureOfCurrent(limits)];
    const size = side.model.nodes.length;
    const local = (nodes: Iterable<number>) =>
      new Set([...nodes].filter((n) => n >= side.offset && n < side.offset + size).map((n) => n - side.offset));
    const chosen = await chooseSecondary(side.model, await attackerViews(side.model), local(sensitive), rule, {
      ...options,
      fixed: local(limits.fixed),
      hidden: local(limits.hidden),
    });
    return new Set([...limits.hidden, ...[...chosen].map((n) => n + side.offset)]);
  }
}

/**
 * The cells to hide so that no small count of the release (`targets`, both measures) is within
 * the joint attacker's reach, starting from the new table's own protection of `sensitive`.
 */
export async function protectJoint(
  attack: JointAttack,
  views: readonly AttackerView[],
  sensitive: ReadonlySet<number>,
  targets: readonly number[],
  rule: DisclosureRule,
  limits: JointLimits,
  options: WorkOptions = {},
): Promise<JointResult> {
  const model = attack.model;
  const suppressed = await attack.protectOwnMeasure(sensitive, rule, limits, options);
  const largest = Math.max(0, ...model.nodes.map((n) => n.value ?? 0));
  const costs = model.nodes.map((_, i) => attack.costOf(i, largest));
  const programs = new Map<AttackerView, ViewProgram>();
  const settled = new Set<number>();
  try {
    let open = [...targets];
    for (let round = 0; ; round++) {
      options.signal?.throwIfAborted();
      const exposed = await attack.exposed(views, suppressed, open, programs, options);
      for (const t of open) if (!exposed.includes(t)) settled.add(t);
      if (exposed.length === 0) return { suppressed, exposed: [], timedOut: attack.unchecked > 0 };
      let hid = 0;
      for (const target of exposed) hid += attack.fix(target, suppressed, limits, costs);
      // No flow helps: hide around each exposed count, then give up on what is still exposed.
      if (hid === 0) for (const target of exposed) hid += attack.hideAround(target, suppressed, limits);
      if (hid === 0) return { suppressed, exposed, timedOut: attack.unchecked > 0 };
      open = exposed;
      options.onProgress?.(settled.size, targets.length);
    }
  } finally {
    for (const program of programs.values()) program.dispose();
  }
}

/** The joint attacker's verdict on a pattern (for audits): the targets it narrows. */
export async function jointExposed(
  attack: JointAttack,
  views: readonly AttackerView[],
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
): Promise<number[]> {
  const programs = new Map<AttackerView, ViewProgram>();
  try {
    return await attack.exposed(views, suppressed, targets, programs);
  } finally {
    for (const program of programs.values()) program.dispose();
  }
}
