// Secondary (complementary) suppression: hide further published numbers until no sensitive one
// can be worked out (attackerBounds.ts states the requirement).
//
// Method (one LP per sensitive cell and view, in the spirit of tau-Argus's optimal and
// "modular" methods): for a sensitive node c, find a table x' that agrees with every published
// number except some hidden ones, satisfies every relation, has x' >= 0, and moves c by the
// protection level p (x'_c >= v_c + p, or <= v_c - p). Such a table is a witness that the
// attacker's interval reaches v_c + p, so hiding the numbers it moves protects c. The LP
// minimises the cost of the moved numbers, already-hidden ones moving for free, so cells are
// reused across sensitive cells. Costs favour few and small cells, and cells over totals.
// Because more hiding only widens intervals, the union of witnesses protects every cell; the
// LP audit then proves it, and a pruning pass gives back complements that turn out unneeded.
//
// On a table with margins (tableNetwork.ts) the same witness is a minimum-cost flow and the
// audit is maximum flows (networkSuppression.ts, networkAudit.ts): same costs, same optimum,
// far faster. A cell that earlier complements already protect is skipped.
//
// Elsewhere each witness LP is first solved on its target's neighbourhood (localWitness.ts): a
// table of the whole view, proven as cheap as the whole LP's by its duals; the LP over the whole
// view (70k nodes for a persons table of 5,000 x 13) only where that proof is not found.
import type { DisclosureRule } from '../../shared/query.ts';
import {
  type Reaches,
  type WidenByFlow,
  type WorkOptions,
  allProtected,
  unprotectedTargets,
  isHidden,
  protectionLevel,
  viewValue,
} from './attackerBounds.ts';
import { type AttackerView, constraintRows, nodeName, variableName } from './attackerViews.ts';
import { addTerm, solve } from './linearProgram.ts';
import { ViewProgram } from './viewProgram.ts';
import { type Witness, localWitness } from './localWitness.ts';
import { HiddenNetwork } from './networkAudit.ts';
import { WitnessNetwork } from './networkSuppression.ts';
import type { TableModel } from './tableModel.ts';
import { type TableNetwork, hiddenArcs, viewNetwork } from './tableNetwork.ts';
import { viewSlices } from './cubeSlices.ts';
import { protectOnSlices } from './modularSuppression.ts';

const MOVED = 1e-6;
/** What protectNode returns when an exact check found the target protected by what is hidden already. */
const ALREADY_PROTECTED = -1;
/** Pruning re-audits every sensitive cell per complement tried; skip it beyond this many LP audits. */
const PRUNE_BUDGET = 2000;

/** The relative loss of hiding a node: about 1 for a cell, more for totals, a little more for large values. */
export function suppressionCost(model: TableModel, node: number, largest: number): number {
  const { key, value } = model.nodes[node]!;
  const levelsUp = model.fields.length - Object.keys(key).length;
  return (1 + 2 * levelsUp) * (1 + (value ?? 0) / (largest + 1));
}

/** Every node's suppression cost. The largest value by a loop: a spread of 100k+ values overflows the stack. */
export function suppressionCosts(model: TableModel): number[] {
  const largest = model.nodes.reduce((most, n) => Math.max(most, n.value ?? 0), 0);
  return model.nodes.map((_, i) => suppressionCost(model, i, largest));
}

// --- release constraints (engineer C): numbers an earlier output published stay published ---
/** Constraints from outputs published before: `fixed` nodes may not be hidden, `hidden` ones stay hidden. */
export interface SuppressionLimits {
  fixed?: ReadonlySet<number>;
  hidden?: ReadonlySet<number>;
}
// Kept per model (each call builds its own) so the functions below need no extra parameter.
const limitsOf = new WeakMap<TableModel, SuppressionLimits>();
const isFixed = (model: TableModel, node: number): boolean => limitsOf.get(model)?.fixed?.has(node) ?? false;
// --- end release constraints ---

/** A printed number that may become a complement; a zero only when `zeros` (the last resort). */
function isCandidate(
  model: TableModel,
  view: AttackerView,
  suppressed: ReadonlySet<number>,
  node: number,
  zeros = false,
): boolean {
  return !isHidden(model, suppressed, node) && !isFixed(model, node) && (zeros || viewValue(model, view, node) > 0);
}

