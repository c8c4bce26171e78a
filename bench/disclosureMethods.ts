// Protect-and-audit of keyed tables, the same steps for both methods compared by the disclosure
// benchmark: build the model, mark the small counts, choose complements, then audit every
// suppressed number. Only the suppression and audit differ: the app's (network flows, HiGHS)
// or the one before it (one GLPK LP per cell and direction, kept in disclosureLegacy/).
import { DisclosureRuleSchema } from '../shared/query.ts';
import {
  type NodeAudit,
  auditNodes,
  isHidden,
  isProtected,
  protectionLevel,
  viewValue,
} from '../src-main/disclosure/attackerBounds.ts';
import { type AttackerView, attackerViews } from '../src-main/disclosure/attackerViews.ts';
import { viewNetwork } from '../src-main/disclosure/tableNetwork.ts';
import { ViewProgram } from '../src-main/disclosure/viewProgram.ts';
import { primaryNodes } from '../src-main/disclosure/primarySuppression.ts';
import { chooseSecondary } from '../src-main/disclosure/secondarySuppression.ts';
import { type KeyedTable, type Measure, type TableModel, buildModel } from '../src-main/disclosure/tableModel.ts';
import { auditNodes as legacyAuditNodes } from './disclosureLegacy/attackerBounds.ts';
import { chooseSecondary as legacyChooseSecondary } from './disclosureLegacy/secondarySuppression.ts';

/**
 * flows: the app's method (network flows on 2-D tables; a cube's two-way slices by flows, then
 * one exact audit of the whole cube); wholeCube: the method before the slices on a cube (LPs over
 * the whole cube for every sensitive cell, audited by the whole cube's LP with every number a
 * column); legacy: one GLPK LP per cell.
 */
export type Method = 'flows' | 'wholeCube' | 'legacy';

export interface Timing {
  /** Of protectMs: building the model (the same code for both methods). */
  modelMs: number;
  protectMs: number;
  auditMs: number;
  /** CPU time of this thread for both: wall times swing with the machine's other load. */
  cpuMs: number;
  suppressed: number;
  ok: boolean;
}

export async function protectAndAudit(
  method: Method,
  tables: KeyedTable[],
  measure: Measure,
  ruleInput: { threshold: number },
): Promise<Timing> {
  const rule = DisclosureRuleSchema.parse(ruleInput);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const model = buildModel(tables, measure);
  const modelMs = performance.now() - started;
  const primary = primaryNodes(model, rule);
  const views = await attackerViews(model);
  const suppressed =
    method === 'legacy'
      ? await legacyChooseSecondary(model, views, primary, rule)
      : await chooseSecondary(model, views, primary, rule, { modular: method === 'flows' });
  const protectMs = performance.now() - started;
  const auditStarted = performance.now();
  const audit = method === 'flows' ? auditNodes : method === 'wholeCube' ? wholeProgramAudit : legacyAuditNodes;
  const audits = await audit(model, views, suppressed, [...suppressed], protectionLevel(rule));
  const ok = [...primary].every((node) => audits.get(node)?.ok === true);
  const auditMs = performance.now() - auditStarted;
  return { modelMs, protectMs, auditMs, cpuMs: process.cpuUsage(cpu).user / 1000, suppressed: suppressed.size, ok };
}

/** The audit before the slices: per view, the LP with every number a column (published ones fixed), two solves a number at most. */
async function wholeProgramAudit(
  model: TableModel,
  views: readonly AttackerView[],
  suppressed: ReadonlySet<number>,
  targets: readonly number[],
  level: number,
): Promise<Map<number, NodeAudit>> {
  if (views.some((view) => viewNetwork(model, view) !== null))
    return auditNodes(model, views, suppressed, targets, level);
  const audits = new Map<number, NodeAudit>(targets.map((t) => [t, { lower: 0, upper: Infinity, ok: true }]));
  for (const view of views) {
    const program = await ViewProgram.open(model, view, (i) => isHidden(model, suppressed, i));
    try {
      for (const target of targets) {
        const interval = program.interval(target);
        const audit = audits.get(target)!;
        audit.lower = Math.max(audit.lower, interval.lower);
        audit.upper = Math.min(audit.upper, interval.upper);
        audit.ok &&= isProtected(viewValue(model, view, target), interval, level);
      }
    } finally {
      program.dispose();
    }
  }
  return audits;
}
