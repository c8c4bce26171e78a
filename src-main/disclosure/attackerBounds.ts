// The attacker of a suppressed table: for each suppressed number, the smallest and largest value
// consistent with every published number and every relation between them (counts >= 0), two
// linear programs per number. Counts are whole, so the bounds are rounded inwards.
//
// The protection requirement (shared by the suppressor and the audit): with protection level p
// (the rule's `protection`, by default its threshold) a sensitive number whose true value is v
// is protected when its feasible interval [L, U] reaches p beyond v on at least one side:
//     U >= v + p   or   L <= v - p.
// Either implies U - L >= p. For a small count (v < p) the lower side cannot reach (L >= 0),
// so the upper side must: the attacker cannot rule out that the cell holds p more than it does,
// and so cannot tell that it is small. A persons table has two views (attackerViews.ts): the
// requirement must hold in each, against the value the number has in that view; the interval
// reported is the intersection of the two.
import type { DisclosureRule } from '../../shared/query.ts';
import { type AttackerView, constraintRows, hiddenVariable } from './attackerViews.ts';
import { HiddenNetwork, arcIntervals } from './networkAudit.ts';
import { hiddenArcs, viewNetwork } from './tableNetwork.ts';
import { type PatternMemory, ViewProgram, type ViewProgramOptions } from './viewProgram.ts';
import { type LocalIntervals, localIntervals } from './localIntervals.ts';
import { LocalRelaxation } from './localRelaxation.ts';
import { sliceBounds, viewSlices } from './cubeSlices.ts';
import type { TableModel } from './tableModel.ts';
import { type IntervalMemo, sameBytes } from './intervalMemo.ts';

export interface Interval {
  lower: number;
  /** Infinity when nothing bounds the number from above. */
  upper: number;
}

export function protectionLevel(rule: DisclosureRule): number {
  return rule.protection ?? rule.threshold;
}

export function isProtected(value: number, interval: Interval, level: number): boolean {
  return interval.upper >= value + level || interval.lower <= value - level;
}

/** The hidden nodes: the suppressed published ones and every latent leaf. */
export function isHidden(model: TableModel, suppressed: ReadonlySet<number>, node: number): boolean {
  return suppressed.has(node) || !model.nodes[node]!.published;
}

export interface NodeAudit extends Interval {
  /** Protected in every view, each measured against the node's value in that view. */
  ok: boolean;
}

/** Progress and cancellation for long disclosure work. */
export interface WorkOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Whether a table found without an LP (a flow) shifts `node` by `shift` or further under
 * `hidden` and holds in `view`: a proof that its range there reaches so far. False proves
 * nothing, so an answer of false only costs the LP that would have run anyway.
 */
export type Reaches = (view: AttackerView, hidden: ReadonlySet<number>, node: number, shift: number) => boolean;

/**
 * Hides printed numbers so that a flow's table shifts `node` by `shift` in `view` (as Reaches
 * proves it): true when it did, and only then is `hidden` grown. False: the LP must find the cells.
 */
export type WidenByFlow = (view: AttackerView, hidden: Set<number>, node: number, shift: number) => boolean;

/** What spares an audit LPs: flow tables proving ends, and intervals already worked out in this call. */
export interface AuditAids {
  reaches?: Reaches;
  memo?: IntervalMemo;
}

/** The LP rows of a view with the suppressed pattern: published nodes are constants. */
export function auditRows(model: TableModel, view: AttackerView, suppressed: ReadonlySet<number>) {
  return constraintRows(
    view.constraints,
    (i) => (isHidden(model, suppressed, i) ? null : (view.values[i] ?? 0)),
    hiddenVariable,
  );
}

/** What the programs of one view learnt about its last fixed pattern: its tables and its slices' bounds. */
interface PatternKnowledge {
  hidden: Uint8Array;
  memory: PatternMemory;
  outer?: ReturnType<typeof sliceBounds>;
}
const lastPattern = new WeakMap<AttackerView, PatternKnowledge>();

