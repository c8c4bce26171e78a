// Protect-and-audit of keyed tables, the same steps for both methods compared by the disclosure
// benchmark: build the model, mark the small counts, choose complements, then audit every
// suppressed number. Only the suppression and audit differ: the app's (network flows, HiGHS)
// or the one before it (one GLPK LP per cell and direction, kept in disclosureLegacy/).
import { DisclosureRuleSchema } from '../shared/query.ts';
import { auditNodes, protectionLevel } from '../src-main/disclosure/attackerBounds.ts';
import { attackerViews } from '../src-main/disclosure/attackerViews.ts';
import { primaryNodes } from '../src-main/disclosure/primarySuppression.ts';
import { chooseSecondary } from '../src-main/disclosure/secondarySuppression.ts';
import { type KeyedTable, type Measure, buildModel } from '../src-main/disclosure/tableModel.ts';
import { auditNodes as legacyAuditNodes } from './disclosureLegacy/attackerBounds.ts';
import { chooseSecondary as legacyChooseSecondary } from './disclosureLegacy/secondarySuppression.ts';

export type Method = 'flows' | 'legacy';

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
    method === 'flows'
      ? await chooseSecondary(model, views, primary, rule)
      : await legacyChooseSecondary(model, views, primary, rule);
  const protectMs = performance.now() - started;
  const auditStarted = performance.now();
  const audit = method === 'flows' ? auditNodes : legacyAuditNodes;
  const audits = await audit(model, views, suppressed, [...suppressed], protectionLevel(rule));
  const ok = [...primary].every((node) => audits.get(node)?.ok === true);
  const auditMs = performance.now() - auditStarted;
  return { modelMs, protectMs, auditMs, cpuMs: process.cpuUsage(cpu).user / 1000, suppressed: suppressed.size, ok };
}