/** What a witness LP does with a node: moves it freely (hidden), may pay to move it (candidate), or keeps it. */
function witnessRole(
  model: TableModel,
  view: AttackerView,
  suppressed: ReadonlySet<number>,
  node: number,
  zeros: boolean,
): 'hidden' | 'candidate' | 'constant' {
  if (isHidden(model, suppressed, node)) return 'hidden';
  return isCandidate(model, view, suppressed, node, zeros) ? 'candidate' : 'constant';
}

let witnessSearches = 0;

/** How many cheapest-witness searches this thread has run (each LPs on a neighbourhood, or one LP on the whole view). */
export function witnessSearchCount(): number {
  return witnessSearches;
}

/** The cheapest set of further nodes to hide so that `target` moves by `level` in `direction`. */
async function cheapestWitness(
  model: TableModel,
  view: AttackerView,
  suppressed: ReadonlySet<number>,
  target: number,
  direction: 1 | -1,
  level: number,
  costs: readonly number[],
  zeros = false,
): Promise<Witness | null> {
  witnessSearches += 1;
  const local = await localWitness({
    view,
    nodeCount: model.nodes.length,
    role: (i) => witnessRole(model, view, suppressed, i, zeros),
    value: (i) => viewValue(model, view, i),
    costs,
    target,
    direction,
    level,
  });
  if (local !== undefined) return local;
  return wholeWitness(model, view, suppressed, target, direction, level, costs, zeros);
}

/** cheapestWitness by one LP over the whole view. */
export async function wholeWitness(
  model: TableModel,
  view: AttackerView,
  suppressed: ReadonlySet<number>,
  target: number,
  direction: 1 | -1,
  level: number,
  costs: readonly number[],
  zeros = false,
): Promise<Witness | null> {
  const objective = new Map<string, number>();
  const rows = constraintRows(
    view.constraints,
    (i) => (witnessRole(model, view, suppressed, i, zeros) === 'constant' ? viewValue(model, view, i) : null),
    (terms, i, coef) => {
      if (isHidden(model, suppressed, i)) {
        addTerm(terms, variableName(i), coef);
        return 0;
      }
      addTerm(terms, nodeName('u', i), coef);
      addTerm(terms, nodeName('d', i), -coef);
      objective.set(nodeName('u', i), costs[i]!);
      objective.set(nodeName('d', i), costs[i]!);
      return coef * viewValue(model, view, i);
    },
  );
  const value = viewValue(model, view, target);
  const shift = new Map([[variableName(target), 1]]);
  rows.push(direction === 1 ? { terms: shift, lower: value + level } : { terms: shift, upper: value - level });
  const bounds = new Map<string, { lower: number; upper?: number }>();
  for (const name of objective.keys()) {
    if (name.startsWith('d')) bounds.set(name, { lower: 0, upper: viewValue(model, view, Number(name.slice(1))) });
  }
  const solution = await solve({ direction: 'min', objective, rows, bounds });
  if (solution.status !== 'optimal') return null;
  const moved = new Set<number>();
  for (const name of objective.keys()) {
    if ((solution.vars[name] ?? 0) > MOVED) moved.add(Number(name.slice(1)));
  }
  const vars = solution.vars;
  // Read now: `suppressed` grows once the moved numbers are hidden.
  const point = Float64Array.from(model.nodes, (_, i) =>
    isHidden(model, suppressed, i)
      ? (vars[variableName(i)] ?? 0)
      : viewValue(model, view, i) + (vars[nodeName('u', i)] ?? 0) - (vars[nodeName('d', i)] ?? 0),
  );
  return { cost: solution.value, moved: [...moved], valueOf: (i) => point[i]! };
}

/**
 * Per network view, the hidden arcs as last seen. The suppressed set only grows while
 * complements are chosen, so a change of its size means nodes to add.
 */
interface NetworkCache {
  networks: Map<AttackerView, { size: number; network: HiddenNetwork }>;
  /** The min-cost-flow graph of each network view, kept in step with the same pattern. */
  witnesses: Map<AttackerView, { size: number; network: WitnessNetwork }>;
  /** The audit LP of each view that is not a network, for the same growing pattern. */
  programs: Map<AttackerView, ViewProgram>;
}

