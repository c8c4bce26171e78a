// Audit of a published table (or linked tables) against its raw counts: for every suppressed
// number, the interval an attacker can narrow it to, and whether a sensitive number is protected
// (attackerBounds.ts states the requirement). It checks the published pattern as it stands, so
// it also catches a number suppressed in one table but printed in another, or a small count left
// in view. Rounding is ignored: the audit treats printed numbers as exact, the safe assumption.
import { DisclosureRuleSchema } from '../../shared/query.ts';
import { type WorkOptions, auditNodes, protectionLevel } from './attackerBounds.ts';
import { attackerViews } from './attackerViews.ts';
import { primaryNodes } from './primarySuppression.ts';
import type { DisclosureRuleInput } from './protectTable.ts';
import {
  type Position,
  type ProtectedTable,
  type RawTable,
  checkShape,
  keyedTable,
  measureOf,
  placeCells,
  valueAtPosition,
} from './queryTable.ts';
import { buildModel, keyId } from './tableModel.ts';
import { AppError } from '../../shared/errors.ts';

export interface AuditedCell {
  /** Index of the table among the linked ones (0 for a table alone). */
  table: number;
  position: Position;
  value: number;
  lower: number;
  /** null when nothing bounds it from above. */
  upper: number | null;
  /** A primary (small) count, which needs protection; complements need none. */
  sensitive: boolean;
  ok: boolean;
}

export interface AuditReport {
  ok: boolean;
  protection: number;
  cells: AuditedCell[];
  /** Small counts that are printed, in some table, instead of suppressed. */
  exposed: { table: number; position: Position; value: number }[];
}

export async function auditTable(
  raw: RawTable,
  published: ProtectedTable,
  rule: DisclosureRuleInput,
  options: WorkOptions = {},
): Promise<AuditReport> {
  return auditLinkedTables([raw], [published], rule, options);
}

export async function auditLinkedTables(
  raws: readonly RawTable[],
  published: readonly ProtectedTable[],
  ruleInput: DisclosureRuleInput,
  options: WorkOptions = {},
): Promise<AuditReport> {
  const rule = DisclosureRuleSchema.parse(ruleInput);
  if (published.length !== raws.length) {
    throw new AppError(
      'BAD_REQUEST',
      `The audit needs one published table per raw table (${raws.length}), not ${published.length}.`,
    );
  }
  published.forEach((table, i) => checkShape(table, `Published table ${i + 1}`));
  const placed = raws.map((raw) => placeCells(raw));
  const model = buildModel(
    raws.map((raw, i) => keyedTable(raw, placed[i])),
    measureOf(raws),
  );
  const nodeOf = (key: Parameters<typeof keyId>[0]) => model.indexOf.get(keyId(key))!;
  // A number is hidden only if every table that holds it hides it.
  const shown = new Set<number>();
  const blanked = new Set<number>();
  placed.forEach((cells, t) =>
    cells.forEach(({ position, key }) =>
      (valueAtPosition(published[t]!, position) === null ? blanked : shown).add(nodeOf(key)),
    ),
  );
  const suppressed = new Set([...blanked].filter((node) => !shown.has(node)));
  const sensitive = primaryNodes(model, rule);
  const level = protectionLevel(rule);
  const audits = await auditNodes(model, await attackerViews(model), suppressed, [...suppressed], level, options);
  const cells: AuditedCell[] = [];
  const exposed: AuditReport['exposed'] = [];
  placed.forEach((tableCells, t) =>
    tableCells.forEach(({ position, key, value }) => {
      const node = nodeOf(key);
      const audit = audits.get(node);
      if (audit) {
        const isSensitive = sensitive.has(node);
        cells.push({
          table: t,
          position,
          value,
          lower: audit.lower,
          upper: Number.isFinite(audit.upper) ? audit.upper : null,
          sensitive: isSensitive,
          ok: !isSensitive || audit.ok,
        });
      } else if (sensitive.has(node)) {
        exposed.push({ table: t, position, value });
      }
    }),
  );
  return { ok: exposed.length === 0 && cells.every((c) => c.ok), protection: level, cells, exposed };
}
