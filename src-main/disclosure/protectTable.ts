// The entry points of disclosure control: a raw table (or a set of linked tables, or keyed
// cells such as a cube with its subtotals) in, the published table(s) and the disclosure
// report out. Order: primary suppression, secondary suppression, then rounding of what is left.
import type { z } from 'zod';
import { type DisclosureReport, type DisclosureRule, DisclosureRuleSchema } from '../../shared/query.ts';
import type { WorkOptions } from './attackerBounds.ts';
import { attackerViews } from './attackerViews.ts';
import { disclosureFootnote } from './footnote.ts';
import { primaryNodes } from './primarySuppression.ts';
import {
  type PlacedCell,
  type Position,
  type ProtectedTable,
  type RawTable,
  keyedTable,
  measureOf,
  placeCells,
  tableFrom,
} from './queryTable.ts';
import { roundPublished } from './rounding.ts';
import { chooseSecondary } from './secondarySuppression.ts';
import {
  type CellKey,
  type KeyedTable,
  type Measure,
  type ModelOptions,
  type TableModel,
  buildModel,
  keyId,
} from './tableModel.ts';
import { AppError } from '../../shared/errors.ts';

/** A rule as written in a spec: missing fields take their defaults. */
export type DisclosureRuleInput = z.input<typeof DisclosureRuleSchema>;

export type CellStatus = 'published' | 'primary' | 'secondary';

export interface KeyedProtection {
  model: TableModel;
  primary: ReadonlySet<number>;
  suppressed: ReadonlySet<number>;
  status(key: CellKey): CellStatus;
  /** The published value: rounded when the rule rounds, null when suppressed. */
  published(key: CellKey): number | null;
}

export interface ProtectedResult {
  table: ProtectedTable;
  report: DisclosureReport;
}

/** Protect tables given as keyed cells (the general form: linked tables, cubes with subtotals). */
export async function protectKeyedTables(
  tables: readonly KeyedTable[],
  measure: Measure,
  ruleInput: DisclosureRuleInput,
  options: WorkOptions & ModelOptions = {},
): Promise<KeyedProtection> {
  const rule = DisclosureRuleSchema.parse(ruleInput);
  const model = buildModel(tables, measure, options);
  const primary = primaryNodes(model, rule);
  const suppressed =
    rule.secondary && primary.size > 0
      ? await chooseSecondary(model, await attackerViews(model), primary, rule, options)
      : new Set(primary);
  const nodeOf = (key: CellKey): number => {
    const index = model.indexOf.get(model.idOf(key));
    if (index === undefined || !model.nodes[index]!.published) {
      throw new AppError('BAD_REQUEST', `No published number has the key ${keyId(key)}.`);
    }
    return index;
  };
  return {
    model,
    primary,
    suppressed,
    status(key) {
      const node = nodeOf(key);
      return primary.has(node) ? 'primary' : suppressed.has(node) ? 'secondary' : 'published';
    },
    published(key) {
      const node = nodeOf(key);
      return suppressed.has(node) ? null : roundPublished(model.nodes[node]!.value, rule.round);
    },
  };
}

export function reportFor(
  placed: readonly PlacedCell[],
  protection: KeyedProtection,
  rule: DisclosureRule,
): DisclosureReport {
  const primary: [number, number][] = [];
  const secondary: [number, number][] = [];
  const suppressedRowTotals: number[] = [];
  const suppressedColTotals: number[] = [];
  let totalSuppressed = false;
  for (const { position, key } of placed) {
    const status = protection.status(key);
    if (status === 'published') continue;
    const { row, col } = position;
    if (row !== null && col !== null) (status === 'primary' ? primary : secondary).push([row, col]);
    else if (row !== null) suppressedRowTotals.push(row);
    else if (col !== null) suppressedColTotals.push(col);
    else totalSuppressed = true;
  }
  return {
    rule,
    footnote: disclosureFootnote(rule),
    primary,
    secondary,
    suppressedRowTotals,
    suppressedColTotals,
    totalSuppressed,
    rounded: rule.round !== null,
  };
}

export function publishTable(
  raw: RawTable,
  placed: readonly PlacedCell[],
  protection: KeyedProtection,
): ProtectedTable {
  const keys = new Map(placed.map(({ position, key }) => [positionId(position), key]));
  return tableFrom(raw, (position) => protection.published(keys.get(positionId(position))!));
}

export function positionId({ row, col }: Position): string {
  return `${row ?? 'T'}:${col ?? 'T'}`;
}

/** Protect one table of the engine's shape. */
export async function protectTable(
  raw: RawTable,
  ruleInput: DisclosureRuleInput,
  options: WorkOptions = {},
): Promise<ProtectedResult> {
  const [result] = await protectLinkedTables([raw], ruleInput, options);
  return result!;
}

/**
 * Protect tables published from the same data (same cohort, filters and measure). They link by
 * their axes: a number with the same categories in two tables is the same number, suppressed in
 * both or neither, and the attacker may combine every relation between the tables.
 */
export async function protectLinkedTables(
  raws: readonly RawTable[],
  ruleInput: DisclosureRuleInput,
  options: WorkOptions = {},
): Promise<ProtectedResult[]> {
  const rule = DisclosureRuleSchema.parse(ruleInput);
  if (raws.length > 1 && raws.some((raw) => raw.rows === undefined || raw.cols === undefined)) {
    throw new AppError('BAD_REQUEST', 'Linked tables need their row and column axes (fields and keys) to be linked.');
  }
  const placed = raws.map((raw) => placeCells(raw));
  const protection = await protectKeyedTables(
    raws.map((raw, i) => keyedTable(raw, placed[i])),
    measureOf(raws),
    rule,
    options,
  );
  return raws.map((raw, i) => ({
    table: publishTable(raw, placed[i]!, protection),
    report: reportFor(placed[i]!, protection, rule),
  }));
}