/** The view's audit LP, kept in step with a suppressed set that only grows. */
export async function auditProgramFor(
  model: TableModel,
  view: AttackerView,
  suppressed: ReadonlySet<number>,
  programs: Map<AttackerView, ViewProgram>,
): Promise<ViewProgram> {
  let program = programs.get(view);
  if (program === undefined) {
    program = await ViewProgram.open(model, view, (i) => isHidden(model, suppressed, i));
    programs.set(view, program);
  } else if (program.seen !== suppressed.size) {
    for (const node of suppressed) program.hide(node);
  }
  program.seen = suppressed.size;
  return program;
}

function hiddenNetworkFor(
  model: TableModel,
  view: AttackerView,
  net: TableNetwork,
  suppressed: ReadonlySet<number>,
  cache: NetworkCache,
): HiddenNetwork {
  const cached = cache.networks.get(view);
  if (cached && cached.size === suppressed.size) return cached.network;
  if (cached) {
    for (const node of suppressed) cached.network.hide(net.arcOf.get(node)!);
    cached.size = suppressed.size;
    return cached.network;
  }
  const network = new HiddenNetwork(
    net,
    hiddenArcs(net, (i) => isHidden(model, suppressed, i)),
  );
  cache.networks.set(view, { size: suppressed.size, network });
  return network;
}

function witnessNetworkFor(
  model: TableModel,
  view: AttackerView,
  net: TableNetwork,
  suppressed: ReadonlySet<number>,
  costs: readonly number[],
  cache: NetworkCache,
): WitnessNetwork {
  const cached = cache.witnesses.get(view);
  if (cached && cached.size === suppressed.size) return cached.network;
  if (cached) {
    for (const node of suppressed) cached.network.hide(net.arcOf.get(node)!);
    cached.size = suppressed.size;
    return cached.network;
  }
  const network = new WitnessNetwork(
    net,
    hiddenArcs(net, (i) => isHidden(model, suppressed, i)),
    (a) => (isCandidate(model, view, suppressed, net.node[a]!) ? costs[net.node[a]!]! : null),
  );
  cache.witnesses.set(view, { size: suppressed.size, network });
  return network;
}

/** protectNode on a table with margins: skip a cell the hidden ones already protect, else the cheapest flow. */
function protectOnNetwork(
  model: TableModel,
  view: AttackerView,
  net: TableNetwork,
  suppressed: Set<number>,
  target: number,
  level: number,
  costs: readonly number[],
  cache: NetworkCache,
): number {
  const network = hiddenNetworkFor(model, view, net, suppressed, cache);
  const arc = net.arcOf.get(target)!;
  if (network.canMove(arc, level)) return ALREADY_PROTECTED;
  const witnesses = witnessNetworkFor(model, view, net, suppressed, costs, cache);
  const value = viewValue(model, view, target);
  const up = witnesses.witness(arc, 1, level);
  const down = value >= level ? witnesses.witness(arc, -1, level) : null;
  const best = up && down ? (down.cost < up.cost ? down : up) : (up ?? down);
  const before = suppressed.size;
  for (const moved of best?.moved ?? []) {
    suppressed.add(net.node[moved]!);
    network.hide(moved);
    witnesses.hide(moved);
  }
  // The cached networks have seen these: no need to walk the whole pattern again.
  cache.networks.get(view)!.size = suppressed.size;
  cache.witnesses.get(view)!.size = suppressed.size;
  return suppressed.size - before;
}

/**
 * Protects `target` in one view: ALREADY_PROTECTED when the hidden numbers already do (an exact
 * flow or LP check), else how many numbers it hid.
 */
async function protectNode(
  model: TableModel,
  view: AttackerView,
  suppressed: Set<number>,
  target: number,
  level: number,
  costs: readonly number[],
  cache: NetworkCache,
): Promise<number> {
  const net = viewNetwork(model, view);
  if (net !== null) return protectOnNetwork(model, view, net, suppressed, target, level, costs, cache);
  // A cell earlier complements already protect needs none: one warm-started LP says so.
  const program = await auditProgramFor(model, view, suppressed, cache.programs);
  if (program.canMove(target, level)) return ALREADY_PROTECTED;
  const before = suppressed.size;
  const up = await cheapestWitness(model, view, suppressed, target, 1, level, costs);
  const down =
    viewValue(model, view, target) >= level
      ? await cheapestWitness(model, view, suppressed, target, -1, level, costs)
      : null;
  const best = up && down ? (down.cost < up.cost ? down : up) : (up ?? down);
  for (const node of best?.moved ?? []) {
    suppressed.add(node);
    program.hide(node);
  }
  program.seen = suppressed.size;
  // The witness is a table the attacker cannot rule out once its moved numbers are hidden.
  if (best) program.record(best.valueOf);
  return suppressed.size - before;
}

