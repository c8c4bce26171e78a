// The small counts a release's earlier outputs already narrowed, and what a new output owes them.
//
// The attacker knows every published number of the release at once, and each output is
// protected when it is published, against the outputs before it, never the ones after. So a
// small count can be narrowed before the output that shows it exists: a cell of the new table,
// or a finest cell no table prints, that earlier tables bound below its value plus the
// protection (a count of 3 inside an earlier margin of 7). Audited with every number of the new
// table hidden, such a count has the range [L, U] the earlier outputs leave it, U < v + p: no
// pattern of the new table can protect it any more, and the ordinary protection, unable to
// reach v + p, would hide around it for nothing and then give it up, letting the new table pin
// it. The rule for it instead:
//   - the new table leaves its range exactly [L, U]: its printed numbers narrow it no further on
//     either side, more of the new table hidden where needed (the whole new table hidden always
//     leaves [L, U], so this can always be kept);
//   - a small count of the new table itself that is so narrowed is hidden, as every small count
//     is (never printed: the new table can no longer help it, but need not finish it), and the
//     analyst is told which earlier outputs give it away (`givenAwayEarlier`), since only a new
//     release can take it back. What cannot be helped is only what earlier outputs printed.
// Each later output keeps the same range again, so after the whole release such a count is
// exactly as open as it was before the first output that shows it.
import type { GivenAwayEarlier } from '../../shared/query.ts';
import {
  type AuditAids,
  type Interval,
  type NodeAudit,
  type WidenByFlow,
  type WorkOptions,
  auditNodes,
  nearBounds,
  viewValue,
} from './attackerBounds.ts';
import type { AttackerView } from './attackerViews.ts';
import { widenTo } from './secondarySuppression.ts';
import type { TableModel } from './tableModel.ts';

/** Small counts split by what the earlier outputs alone tell of them (every new number hidden). */
export interface ByEarlier {
  /** Still protected: the new table's protection keeps them so. */
  open: number[];
  /**
   * Already narrowed in some view, with the range the earlier outputs leave it in each view (in
   * the views' order): each kept exactly. Ranges apart, because the views are different
   * attackers (a persons count's distinct and additive relations): one view's range can narrow
   * while the tightest of all stays the same.
   */
  narrowed: Map<number, Interval[]>;
}

/** Solver noise is no narrowing. */
const TOLERANCE = 1e-6;

/** Each view's audit of `targets`, in the views' order. */
async function auditsByView(
  model: TableModel,
  views: readonly AttackerView[],
  hidden: ReadonlySet<number>,
  targets: readonly number[],
  level: number,
  aids: AuditAids,
): Promise<Array<Map<number, NodeAudit>>> {
  const audits: Array<Map<number, NodeAudit>> = [];
  for (const view of views) {
    audits.push(await auditNodes(model, [view], hidden, targets, level, aids));
  }
  return audits;
}

/** The targets an attacker narrows with `hidden` hidden: a faster attacker than the audit's, where there is one. */
export type ExposedOf = (hidden: ReadonlySet<number>, targets: readonly number[]) => Promise<number[]>;

/**
 * Audits `targets` with `allNewHidden` hidden (every number of the new table and what earlier
 * outputs hid); `exposedOf`, when given, picks the ones to audit first: a count it finds open
 * is protected as usual, as is one the audit finds open.
 */
export async function splitByEarlier(
  model: TableModel,
  views: readonly AttackerView[],
  allNewHidden: ReadonlySet<number>,
  targets: readonly number[],
  level: number,
  exposedOf?: ExposedOf,
  aids: AuditAids = {},
): Promise<ByEarlier> {
  const narrowed = new Map<number, Interval[]>();
  const exposed = targets.length > 0 && exposedOf ? new Set(await exposedOf(allNewHidden, targets)) : null;
  const asked = exposed ? targets.filter((t) => exposed.has(t)) : targets;
  if (asked.length > 0) {
    const audits = await auditsByView(model, views, allNewHidden, asked, level, aids);
    for (const target of asked) {
      const byView = audits.map((audit) => audit.get(target)!);
      if (byView.some((a) => !a.ok))
        narrowed.set(
          target,
          byView.map(({ lower, upper }) => ({ lower, upper })),
        );
    }
  }
  return { open: targets.filter((t) => !narrowed.has(t)), narrowed };
}

