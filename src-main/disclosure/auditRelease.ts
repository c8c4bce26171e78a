// A table checked against a release: the table as protected alone, audited together with every
// output the release has published. An attacker who knows all of them at once may narrow a small
// count the table alone hides well: one of its cells, a cell of an earlier output, or a finest
// cell that two outputs differ by (the Mixed part of a cell of "T" and "T without Mixed"). For
// each such count the audit names the earlier outputs that, with this table, narrow it, and
// says what exporting the table now would hide besides (the release's protection).
import { DisclosureRuleSchema } from '../../shared/query.ts';
import { auditNodes as lpAudit, protectionLevel } from './attackerBounds.ts';
import { jointExposed } from './jointProtection.ts';
import { modelViews } from './jointModel.ts';
import { isPrimary } from './primarySuppression.ts';
import {
  type ReleaseInput,
  type ReleaseResult,
  hiddenParts,
  linkedParts,
  protectInRelease,
  withoutSharedFilters,
} from './protectRelease.ts';
import { type Position, type ProtectedTable, valueAtPosition } from './queryTable.ts';
import type { Measure, ModelNode } from './tableModel.ts';

export interface NarrowedCount {
  /** What the count covers, e.g. "records: district Fenland, ethnicity one of Mixed". */
  label: string;
  measure: Measure;
  /** Where it sits in the checked table, when it is one of its numbers. */
  position: Position | null;
  value: number;
  lower: number;
  upper: number | null;
  /** The earlier outputs that, each with this table, narrow it; empty: only all of them together. */
  by: string[];
  /** Narrowed already by the earlier outputs without this table: not this table's doing. */
  already: boolean;
}

export interface ReleaseAudit {
  /** No small count is narrowed that was not narrowed before this table. */
  ok: boolean;
  protection: number;
  /** The earlier outputs the table was checked against. */
  against: string[];
  narrowed: NarrowedCount[];
  /** Exporting the table in this release: the cells it would hide beyond the table alone, and why. */
  export: ReleaseResult['reasons'];
  /** Earlier outputs of the other measure that could not be checked together with it, and why. */
  unlinked: string[];
}

function describe(node: ModelNode, measure: Measure): string {
  const parts = [
    ...Object.entries(node.key).map(([field, category]) => `${field} ${category}`),
    ...Object.entries(node.scope).map(([field, set]) => `${field} one of ${set.join(', ')}`),
  ];
  return `${measure}: ${parts.length > 0 ? parts.join(', ') : 'total'}`;
}

/** Audit `published` (the new table as protected alone) together with the release's earlier outputs. */
export async function auditInRelease(given: ReleaseInput & { published: ProtectedTable }): Promise<ReleaseAudit> {
  const input = { ...withoutSharedFilters(given), published: given.published };
  const rule = DisclosureRuleSchema.parse(input.rule);
  const level = protectionLevel(rule);
  // Checked against the outputs modelled with it: one left out as unlinked has no nodes here.
  const { parts, attack, unlinked, linked } = await linkedParts(input, rule);
  const { model, placed, currentNodes, shown, nodeOf } = parts;
  const views = await modelViews(model);
  // Records and persons of large tables: flows (and the LP for what they miss) find the narrowed
  // counts; the LP bounds only those.
  const boundedNodes: typeof lpAudit = async (m, v, hidden, targets, l) => {
    if (!attack) return lpAudit(m, v, hidden, targets, l);
    const exposed = await jointExposed(attack, v, hidden, targets);
    const audits = await lpAudit(m, v, hidden, exposed, l);
    return new Map(targets.map((t) => [t, audits.get(t) ?? { lower: 0, upper: Infinity, ok: true }]));
  };
  // A target printed outright (a hidden total that this table prints) is known exactly.
  const auditNodes: typeof lpAudit = async (m, v, hidden, targets, l) => {
    const printed = (t: number) => m.nodes[t]!.published && !hidden.has(t);
    const audits = await boundedNodes(
      m,
      v,
      hidden,
      targets.filter((t) => !printed(t)),
      l,
    );
    for (const t of targets.filter(printed)) {
      const value = m.nodes[t]!.value!;
      audits.set(t, { lower: value, upper: value, ok: false });
    }
    return audits;
  };
  const measureOf = (node: number): Measure =>
    model.joint && node >= model.joint.personsFrom ? 'persons' : model.joint ? 'records' : input.measure;
  const printedNow = new Set(
    currentNodes.filter((_, i) => valueAtPosition(input.published, placed[i]!.position) !== null),
  );
  const constants = model.joint?.constants ?? [];
  const hiddenUnless = (visible: ReadonlySet<number>) =>
    new Set(model.nodes.flatMap((n, i) => (n.published && !visible.has(i) ? [i] : [])));
  const small = (node: ModelNode): boolean => node.value !== null && isPrimary(node.value, rule);
  const smallCounts = model.nodes.flatMap((node, i) =>
    small(node) && !shown.has(i) && !constants.includes(i) && (node.published || node.leaf) ? [i] : [],
  );
  // A margin or total that an earlier table linked in part hid stands for the cells it hid.
  const targets = [...new Set([...smallCounts, ...hiddenParts(linked, shown, nodeOf)])];
  const all = await auditNodes(model, views, hiddenUnless(new Set([...shown, ...printedNow])), targets, level);
  const failing = targets.filter((t) => !all.get(t)!.ok);
  if (failing.length === 0) {
    return {
      ok: true,
      protection: level,
      against: linked.earlier.map((t) => t.label),
      narrowed: [],
      export: [],
      unlinked,
    };
  }
  const before = await auditNodes(model, views, hiddenUnless(shown), failing, level);
  const culprits = new Map<number, string[]>(failing.map((t) => [t, []]));
  for (const table of linked.earlier) {
    const visible = new Set([...printedNow, ...constants]);
    for (const cell of table.cells) {
      if (!cell.hidden) visible.add(nodeOf(cell.key, table.scope, table.groups, table.measure));
    }
    const audits = await auditNodes(model, views, hiddenUnless(visible), failing, level);
    for (const t of failing)
      if (!audits.get(t)!.ok && !culprits.get(t)!.includes(table.label)) culprits.get(t)!.push(table.label);
  }
  const positionOf = new Map(currentNodes.map((node, i) => [node, placed[i]!.position]));
  const narrowed = failing.map((t): NarrowedCount => {
    const audit = all.get(t)!;
    return {
      label: describe(model.nodes[t]!, measureOf(t)),
      measure: measureOf(t),
      position: positionOf.get(t) ?? null,
      value: model.nodes[t]!.value!,
      lower: audit.lower,
      upper: Number.isFinite(audit.upper) ? audit.upper : null,
      by: culprits.get(t)!,
      already: !before.get(t)!.ok,
    };
  });
  const exported = await protectInRelease(input);
  return {
    ok: narrowed.every((n) => n.already),
    protection: level,
    against: linked.earlier.map((t) => t.label),
    narrowed,
    export: exported.reasons,
    unlinked,
  };
}