/** Hide every published node that shares a relation with `target`: the last resort, always progress. */
function hideNeighbours(model: TableModel, suppressed: Set<number>, target: number): void {
  for (const c of model.constraints) {
    const nodes = c.kind === 'atLeast' ? [c.total, c.member] : [c.total, ...c.members];
    if (nodes.includes(target))
      for (const n of nodes) if (model.nodes[n]!.published && !isFixed(model, n)) suppressed.add(n);
  }
}

/**
 * Hide the printed zeros that `target` needs to move up by `level`: zeros are no complements
 * otherwise, but in a release a printed zero can pin a count that earlier outputs left open (a
 * zero of the new table empties finest cells that an earlier table's count sums over).
 */
async function hideZeros(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: Set<number>,
  target: number,
  level: number,
  costs: readonly number[],
): Promise<void> {
  for (const view of views) {
    const witness = await cheapestWitness(model, view, suppressed, target, 1, level, costs, true);
    for (const node of witness?.moved ?? []) suppressed.add(node);
  }
}

export interface SuppressionMethod {
  /** False: a cube with subtotals is protected by LPs over the whole cube alone, as before the slices (for comparison). */
  modular?: boolean;
}

/** The full set of suppressed nodes: the primary ones and their complements. */
export async function chooseSecondary(
  model: TableModel,
  views: readonly AttackerView[],
  primary: ReadonlySet<number>,
  rule: DisclosureRule,
  options: WorkOptions & SuppressionLimits & SuppressionMethod = {},
): Promise<Set<number>> {
  limitsOf.set(model, {
    ...(options.fixed ? { fixed: options.fixed } : {}),
    ...(options.hidden ? { hidden: options.hidden } : {}),
  });
  try {
    return await chooseWithin(model, views, primary, rule, options);
  } finally {
    limitsOf.delete(model);
  }
}