/** Per view (in the views' order), the narrowed counts whose range under a pattern is narrower. */
type FurtherByView = Array<Set<number>>;

/** What is known without a whole LP: the counts found narrower, and per view those left for the LP. */
interface NearFurther {
  further: FurtherByView;
  asked: number[][];
}

/**
 * Per view, the narrowed counts that a flow's tables keep whole (none to ask) or whose bounds
 * near them already show narrower; the rest are left for the whole LP.
 */
async function furtherNear(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: ReadonlySet<number>,
  narrowed: ReadonlyMap<number, Interval[]>,
  aids: AuditAids,
): Promise<NearFurther> {
  const { reaches } = aids;
  const further: FurtherByView = views.map(() => new Set());
  const asked: number[][] = [];
  for (const [index, view] of views.entries()) {
    // The range under `suppressed` lies within the earlier one: tables at both its ends keep it whole.
    const kept = (node: number, range: Interval) => {
      if (!reaches) return false;
      const value = viewValue(model, view, node);
      return (
        reaches(view, suppressed, node, range.upper - value) && reaches(view, suppressed, node, range.lower - value)
      );
    };
    const unkept = [...narrowed].filter(([node, ranges]) => !kept(node, ranges[index]!)).map(([node]) => node);
    // Bounds from the relations near a count contain its range: inside the earlier one's ends, it is narrower.
    const near = await nearBounds(model, view, suppressed, unkept);
    for (const node of unkept) {
      const bounds = near.get(node);
      if (bounds !== undefined && narrower(bounds, narrowed.get(node)![index]!)) further[index]!.add(node);
    }
    asked.push(unkept.filter((node) => !further[index]!.has(node)));
  }
  return { further, asked };
}

function narrower(now: Interval, range: Interval): boolean {
  return now.lower > range.lower + TOLERANCE || now.upper < range.upper - TOLERANCE;
}

/** In the counts' order, then the views': the order keepRanges widens them in. */
function inWideningOrder(
  narrowed: ReadonlyMap<number, Interval[]>,
  further: FurtherByView,
): Array<{ node: number; view: number }> {
  return [...narrowed.keys()].flatMap((node) =>
    further.flatMap((nodes, view) => (nodes.has(node) ? [{ node, view }] : [])),
  );
}

/**
 * The narrowed counts, and the view, whose range under `suppressed` is narrower than the earlier
 * outputs left it (exported for its tests).
 */
export async function narrowedFurther(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: ReadonlySet<number>,
  narrowed: ReadonlyMap<number, Interval[]>,
  aids: AuditAids,
): Promise<Array<{ node: number; view: number }>> {
  const near = await furtherNear(model, views, suppressed, narrowed, aids);
  return furtherByLp(model, views, suppressed, narrowed, aids, near);
}

/** What `near` found narrower, and what the whole LP finds narrower of the counts it left. */
async function furtherByLp(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: ReadonlySet<number>,
  narrowed: ReadonlyMap<number, Interval[]>,
  aids: AuditAids,
  { further, asked }: NearFurther,
): Promise<Array<{ node: number; view: number }>> {
  for (const [index, view] of views.entries()) {
    const nodes = asked[index]!;
    if (nodes.length === 0) continue;
    const audit = await auditNodes(model, [view], suppressed, nodes, 0, aids);
    for (const node of nodes) if (narrower(audit.get(node)!, narrowed.get(node)![index]!)) further[index]!.add(node);
  }
  return inWideningOrder(narrowed, further);
}

/** Rounds of witnesses before the last resort; each round's witnesses should settle every count at once. */
const MAX_ROUNDS = 3;