/**
 * The LP of a view that is not a network, for one pattern; a cube's two-way slices bound it
 * first. A program on the pattern the view's last one had (the protection's last check, then
 * the audit) starts from the tables and bounds that one found.
 */
async function auditProgram(
  model: TableModel,
  view: AttackerView,
  suppressed: ReadonlySet<number>,
  reaches?: Reaches,
  localOuter?: ReadonlyMap<number, Interval>,
): Promise<ViewProgram> {
  const hidden = hiddenPattern(model, suppressed);
  let known = lastPattern.get(view);
  if (known === undefined || !sameBytes(known.hidden, hidden)) {
    const slices = viewSlices(model, view);
    // The pattern as it is now: the caller's set may change after this program is done.
    known = { hidden, memory: {}, ...(slices ? { outer: sliceBounds(slices, (i) => hidden[i] === 1) } : {}) };
    lastPattern.set(view, known);
  }
  const pattern = known.hidden;
  const outer = withLocal(known.outer, localOuter);
  return ViewProgram.open(model, view, (i) => pattern[i] === 1, {
    fixed: true,
    memory: known.memory,
    ...(outer ? { outer } : {}),
    ...(reaches
      ? { reaches: (node, value) => reaches(view, suppressed, node, value - viewValue(model, view, node)) }
      : {}),
  });
}

type Outer = NonNullable<ViewProgramOptions['outer']>;

/** Two relaxations' bounds as one: where both bound a count, the tighter of each. */
function withLocal(slices: Outer | undefined, local: ReadonlyMap<number, Interval> | undefined): Outer | undefined {
  if (!local) return slices;
  return (node, ceiling) => {
    const near = local.get(node);
    const sliced = slices?.(node, ceiling);
    if (!near) return sliced;
    if (!sliced) return near;
    return { lower: Math.max(near.lower, sliced.lower), upper: Math.min(near.upper, sliced.upper) };
  };
}

/** Per node, 1 when it is hidden: the pattern as it is now (the caller's set may change later). */
function hiddenPattern(model: TableModel, suppressed: ReadonlySet<number>): Uint8Array {
  return Uint8Array.from(model.nodes, (_, i) => (isHidden(model, suppressed, i) ? 1 : 0));
}

/** Each target's interval in one view, each worked out once per pattern where a memo is given. */
async function viewIntervals(
  model: TableModel,
  view: AttackerView,
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
  options: WorkOptions & AuditAids,
): Promise<Map<number, Interval>> {
  const known = options.memo?.intervalsOf(view, hiddenPattern(model, suppressed));
  const asked = known ? targets.filter((t) => !known.has(t)) : targets;
  const found =
    asked.length > 0 ? await freshIntervals(model, view, suppressed, asked, options) : new Map<number, Interval>();
  if (!known) return found;
  for (const [target, interval] of found) known.set(target, interval);
  return new Map(targets.map((t) => [t, known.get(t)!]));
}

/** Each target's interval in one view: by maximum flow on a table with margins, else two LPs each. */
async function freshIntervals(
  model: TableModel,
  view: AttackerView,
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
  options: WorkOptions & AuditAids,
): Promise<Map<number, Interval>> {
  const net = viewNetwork(model, view);
  if (net !== null) {
    const hidden = hiddenArcs(net, (i) => isHidden(model, suppressed, i));
    const byArc = arcIntervals(
      net,
      hidden,
      targets.map((t) => net.arcOf.get(t)!),
    );
    return new Map(targets.map((t) => [t, byArc.get(net.arcOf.get(t)!)!]));
  }
  // The relations near a joint view's counts bound them: filled in below, read by the program as it solves.
  const near = new Map<number, Interval>();
  const program = await auditProgram(model, view, suppressed, options.reaches, model.joint ? near : undefined);
  try {
    const found = new Map<number, Interval>();
    // A joint view's LP spans the whole release: what no table proves at once is proven near the count where it can be.
    if (model.joint) {
      const unproven = targets.filter((t) => {
        const proven = program.provenInterval(t);
        if (proven) found.set(t, proven);
        return !proven;
      });
      const local = await jointLocalIntervals(model, view, suppressed, unproven, options);
      for (const [node, bounds] of local.outer) near.set(node, bounds);
      for (const [node, interval] of local.proven) found.set(node, interval);
    }
    const open = targets.filter((t) => !found.has(t));
    const intervals = program.intervals(open, (done) => {
      options.signal?.throwIfAborted();
      options.onProgress?.(done + targets.length - open.length, targets.length);
    });
    open.forEach((target, i) => found.set(target, intervals[i]!));
    return new Map(targets.map((target) => [target, found.get(target)!]));
  } finally {
    program.dispose();
  }
}