async function chooseWithin(
  model: TableModel,
  views: readonly AttackerView[],
  primary: ReadonlySet<number>,
  rule: DisclosureRule,
  options: WorkOptions & SuppressionMethod,
): Promise<Set<number>> {
  const level = protectionLevel(rule);
  const costs = suppressionCosts(model);
  const suppressed = new Set([...primary, ...(limitsOf.get(model)?.hidden ?? [])]);
  const cache: NetworkCache = { networks: new Map(), witnesses: new Map(), programs: new Map() };
  const sensitive = [...primary].sort((a, b) => (model.nodes[a]!.value ?? 0) - (model.nodes[b]!.value ?? 0));
  const hopeless = new Set<number>();
  // A cube with subtotals: its two-way slices first, by flows; the exact audit of the whole cube
  // below then adds complements only where it still finds a number exposed.
  const sliced = new Set<AttackerView>();
  for (const view of options.modular === false ? [] : views) {
    const slices = viewNetwork(model, view) === null ? viewSlices(model, view) : null;
    if (slices === null) continue;
    protectOnSlices(slices, sensitive, {
      suppressed,
      level,
      cost: (node) => (isCandidate(model, view, suppressed, node) ? costs[node]! : null),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    sliced.add(view);
  }
  try {
    // The pattern only grows from here to the pruning, and more hiding only widens intervals:
    // a cell an exact check has found protected stays so, and is not audited again.
    const verified = new Set<number>();
    // View by view, networks first: their flows are cheap, and complements chosen there often
    // protect a cell in an LP view too. Before an LP view's cells one by one, a few LPs for them
    // all find tables that prove many at once (the pattern only grows, so those stay valid).
    const unsliced = views.filter((view) => !sliced.has(view));
    const ordered = [
      ...unsliced.filter((view) => viewNetwork(model, view) !== null),
      ...unsliced.filter((view) => viewNetwork(model, view) === null),
    ];
    const protectedIn = new Map<number, number>();
    for (const [step, view] of ordered.entries()) {
      if (viewNetwork(model, view) === null) {
        (await auditProgramFor(model, view, suppressed, cache.programs)).settleMoves(sensitive, level);
      }
      for (const [done, target] of sensitive.entries()) {
        options.signal?.throwIfAborted();
        const added = await protectNode(model, view, suppressed, target, level, costs, cache);
        if (added === ALREADY_PROTECTED) protectedIn.set(target, (protectedIn.get(target) ?? 0) + 1);
        options.onProgress?.(step * sensitive.length + done + 1, ordered.length * sensitive.length);
      }
    }
    if (sliced.size === 0)
      for (const target of sensitive) if (protectedIn.get(target) === views.length) verified.add(target);
    // Cells no pattern can protect (a count fixed by the table's structure alone) are left for
    // the audit to report rather than looped on; every round adds a node or gives one up.
    for (;;) {
      options.signal?.throwIfAborted();
      const open = sensitive.filter((t) => !verified.has(t) && !hopeless.has(t));
      const unprotected = await unprotectedTargets(model, views, suppressed, open, level);
      for (const t of open) if (!unprotected.has(t)) verified.add(t);
      const failing = open.filter((t) => unprotected.has(t));
      if (failing.length === 0) break;
      for (const target of failing) {
        options.signal?.throwIfAborted();
        const before = suppressed.size;
        // Complements added for an earlier target of this round may protect this one already:
        // that is no reason to give it up.
        let everyView = true;
        for (const view of views) {
          const added = await protectNode(model, view, suppressed, target, level, costs, cache);
          everyView &&= added === ALREADY_PROTECTED;
        }
        if (everyView) {
          verified.add(target);
          continue;
        }
        if (suppressed.size === before) hideNeighbours(model, suppressed, target);
        if (suppressed.size === before) await hideZeros(model, views, suppressed, target, level, costs);
        if (suppressed.size === before) hopeless.add(target);
      }
    }
  } finally {
    for (const program of cache.programs.values()) program.dispose();
  }
  const protectable = sensitive.filter((t) => !hopeless.has(t));
  options.signal?.throwIfAborted();
  await pruneComplements(model, views, suppressed, primary, protectable, level, costs);
  return suppressed;
}

/** Give back complements, dearest first, whenever every sensitive cell stays protected without them. */
async function pruneComplements(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: Set<number>,
  primary: ReadonlySet<number>,
  sensitive: readonly number[],
  level: number,
  costs: readonly number[],
): Promise<void> {
  const complements = [...suppressed]
    .filter((n) => !primary.has(n) && !limitsOf.get(model)?.hidden?.has(n))
    .sort((a, b) => costs[b]! - costs[a]!);
  if (complements.length * sensitive.length * views.length > PRUNE_BUDGET) return;
  for (const node of complements) {
    suppressed.delete(node);
    if (!(await allProtected(model, views, suppressed, sensitive, level))) suppressed.add(node);
  }
}

/**
 * Hide the numbers that let `target` reach both ends of `range` in every view: the cheapest
 * table at each end the attacker cannot rule out once those are hidden. `fixed` numbers stay
 * printed. Returns how many numbers it hid. `reaches`, when given, is a flow's proof that the
 * hidden numbers already reach an end; `byFlow`, one that hides what a flow's table moves.
 */
export async function widenTo(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: Set<number>,
  target: number,
  range: { lower: number; upper: number },
  limits: SuppressionLimits,
  reaches?: Reaches,
  byFlow?: WidenByFlow,
): Promise<number> {
  limitsOf.set(model, limits);
  try {
    const before = suppressed.size;
    const costs = suppressionCosts(model);
    for (const view of views) {
      const value = viewValue(model, view, target);
      // A printed zero only where no other number will do: a zero can pin a count too.
      // An end the hidden numbers already reach costs nothing, and every number hidden costs more
      // than nothing: the cheapest table there moves no printed number, so no LP need find it.
      // Else a flow's table, once the printed numbers it moves are hidden too (byFlow hides them):
      // a witness as good as the LP's, found without an LP over the whole release.
      const witness = async (direction: 1 | -1, level: number) =>
        reaches?.(view, suppressed, target, direction * level) || byFlow?.(view, suppressed, target, direction * level)
          ? null
          : ((await cheapestWitness(model, view, suppressed, target, direction, level, costs)) ??
            (await cheapestWitness(model, view, suppressed, target, direction, level, costs, true)));
      for (const node of (await witness(1, range.upper - value))?.moved ?? []) suppressed.add(node);
      for (const node of (await witness(-1, value - range.lower))?.moved ?? []) suppressed.add(node);
    }
    return suppressed.size - before;
  } finally {
    limitsOf.delete(model);
  }
}
