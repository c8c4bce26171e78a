// Records and persons of the same cells protected together at any size. The joint model
// (jointModel.ts) is one LP, far too large to solve per cell for a 480 x 13 table in both
// measures; but its coupling is per finest cell (persons <= records), so with the other measure
// held at its true values each measure is its own table with margins, a network whose arcs may
// move within bounds (boundedNetwork.ts). A flow there is a table the joint attacker cannot rule
// out: it proves a cell protected exactly. A cell no such flow protects is first tried in an LP
// of the relations near it (its row, in both measures), a relaxation: when even that cannot move
// it, the attacker narrows it. Only what neither settles goes to the joint LP (viewProgram.ts),
// and only cells found exposed get more cells hidden:
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
// protected as far as that allows (to the printed records), the most any table could; so is one
// whose records earlier outputs hid, up to the most those outputs let the records be.
import type { DisclosureRule } from '../../shared/query.ts';
import { type WidenByFlow, type WorkOptions, isHidden } from './attackerBounds.ts';
import { type AttackerView, attackerViews } from './attackerViews.ts';
import { type ArcMove, type ArcRoom, BoundedChecks, cheapestMovement } from './boundedNetwork.ts';
import { type ArcShifts, type CrossingArcs, CrossingFlow } from './crossingFlow.ts';
import { chooseSecondary, suppressionCost } from './secondarySuppression.ts';
import type { Measure, TableModel } from './tableModel.ts';
import { type TableNetwork, hiddenArcs, viewNetwork } from './tableNetwork.ts';
import { ViewProgram } from './viewProgram.ts';
import { ShiftedTable } from './shiftedTable.ts';
import { LocalRelaxation } from './localRelaxation.ts';

/** A hidden cell of the new table costs this much less to move than a printed one. */
const HIDDEN_PRICE = 0.1;
const EPSILON = 1e-6;
/** Flows of one measure, then the other, and so on: at most this many before the LP decides. */
const MAX_STAGES = 6;
/**
 * Before the counts one by one, one table is looked for that lifts this many persons counts at
 * once (each found proves them all; where none is found, each is tried alone as before).
 */
const BATCH_SIZE = 8;
const OPEN_BATCHES = 16;
/**
 * The joint LP decides the counts no flow proves, at most this many per check of a pattern (a
 * count of solves, not a time: the same table gets the same protection however busy the machine).
 */
const MAX_LP_CHECKS = 100;

interface Side {
  measure: Measure;
  model: TableModel;
  /** The attacker's views of the measure alone: its own protection reuses them (and their network). */
  views: AttackerView[];
  /** Joint index of the side's node 0. */
  offset: number;
  net: TableNetwork;
}

/** One measure's flow checks for one pattern. */
interface SideFlows {
  /** Moves within the bounds the other measure's true values set. */
  bounded: BoundedChecks;
  /** Moves beyond them where the other measure's cell is hidden and follows. */
  crossing: CrossingFlow;
}

type PatternFlows = Record<Measure, SideFlows>;

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
  /** The new table protected in its own measure's model only: what it would hide without the other measure. */
  own: ReadonlySet<number>;
  /** The counts the joint attacker narrowed under that pattern (with every earlier output). */
  firstExposed: readonly number[];
  /** Small counts still within the attacker's reach: the earlier outputs had narrowed them already, or the LP's allowance ran out before them. */
  exposed: number[];
  /** Whether some count was left unchecked: the LP's allowance ran out. */
  unchecked: boolean;
}

