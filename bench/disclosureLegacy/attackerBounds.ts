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
import {
  type AttackerView,
  constraintRows,
  hiddenVariable,
  variableName,
} from '../../src-main/disclosure/attackerViews.ts';
import { solve } from './linearProgram.ts';
import type { TableModel } from '../../src-main/disclosure/tableModel.ts';

export interface Interval {
  lower: number;
  /** Infinity when nothing bounds the number from above. */
  upper: number;
}

const EPSILON = 1e-6;

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

/** Per target node: its feasible interval (intersected over the views) and whether it is protected. */
export async function auditNodes(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
  level: number,
): Promise<Map<number, NodeAudit>> {
  const audits = new Map<number, NodeAudit>(targets.map((t) => [t, { lower: 0, upper: Infinity, ok: true }]));
  for (const view of views) {
    const rows = constraintRows(
      view.constraints,
      (i) => (isHidden(model, suppressed, i) ? null : (view.values[i] ?? 0)),
      hiddenVariable,
    );
    for (const target of targets) {
      const objective = new Map([[variableName(target), 1]]);
      const low = await solve({ direction: 'min', objective, rows });
      const high = await solve({ direction: 'max', objective, rows });
      if (low.status === 'infeasible' || high.status === 'infeasible') {
        throw new Error(`The ${view.label} relations of this table cannot all hold; its counts are inconsistent.`);
      }
      const interval: Interval = {
        lower: low.status === 'optimal' ? Math.max(0, Math.ceil(low.value - EPSILON)) : 0,
        upper: high.status === 'optimal' ? Math.floor(high.value + EPSILON) : Infinity,
      };
      const audit = audits.get(target)!;
      audit.lower = Math.max(audit.lower, interval.lower);
      audit.upper = Math.min(audit.upper, interval.upper);
      audit.ok &&= isProtected(viewValue(model, view, target), interval, level);
    }
  }
  return audits;
}

/**
 * Whether every target is protected in every view; stops at the first that is not, and asks for
 * the lower bound only when the upper one falls short and the value could reach down.
 */
export async function allProtected(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
  level: number,
): Promise<boolean> {
  for (const view of views) {
    const rows = constraintRows(
      view.constraints,
      (i) => (isHidden(model, suppressed, i) ? null : (view.values[i] ?? 0)),
      hiddenVariable,
    );
    for (const target of targets) {
      const value = viewValue(model, view, target);
      const objective = new Map([[variableName(target), 1]]);
      const high = await solve({ direction: 'max', objective, rows });
      if (high.status !== 'optimal' || Math.floor(high.value + EPSILON) >= value + level) continue;
      if (value < level) return false;
      const low = await solve({ direction: 'min', objective, rows });
      if (low.status !== 'optimal' || Math.ceil(low.value - EPSILON) > value - level) return false;
    }
  }
  return true;
}

/** The value the protection requirement is measured against, in a view. */
export function viewValue(model: TableModel, view: AttackerView, node: number): number {
  return view.values[node] ?? model.nodes[node]!.value ?? 0;
}