/**
 * Hide more of the new table until every narrowed count keeps the range the earlier outputs
 * left it; the last resort hides every number of the new table that may be hidden.
 */
export async function keepRanges(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: Set<number>,
  narrowed: ReadonlyMap<number, Interval[]>,
  limits: { fixed: ReadonlySet<number>; current: ReadonlySet<number> },
  options: WorkOptions & AuditAids & { byFlow?: WidenByFlow } = {},
): Promise<void> {
  const aids: AuditAids = {
    ...(options.reaches ? { reaches: options.reaches } : {}),
    ...(options.memo ? { memo: options.memo } : {}),
  };
  if (narrowed.size === 0) return;
  const widen = async (further: ReadonlyArray<{ node: number; view: number }>) => {
    let hid = 0;
    for (const { node, view } of further) {
      const range = narrowed.get(node)![view]!;
      hid += await widenTo(
        model,
        [views[view]!],
        suppressed,
        node,
        range,
        { fixed: limits.fixed },
        aids.reaches,
        options.byFlow,
      );
    }
    return hid;
  };
  for (let round = 0; round < MAX_ROUNDS;) {
    options.signal?.throwIfAborted();
    // A range shown narrower near its count is widened before the whole LP asks about the rest:
    // hiding more only widens ranges, and the grown pattern's flows often keep them without it.
    // A widening leaves tables at both ends of its range, so it is not found narrower so again.
    const near = await furtherNear(model, views, suppressed, narrowed, aids);
    const shownNear = inWideningOrder(narrowed, near.further);
    if (shownNear.length > 0 && (await widen(shownNear)) > 0) continue;
    round += 1;
    const further = await furtherByLp(model, views, suppressed, narrowed, aids, near);
    if (further.length === 0) return;
    if ((await widen(further)) === 0) break;
  }
  if ((await narrowedFurther(model, views, suppressed, narrowed, aids)).length === 0) return;
  for (const node of limits.current) if (!limits.fixed.has(node)) suppressed.add(node);
}

/** An earlier output of the release (all its tables) and the nodes it printed. */
export interface EarlierPrinted {
  label: string;
  printed: ReadonlySet<number>;
}

/** What the analyst is told when the release's earlier outputs together, and none alone, narrow a count. */
export const EARLIER_TOGETHER = "this release's earlier outputs together";

/**
 * The earlier outputs that alone narrow `own` (the new table's narrowed small counts), each
 * with how many; when none does alone, the earlier outputs together narrow them all.
 */
export async function givenAwayByEarlier(
  model: TableModel,
  views: readonly AttackerView[],
  earlier: readonly EarlierPrinted[],
  always: ReadonlySet<number>,
  own: readonly number[],
  level: number,
  aids: AuditAids = {},
): Promise<GivenAwayEarlier[]> {
  const { reaches } = aids;
  if (own.length === 0) return [];
  const found: GivenAwayEarlier[] = [];
  for (const { label, printed } of earlier) {
    const hidden = new Set(
      model.nodes.flatMap((n, i) => (n.published && !printed.has(i) && !always.has(i) ? [i] : [])),
    );
    const narrowed = new Set<number>();
    for (const view of views) {
      // A table with the count a level away in this view protects it there: no LP is asked.
      const protectedBy = (node: number) =>
        reaches !== undefined &&
        (reaches(view, hidden, node, level) ||
          (viewValue(model, view, node) >= level && reaches(view, hidden, node, -level)));
      const asked = own.filter((node) => !narrowed.has(node) && !protectedBy(node));
      if (asked.length === 0) continue;
      const audits = await auditNodes(model, [view], hidden, asked, level, aids);
      for (const node of asked) if (!audits.get(node)!.ok) narrowed.add(node);
    }
    const counts = narrowed.size;
    if (counts > 0) found.push({ output: label, counts, through: 'table' });
  }
  return found.length > 0 ? found : [{ output: EARLIER_TOGETHER, counts: own.length, through: 'table' }];
}