/** The attacker of a release holding records and persons tables of the same cells, each a network. */
export class JointAttack {
  private readonly sides: Record<Measure, Side>;
  /** Per joint node: the node of the same finest cell in the other measure, or -1. */
  private readonly partner: Int32Array;
  private readonly truth: Float64Array;
  /** Per joint node: its arc in its own measure's network (-1 for a constant); asked per demand and per shift. */
  private readonly arcOfNode: Int32Array;

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
    this.arcOfNode = new Int32Array(model.nodes.length).fill(-1);
    for (const side of [sides.records, sides.persons]) {
      for (const [node, arc] of side.net.arcOf) this.arcOfNode[node + side.offset] = arc;
    }
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
      const net = viewNetwork(side, additive);
      if (net === null) return null;
      const offset = measure === 'records' ? 0 : model.joint!.personsFrom;
      sides[measure] = { measure, model: side, views, offset, net };
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
    return this.arcOfNode[node]!;
  }

  private nodeOfArc(side: Side, arc: number): number {
    const node = side.net.node[arc]!;
    return node < 0 ? -1 : node + side.offset;
  }

  /**
   * How far a small count must be able to rise: the protection level, except a persons count
   * whose records earlier outputs fix: printed, it cannot rise above them; hidden, not above
   * the most those records can be on what the earlier outputs print (no pattern of the new
   * table lifts them higher).
   */
  levelOf(node: number): number {
    const other = this.partner[node]!;
    if (this.sideOf(node).measure !== 'persons' || other < 0) return this.level;
    if (this.fixed.has(other)) return Math.min(this.level, this.truth[other]! - this.truth[node]!);
    if (this.earlierOnly?.has(other)) {
      return Math.min(this.level, this.truth[other]! + this.earlierRise(other) - this.truth[node]!);
    }
    return this.level;
  }

  /** Nodes earlier outputs hid that the new table does not hold: only those outputs move them. */
  private earlierOnly: ReadonlySet<number> | null = null;
  private readonly earlierNetworks = new Map<Side, BoundedChecks>();
  private readonly rises = new Map<number, number>();

  /** Tells the attacker which nodes only earlier outputs hold (for levelOf). */
  protectAgainst(limits: JointLimits): void {
    this.earlierOnly = new Set([...limits.hidden].filter((n) => !limits.current.has(n)));
    this.rises.clear();
  }

  /** How far `node` rises, up to the level, in its own measure with every number not printed earlier hidden. */
  private earlierRise(node: number): number {
    let rise = this.rises.get(node);
    if (rise !== undefined) return rise;
    const side = this.sideOf(node);
    let network = this.earlierNetworks.get(side);
    if (network === undefined) {
      // A count may fall to 0 and rise without limit: the network of the measure alone.
      const room = { up: new Float64Array(side.net.value.length).fill(Infinity), down: side.net.value };
      network = new BoundedChecks(
        side.net,
        room,
        hiddenArcs(side.net, (n) => !this.fixed.has(n + side.offset)),
      );
      this.earlierNetworks.set(side, network);
    }
    rise = Math.floor(network.rise(this.arcOf(node), this.level) + EPSILON);
    this.rises.set(node, rise);
    return rise;
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

  /** Per side: its arcs hidden whatever the pattern (free margins, latent leaves). */
  private readonly alwaysHidden = new Map<Side, Uint8Array>();

  hiddenMask(side: Side, suppressed: ReadonlySet<number>): Uint8Array {
    let always = this.alwaysHidden.get(side);
    if (always === undefined) {
      always = new Uint8Array(side.net.from.length);
      side.net.node.forEach((sideNode, arc) => {
        always![arc] = sideNode < 0 || !this.model.nodes[sideNode + side.offset]!.published ? 1 : 0;
      });
      this.alwaysHidden.set(side, always);
    }
    // Walking the pattern, not every arc: a typed copy and one lookup per hidden node of the side.
    const mask = always.slice();
    const end = side.offset + side.model.nodes.length;
    for (const node of suppressed) {
      if (node < side.offset || node >= end) continue;
      const arc = side.net.arcOf.get(node - side.offset);
      if (arc !== undefined) mask[arc] = 1;
    }
    return mask;
  }

  /** Per side: the mask of the pattern that fix grows, and the pattern's size it was made at. */
  private readonly growingMasks = new Map<Side, { pattern: ReadonlySet<number>; size: number; mask: Uint8Array }>();

  /**
   * hiddenMask for fix, kept in step with its pattern (which only grows there): fix asks for it
   * per exposed count and per demand, and each ask walked the thousands of hidden nodes again.
   * A pattern that changed other than through hide is walked again.
   */
  private growingMask(side: Side, suppressed: ReadonlySet<number>): Uint8Array {
    const known = this.growingMasks.get(side);
    if (known && known.pattern === suppressed && known.size === suppressed.size) return known.mask;
    const mask = this.hiddenMask(side, suppressed);
    this.growingMasks.set(side, { pattern: suppressed, size: suppressed.size, mask });
    return mask;
  }

  /** Hides `node` in the pattern fix grows, and in the masks kept in step with it. */
  private hide(node: number, suppressed: Set<number>): void {
    const before = suppressed.size;
    suppressed.add(node);
    if (suppressed.size === before) return;
    const side = this.sideOf(node);
    for (const [maskSide, known] of this.growingMasks) {
      if (known.pattern !== suppressed || known.size !== before) continue;
      known.size = suppressed.size;
      if (maskSide !== side) continue;
      const arc = side.net.arcOf.get(node - side.offset);
      if (arc !== undefined) known.mask[arc] = 1;
    }
  }

  /** The flow checks of one pattern: built once, then asked about every target. */
  pattern(suppressed: ReadonlySet<number>): PatternFlows {
    const masks = {
      records: this.hiddenMask(this.sides.records, suppressed),
      persons: this.hiddenMask(this.sides.persons, suppressed),
    };
    const make = (side: Side): SideFlows => {
      const other = this.otherSide(side);
      const room = this.roomOf(side);
      return {
        bounded: new BoundedChecks(side.net, room, masks[side.measure]),
        crossing: new CrossingFlow(side.net, this.crossingArcs(side), masks[side.measure], masks[other.measure]),
      };
    };
    return { records: make(this.sides.records), persons: make(this.sides.persons) };
  }

  private readonly rooms = new Map<Side, ArcRoom>();
  private readonly crossing = new Map<Side, CrossingArcs>();
  /** Counts the LP was not asked about, its allowance spent (treated as exposed). */
  unchecked = 0;

  private roomOf(side: Side): ArcRoom {
    let room = this.rooms.get(side);
    if (room === undefined) this.rooms.set(side, (room = this.room(side)));
    return room;
  }

  private crossingArcs(side: Side): CrossingArcs {
    let arcs = this.crossing.get(side);
    if (arcs !== undefined) return arcs;
    const { net } = side;
    const partnerArc = new Int32Array(net.from.length).fill(-1);
    const truth = new Float64Array(net.from.length);
    net.node.forEach((sideNode, arc) => {
      if (sideNode < 0) return;
      const node = sideNode + side.offset;
      truth[arc] = this.truth[node]!;
      const other = this.partner[node]!;
      if (other >= 0) partnerArc[arc] = this.arcOf(other);
    });
    const room = this.roomOf(side);
    arcs = { up: room.up, down: room.down, partnerArc, truth, persons: side.measure === 'persons' };
    this.crossing.set(side, arcs);
    return arcs;
  }

  private otherSide(side: Side): Side {
    return side === this.sides.records ? this.sides.persons : this.sides.records;
  }

  private toNodes(
    side: Side,
    shifts: ReadonlyMap<number, number>,
    into = new Map<number, number>(),
  ): Map<number, number> {
    // forEach, not for-of: no entry pair per moved arc (thousands of flows per release).
    shifts.forEach((shift, arc) => {
      const node = this.nodeOfArc(side, arc);
      if (node >= 0) into.set(node, (into.get(node) ?? 0) + shift);
    });
    return into;
  }

  /**
   * A table the joint attacker cannot rule out with `node` moved by its level, as each moved
   * node's shift; null when no flow finds one (the LP may still). First a flow of the node's
   * own measure with the other at its true values; else one that crosses those bounds where
   * the other measure's cell is hidden too, and a flow of the other measure that moves those
   * cells along.
   */
  movementOf(node: number, flows: PatternFlows, partnerLevel = 0): Map<number, number> | null {
    const level = this.levelOf(node);
    const side = this.sideOf(node);
    const arc = this.arcOf(node);
    const check = flows[side.measure].bounded;
    const own = check.movement(arc, 1, level) ?? (this.truth[node]! >= level ? check.movement(arc, -1, level) : null);
    if (own) return this.toNodes(side, own);
    // A small count of the other measure in the same cell rises with it when it can: one table proves both.
    const both = partnerLevel > 0 ? this.crossMovement(node, level, flows, partnerLevel) : null;
    return both ?? this.crossMovement(node, level, flows);
  }

  /**
   * Measure by measure, flows that together move `node` by `level`: each flow keeps its arcs
   * within their bounds given the other measure's shifts so far, except where the other
   * measure's cell is hidden too (at a price); there the other measure must follow, which is
   * the next flow's demand. Ends when a flow needs nothing more of the other measure. With
   * `partnerLevel`, the other measure's cell of the same finest cell rises at least that far.
   */
  private crossMovement(
    node: number,
    level: number,
    flows: PatternFlows,
    partnerLevel = 0,
  ): Map<number, number> | null {
    const partners = partnerLevel > 0 ? new Map([[this.partner[node]!, partnerLevel]]) : undefined;
    return this.crossMovements(new Map([[node, level]]), flows, partners);
  }

  /**
   * crossMovement for several nodes of one measure at once, each moved by its amount, and each
   * node of the other measure in `partners` rising at least its amount: one table for them all.
   */
  private crossMovements(
    moves: ReadonlyMap<number, number>,
    flows: PatternFlows,
    partners?: ReadonlyMap<number, number>,
  ): Map<number, number> | null {
    const shifts = new Map<number, number>();
    let side = this.sideOf(moves.keys().next().value!);
    let demands = new Map<number, number>();
    for (const [node, amount] of moves) demands.set(this.arcOf(node), amount);
    for (let stage = 0; stage < MAX_STAGES; stage++) {
      const step = flows[side.measure].crossing.run(demands, this.arcShifts(side, shifts));
      if (step === null) return null;
      this.toNodes(side, step.shifts, shifts);
      if (stage === 0) {
        for (const [partner, amount] of partners ?? []) {
          const partnerArc = this.arcOf(partner);
          step.crossings.set(partnerArc, Math.max(step.crossings.get(partnerArc) ?? 0, amount));
        }
      }
      if (step.crossings.size === 0) return shifts;
      side = this.otherSide(side);
      demands = step.crossings;
    }
    return null;
  }

  /** The flows of the pattern reaches was last asked about, and the tables found on it (by node and shift). */
  private reachedOn: {
    /** The pattern's members when its flows were built: a caller may change the set it passes. */
    members: ReadonlySet<number>;
    flows: PatternFlows;
    tables: Map<string, Map<number, number> | null>;
  } | null = null;

  /**
   * Whether a flow finds a table the joint attacker cannot rule out under `suppressed`, with
   * `node` shifted by `shift` or further, that holds in `view`: a proof that its range in that
   * view reaches so far. False proves nothing (an LP still may find one).
   */
  reaches(view: AttackerView, suppressed: ReadonlySet<number>, node: number, shift: number): boolean {
    if (shift === 0) return true;
    // An unbounded end (a count already safe in this view) is no table a flow can show.
    if (!Number.isFinite(shift)) return false;
    let known = this.reachedOn;
    if (known === null || !samePattern(known.members, suppressed)) {
      known = { members: new Set(suppressed), flows: this.pattern(suppressed), tables: new Map() };
      this.reachedOn = known;
    }
    const key = `${node}:${shift}`;
    let shifts = known.tables.get(key);
    if (shifts === undefined) {
      shifts = this.shiftedBy(node, shift, known.flows);
      known.tables.set(key, shifts);
    }
    if (shifts === null) return false;
    const moved = shifts.get(node) ?? 0;
    return (shift > 0 ? moved >= shift - EPSILON : moved <= shift + EPSILON) && this.holdsIn(view, shifts);
  }

  /** A flow's table with `node` shifted by `shift`: within bounds, else (a rise) crossing them; null when none is found. */
  private shiftedBy(node: number, shift: number, flows: PatternFlows): Map<number, number> | null {
    const side = this.sideOf(node);
    const direction = shift > 0 ? 1 : -1;
    const within = flows[side.measure].bounded.movement(this.arcOf(node), direction, Math.abs(shift));
    if (within) return this.toNodes(side, within);
    return shift > 0 ? this.crossMovements(new Map([[node, shift]]), flows) : null;
  }

  /**
   * Small counts of one measure in batches for crossMovements: at most BATCH_SIZE, no two on
   * the same row or column (their demands would meet at one vertex), each with its level.
   */
  private batches(targets: readonly number[]): Map<number, number>[] {
    const done: Map<number, number>[] = [];
    // Only the latest few batches are tried for each count: looking through them all is quadratic.
    const open: { moves: Map<number, number>; ends: Set<number> }[] = [];
    for (const target of targets) {
      const level = this.levelOf(target);
      if (level <= 0) continue;
      const side = this.sideOf(target);
      const arc = this.arcOf(target);
      const from = side.net.from[arc]!;
      const to = side.net.to[arc]!;
      let batch = open.find((b) => !b.ends.has(from) && !b.ends.has(to));
      if (batch === undefined) {
        batch = { moves: new Map(), ends: new Set() };
        open.push(batch);
        if (open.length > OPEN_BATCHES) done.push(open.shift()!.moves);
      }
      batch.moves.set(target, level);
      batch.ends.add(from).add(to);
      if (batch.moves.size === BATCH_SIZE) {
        open.splice(open.indexOf(batch), 1);
        done.push(batch.moves);
      }
    }
    return [...done, ...open.map((b) => b.moves)];
  }

  /** The shifts so far as each of `side`'s arcs sees them: its own, and its other measure's. */
  private arcShifts(side: Side, shifts: ReadonlyMap<number, number>): Map<number, ArcShifts> {
    const out = new Map<number, ArcShifts>();
    const at = (arc: number) => {
      let entry = out.get(arc);
      if (entry === undefined) out.set(arc, (entry = { own: 0, theirs: 0 }));
      return entry;
    };
    shifts.forEach((shift, node) => {
      if (this.sideOf(node) === side) at(this.arcOf(node)).own += shift;
      else if (this.partner[node]! >= 0) at(this.arcOf(this.partner[node]!)).theirs += shift;
    });
    return out;
  }

  private readonly shiftedTables = new Map<AttackerView, ShiftedTable>();

  /** Whether `view`'s values shifted by `shifts` satisfy every relation of the view a moved node is in. */
  holdsIn(view: AttackerView, shifts: ReadonlyMap<number, number>): boolean {
    let table = this.shiftedTables.get(view);
    if (table === undefined) {
      table = new ShiftedTable(view, (n) => view.values[n] ?? this.truth[n]!, this.model.nodes.length);
      this.shiftedTables.set(view, table);
    }
    return table.holds(shifts);
  }

  /**
   * The targets the joint attacker narrows under `suppressed`: a flow proves most protected; an
   * LP over the relations near a count proves most of the rest exposed (localRelaxation.ts);
   * what is left is decided by the joint LP of that pattern, which holds only its hidden numbers.
   */
  async exposed(
    views: readonly AttackerView[],
    suppressed: ReadonlySet<number>,
    targets: readonly number[],
    options: WorkOptions = {},
  ): Promise<number[]> {
    const flows = this.pattern(suppressed);
    // Per view, the highest rise and the deepest fall any table found so far gives each node:
    // a proof for it too (the level reached either way protects a count).
    const size = this.model.nodes.length;
    const reached = new Map(views.map((v) => [v, { rise: new Float64Array(size), fall: new Float64Array(size) }]));
    const remember = (view: AttackerView, shifts: ReadonlyMap<number, number>) => {
      const { rise, fall } = reached.get(view)!;
      shifts.forEach((shift, node) => {
        if (shift > rise[node]!) rise[node] = shift;
        else if (shift < fall[node]!) fall[node] = shift;
      });
    };
    const proven = (view: AttackerView, target: number, level: number) => {
      const { rise, fall } = reached.get(view)!;
      return rise[target]! >= level - EPSILON || fall[target]! <= EPSILON - level;
    };
    const locals = new Map<AttackerView, LocalRelaxation>();
    const localOf = (view: AttackerView): LocalRelaxation => {
      let local = locals.get(view);
      if (local === undefined) {
        const hidden = (n: number) => isHidden(this.model, suppressed, n);
        local = new LocalRelaxation(view, hidden, (n) => view.values[n] ?? this.truth[n]!);
        locals.set(view, local);
      }
      return local;
    };
    const narrowedNearby = async (unproven: readonly AttackerView[], target: number, level: number) => {
      for (const view of unproven) if (await localOf(view).narrows(target, level)) return true;
      return false;
    };
    const programs = new Map<AttackerView, ViewProgram>();
    const programOf = async (view: AttackerView): Promise<ViewProgram> => {
      let program = programs.get(view);
      if (program === undefined) {
        program = await ViewProgram.open(this.model, view, (n) => isHidden(this.model, suppressed, n), { fixed: true });
        programs.set(view, program);
      }
      return program;
    };
    // A persons count first: its table can lift the records of its cell too, when those are a target.
    const wanted = new Set(targets);
    const partnerLevel = (target: number): number => {
      const other = this.partner[target]!;
      if (other < 0 || !wanted.has(other) || this.sideOf(other).measure !== 'records') return 0;
      const level = this.levelOf(other);
      return views.every((v) => proven(v, other, level)) ? 0 : level;
    };
    const ordered = [
      ...targets.filter((t) => this.sideOf(t).measure === 'persons'),
      ...targets.filter((t) => this.sideOf(t).measure !== 'persons'),
    ];
    // Persons counts in batches first: a table that lifts a batch, with their records where
    // those are counts to prove, proves them all in one flow.
    const batched = ordered.filter((t) => this.sideOf(t).measure === 'persons' && this.partner[t]! >= 0);
    for (const moves of this.batches(batched)) {
      options.signal?.throwIfAborted();
      const partners = new Map<number, number>();
      for (const target of moves.keys()) {
        const level = partnerLevel(target);
        if (level > 0) partners.set(this.partner[target]!, level);
      }
      const shifts = this.crossMovements(moves, flows, partners);
      if (shifts) for (const view of views) if (this.holdsIn(view, shifts)) remember(view, shifts);
    }
    let asked = 0;
    const out = new Set<number>();
    try {
      for (const target of ordered) {
        options.signal?.throwIfAborted();
        const level = this.levelOf(target);
        if (level <= 0 || views.every((v) => proven(v, target, level))) continue;
        const shifts = this.movementOf(target, flows, partnerLevel(target));
        if (shifts) for (const view of views) if (this.holdsIn(view, shifts)) remember(view, shifts);
        const unproven = views.filter((v) => !proven(v, target, level));
        if (unproven.length === 0) continue;
        // The relations near the count may narrow it already: then no LP over the whole release.
        if (await narrowedNearby(unproven, target, level)) {
          out.add(target);
          continue;
        }
        // Where the flow's table breaks a relation of a view, a table moving only the hidden
        // numbers near it may not: a small LP, and only what it leaves goes to the whole one.
        const undecided: AttackerView[] = [];
        for (const view of unproven) {
          if (!shifts || !(await localOf(view).moves(target, level, shifts.keys()))) undecided.push(view);
        }
        let ok = true;
        for (const view of undecided) {
          // Past its allowance the LP is not asked: an unproven count is treated as exposed (more is hidden).
          if (asked >= MAX_LP_CHECKS) {
            this.unchecked += 1;
            ok = false;
            break;
          }
          asked += 1;
          ok = (await programOf(view)).canMove(target, level);
          if (!ok) break;
        }
        if (!ok) out.add(target);
      }
    } finally {
      for (const program of programs.values()) program.dispose();
      for (const local of locals.values()) local.dispose();
    }
    return targets.filter((t) => out.has(t));
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
    const movable = this.movableOf(limits);
    const ownedBy = this.ownedOf(limits);
    // moveWithin asks only about arcs its mask shows printed: nodes not in `suppressed` (see there).
    const candidate = (node: number) => node >= 0 && movable[node] === 1;
    if (side.measure === newMeasure) {
      this.moveWithin(side, this.arcOf(target), 1, level, suppressed, candidate, costs);
      return suppressed.size - before;
    }
    const mask = this.growingMask(side, suppressed);
    const room = this.roomOf(side);
    const extra = this.beyondRoomOf(side);
    const otherPrice = (arc: number): number | null => {
      if (!mask[arc]) return null;
      const other = this.partner[this.nodeOfArc(side, arc)] ?? -1;
      if (other < 0 || ownedBy[other] !== 1) return null;
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
      this.hide(node, suppressed);
      this.moveWithin(otherSide, this.arcOf(node), move.direction, move.amount, suppressed, candidate, costs);
    }
    return suppressed.size - before;
  }

  private readonly beyondRooms = new Map<Side, ArcRoom>();

  /**
   * Per arc of `side`, its room beyond its bounds where the other measure's cell follows: a
   * records count down to its persons' 0, a persons count up without limit. Made once per side:
   * fix asks for it per exposed count, and it walks every arc.
   */
  private beyondRoomOf(side: Side): ArcRoom {
    let extra = this.beyondRooms.get(side);
    if (extra !== undefined) return extra;
    const arcs = side.net.from.length;
    extra = { up: new Float64Array(arcs), down: new Float64Array(arcs) };
    const { up, down } = extra;
    side.net.node.forEach((sideNode, arc) => {
      const other = sideNode < 0 ? -1 : this.partner[sideNode + side.offset]!;
      if (other < 0) return;
      if (side.measure === 'records') down[arc] = this.truth[other]!;
      else up[arc] = Infinity;
    });
    this.beyondRooms.set(side, extra);
    return extra;
  }

  private readonly movable = new WeakMap<JointLimits, Uint8Array>();

  /** Per node: 1 when the new table may hide it (its own, not printed earlier, not 0). */
  private movableOf(limits: JointLimits): Uint8Array {
    let flags = this.movable.get(limits);
    if (flags !== undefined) return flags;
    flags = new Uint8Array(this.model.nodes.length);
    for (const node of limits.current) if (!limits.fixed.has(node) && this.truth[node]! > 0) flags[node] = 1;
    this.movable.set(limits, flags);
    return flags;
  }

  private readonly owned = new WeakMap<JointLimits, Uint8Array>();

  /**
   * Per node: 1 when it is the new table's and not printed earlier (0s included). Asked per arc
   * of every fix's flow: two lookups in sets of tens of thousands each time were ~0.8 s at 5,000 x 13.
   */
  private ownedOf(limits: JointLimits): Uint8Array {
    let flags = this.owned.get(limits);
    if (flags !== undefined) return flags;
    flags = new Uint8Array(this.model.nodes.length);
    for (const node of limits.current) if (!limits.fixed.has(node)) flags[node] = 1;
    this.owned.set(limits, flags);
    return flags;
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
    const mask = this.growingMask(side, suppressed);
    const movement = cheapestMovement(
      side.net,
      this.roomOf(side),
      (a) => {
        // The mask is the pattern's (growingMask), so past this line the node is not in
        // `suppressed`: `candidate` need not look it up (a set of tens of thousands, per arc).
        if (mask[a]) return 0;
        const node = this.nodeOfArc(side, a);
        return candidate(node) ? costs[node]! : null;
      },
      arc,
      direction,
      amount,
    );
    // Which legs were hidden is read before any is hidden: hiding updates the mask in place.
    const moved = (movement?.legs ?? []).filter((leg) => !mask[leg.arc]).map((leg) => this.nodeOfArc(side, leg.arc));
    for (const node of moved) if (node >= 0) this.hide(node, suppressed);
  }

  /**
   * keepRanges' widening by flows (WidenByFlow): the cheapest flow within bounds that shifts a
   * count of the new table's measure, its printed cells hidden, kept only where the grown
   * pattern's flows then show a table that reaches the shift in the view asked (reaches): such a
   * table is one the attacker cannot rule out, the witness the LP would look for.
   */
  widening(limits: Pick<JointLimits, 'fixed' | 'current'>): WidenByFlow {
    const all = { ...limits, hidden: new Set<number>() };
    const movable = this.movableOf(all);
    const measure = this.measureOfCurrent(all);
    const largest = this.truth.reduce((most, v) => Math.max(most, v), 0);
    const costs = Array.from(this.truth, (_, node) => this.costOf(node, largest));
    return (view, hidden, node, shift) => {
      const arc = this.arcOf(node);
      if (shift === 0 || !Number.isFinite(shift) || arc < 0 || this.sideOf(node).measure !== measure) return false;
      const tried = new Set(hidden);
      // As in fix: moveWithin's mask of `tried` tells a node hidden already.
      const candidate = (n: number) => n >= 0 && movable[n] === 1;
      this.moveWithin(this.sideOf(node), arc, shift > 0 ? 1 : -1, Math.abs(shift), tried, candidate, costs);
      // Nothing more hidden: the flows already knew no such table (reaches was asked before).
      if (tried.size === hidden.size || !this.reaches(view, tried, node, shift)) return false;
      for (const n of tried) hidden.add(n);
      return true;
    };
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
    const chosen = await chooseSecondary(side.model, side.views, local(sensitive), rule, {
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
  attack.protectAgainst(limits);
  const suppressed = await attack.protectOwnMeasure(sensitive, rule, limits, options);
  const own = new Set(suppressed);
  let firstExposed: number[] = [];
  // A loop, not a spread: a joint model of 5,000 x 13 has more nodes than the stack has room for arguments.
  const largest = model.nodes.reduce((most, n) => Math.max(most, n.value ?? 0), 0);
  const costs = model.nodes.map((_, i) => attack.costOf(i, largest));
  const settled = new Set<number>();
  let open = [...targets];
  for (let round = 0; ; round++) {
    options.signal?.throwIfAborted();
    const exposed = await attack.exposed(views, suppressed, open, options);
    if (round === 0) firstExposed = exposed;
    const done = (left: number[]): JointResult => ({
      suppressed,
      own,
      firstExposed,
      exposed: left,
      unchecked: attack.unchecked > 0,
    });
    const still = new Set(exposed);
    for (const t of open) if (!still.has(t)) settled.add(t);
    if (exposed.length === 0) return done([]);
    let hid = 0;
    for (const target of exposed) hid += attack.fix(target, suppressed, limits, costs);
    // No flow helps: hide around each exposed count, then give up on what is still exposed.
    if (hid === 0) for (const target of exposed) hid += attack.hideAround(target, suppressed, limits);
    if (hid === 0) return done(exposed);
    open = exposed;
    options.onProgress?.(settled.size, targets.length);
  }
}

/** The joint attacker's verdict on a pattern (for audits): the targets it narrows. */
export async function jointExposed(
  attack: JointAttack,
  views: readonly AttackerView[],
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
): Promise<number[]> {
  return attack.exposed(views, suppressed, targets);
}

/** Whether two hidden-cell patterns hide the same cells. */
function samePattern(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  if (a.size !== b.size) return false;
  for (const node of b) if (!a.has(node)) return false;
  return true;
}