/**
 * Per hidden target of a joint model: bounds from the relations near it, which contain its
 * interval in `view` (empty for any other model: its LP is no whole release).
 */
export async function nearBounds(
  model: TableModel,
  view: AttackerView,
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
): Promise<Map<number, Interval>> {
  if (!model.joint) return new Map();
  const local = new LocalRelaxation(
    view,
    (i) => isHidden(model, suppressed, i),
    (i) => viewValue(model, view, i),
  );
  try {
    const bounds = new Map<number, Interval>();
    for (const target of targets)
      if (isHidden(model, suppressed, target)) bounds.set(target, await local.bounds(target));
    return bounds;
  } finally {
    local.dispose();
  }
}

function jointLocalIntervals(
  model: TableModel,
  view: AttackerView,
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
  { reaches, signal }: WorkOptions & AuditAids,
): Promise<LocalIntervals> {
  return localIntervals(
    view,
    (i) => isHidden(model, suppressed, i),
    (i) => viewValue(model, view, i),
    targets,
    reaches ? (node, value) => reaches(view, suppressed, node, value - viewValue(model, view, node)) : undefined,
    signal,
  );
}

/** Per target node: its feasible interval (intersected over the views) and whether it is protected. */
export async function auditNodes(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
  level: number,
  options: WorkOptions & AuditAids = {},
): Promise<Map<number, NodeAudit>> {
  const audits = new Map<number, NodeAudit>(targets.map((t) => [t, { lower: 0, upper: Infinity, ok: true }]));
  for (const view of views) {
    const intervals = await viewIntervals(model, view, suppressed, targets, options);
    for (const target of targets) {
      const interval = intervals.get(target)!;
      const audit = audits.get(target)!;
      audit.lower = Math.max(audit.lower, interval.lower);
      audit.upper = Math.min(audit.upper, interval.upper);
      audit.ok &&= isProtected(viewValue(model, view, target), interval, level);
    }
  }
  return audits;
}

/**
 * The targets that some view does not protect; with `firstOnly`, stops at the first. On a
 * network each flow stops once it reaches the level; by LP (viewProgram.ts) a table an earlier
 * solve found may prove it, and the lower bound is asked for only when the upper one falls short.
 */
export async function unprotectedTargets(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
  level: number,
  firstOnly = false,
): Promise<Set<number>> {
  const failing = new Set<number>();
  for (const view of views) {
    const net = viewNetwork(model, view);
    const network =
      net &&
      new HiddenNetwork(
        net,
        hiddenArcs(net, (i) => isHidden(model, suppressed, i)),
      );
    const program = net ? null : await auditProgram(model, view, suppressed);
    try {
      program?.settleMoves(
        targets.filter((t) => !failing.has(t)),
        level,
      );
      for (const target of targets) {
        if (failing.has(target)) continue;
        const ok = network ? network.canMove(net!.arcOf.get(target)!, level) : program!.canMove(target, level);
        if (ok) continue;
        failing.add(target);
        if (firstOnly) return failing;
      }
    } finally {
      program?.dispose();
    }
  }
  return failing;
}

/** Whether every target is protected in every view. */
export async function allProtected(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
  level: number,
): Promise<boolean> {
  return (await unprotectedTargets(model, views, suppressed, targets, level, true)).size === 0;
}

/** The value the protection requirement is measured against, in a view. */
export function viewValue(model: TableModel, view: AttackerView, node: number): number {
  return view.values[node] ?? model.nodes[node]!.value ?? 0;
}
