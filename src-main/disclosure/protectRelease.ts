// Protection across a release: a new output is protected together with every output published
// earlier in the same release, because two outputs subtracted can give back what each hides
// (a table, and the same table without one category of another field, differ by that
// category's counts). The attacker knows every published number of the release at once.
//
// Earlier outputs cannot be un-published: their published numbers stay fixed and their hidden
// ones stay hidden; only the new output's numbers may be chosen as complements. Sensitive are
// the small counts of every published number not yet public and of every finest cell (a leaf:
// one category, or block of categories, per field) the outputs together imply, since the
// difference of two outputs is such a cell. Where the new output needs more hiding than it
// would alone, each extra cell carries the earlier outputs that make it necessary. Records and
// distinct-persons outputs of the same data are protected together in one joint model
// (jointModel.ts): a cell's persons are at most its records.
import { AppError } from '../../shared/errors.ts';
import { type DisclosureReport, type DisclosureRule, DisclosureRuleSchema } from '../../shared/query.ts';
import { type AuditAids, type WorkOptions, auditNodes, protectionLevel } from './attackerBounds.ts';
import type { AttackerView } from './attackerViews.ts';
import { jointModel, modelViews, withPrintedBounds } from './jointModel.ts';
import {
  type ByEarlier,
  type EarlierPrinted,
  type ExposedOf,
  givenAwayByEarlier,
  keepRanges,
  splitByEarlier,
} from './keepNarrowed.ts';
import { JointAttack, type JointResult, jointExposed, protectJoint } from './jointProtection.ts';
import { IntervalMemo } from './intervalMemo.ts';
import {
  type CellStatus,
  type DisclosureRuleInput,
  type KeyedProtection,
  protectKeyedTables,
  publishTable,
  reportFor,
} from './protectTable.ts';
import { isPrimary } from './primarySuppression.ts';
import {
  type PlacedCell,
  type Position,
  type ProtectedTable,
  type RawTable,
  keyedTable,
  placeCells,
} from './queryTable.ts';
import { roundPublished } from './rounding.ts';
import { chooseSecondary } from './secondarySuppression.ts';
import {
  type CellKey,
  type Groups,
  type KeyedTable,
  type Measure,
  type Scope,
  type TableModel,
  buildModel,
  leafIndices,
  valueLatentLeaves,
} from './tableModel.ts';

/** One table of an output published earlier in the release, as the register keeps it. */
export interface EarlierTable {
  /** For the analyst: e.g. “‘Victims by district’, exported 2026-05-03”. */
  label: string;
  fields: readonly string[];
  scope: Scope;
  /** Its merged categories, if any: a cell keyed by a group's label covers the group's members. */
  groups?: Groups;
  /** What it counts, when not the new table's measure: records and persons of the same cells link. */
  measure?: Measure;
  cells: readonly { key: CellKey; value: number; hidden: boolean }[];
  /**
   * Only part of a table is linked: its margins over fields the release spans, with its grand
   * total (its other cells are not in the model). A margin or total it hid stands for the cells
   * it hid beside it, so it is kept protected as they were.
   */
  part?: boolean;
}

/** A finest cell of the release: per field one category (key) or one block of categories (scope). */
export interface LeafCell {
  key: CellKey;
  scope: Scope;
}

export interface ReleaseInput {
  earlier: readonly EarlierTable[];
  /** The new table, raw, with its axes, its filters as category sets and its merged categories. */
  raw: RawTable;
  scope: Scope;
  groups?: Groups;
  measure: Measure;
  rule: DisclosureRuleInput;
  /** Every category of each field involved (the codebook's). */
  domains: Readonly<Record<string, readonly string[]>>;
  /** Earlier outputs of the other measure left out as too large to link, and why: the result names them. */
  unlinked?: readonly { label: string; why: string }[];
  /** The true counts of finest cells no output publishes (from the data, never published). */
  leafValues(leaves: readonly LeafCell[], measure: Measure): Promise<number[]>;
}

export interface ReleaseResult {
  table: ProtectedTable;
  report: DisclosureReport;
  /** Cells of the new table hidden only because of earlier outputs, with why. */
  reasons: { row: number | null; col: number | null; reason: string }[];
  /** Every number of the new table with where it sits, its raw value and what happened to it. */
  cells: { position: Position; key: CellKey; value: number; status: CellStatus }[];
  /** Small counts of the new table that an earlier output already printed (hidden here, but already out). */
  alreadyPublished: number;
  /** Earlier outputs of the other measure that could not be protected together with it, and why (also in the footnote). */
  unlinked: string[];
}

/** A joint model that is not two tables with margins is checked by LP alone: only up to this many finest cells. */
const MAX_LP_JOINT_LEAVES = 500;

function keyedEarlier(table: EarlierTable): KeyedTable {
  return {
    fields: table.fields,
    scope: table.scope,
    ...(table.groups ? { groups: table.groups } : {}),
    cells: table.cells.map(({ key, value }) => ({ key, value })),
  };
}

/** The tables of the release (earlier ones, then the new one) with what each counts. */
interface MeasuredTable {
  table: KeyedTable;
  measure: Measure;
}

/** One measure's model, its finest cells shaped by the other measure's tables too, latent ones valued from the data. */
async function measureModel(
  input: ReleaseInput,
  tables: readonly MeasuredTable[],
  measure: Measure,
): Promise<TableModel> {
  const own = tables.filter((t) => t.measure === measure).map((t) => t.table);
  const span = tables.filter((t) => t.measure !== measure).map((t) => t.table);
  const options = { domains: input.domains, ...(span.length > 0 ? { span } : {}) };
  const model = buildModel(own, measure, options);
  const latent = leafIndices(model).filter((i) => !model.nodes[i]!.published);
  if (latent.length === 0) return model;
  const values = await input.leafValues(
    latent.map((i) => ({ key: model.nodes[i]!.key, scope: model.nodes[i]!.scope })),
    measure,
  );
  // The model just built, valued: building it again with the values known gave the same nodes and relations.
  valueLatentLeaves(model, latent, values);
  return model;
}

async function releaseModel(input: ReleaseInput, tables: readonly MeasuredTable[]): Promise<TableModel> {
  try {
    const measures = new Set(tables.map((t) => t.measure));
    if (measures.size === 1) return await measureModel(input, tables, input.measure);
    return jointModel(await measureModel(input, tables, 'records'), await measureModel(input, tables, 'persons'));
  } catch (error) {
    if (error instanceof AppError && input.earlier.length > 0 && /disagree|add up/.test(error.message)) {
      throw new AppError(
        'BAD_REQUEST',
        `This output's counts do not agree with outputs published earlier in this release: the data has changed since (${error.message}). Start a new release (Audit screen, or vso release start) to publish from the new data.`,
      );
    }
    throw error;
  }
}

/** The release as one model: its nodes, the new table's, and what earlier outputs printed and hid. */
export interface ReleaseParts {
  model: TableModel;
  placed: PlacedCell[];
  /** Per placed cell of the new table, its node. */
  currentNodes: number[];
  /** Nodes some earlier output printed (and the joint model's constants). */
  shown: Set<number>;
  /** Nodes earlier outputs hid and none printed. */
  earlierHidden: Set<number>;
  /** Per earlier table (in input order), per cell, its node. */
  earlierNodes: number[][];
  /** The node of a cell of a table with this scope, merged categories and measure. */
  nodeOf(key: CellKey, scope: Scope, groups?: Groups, measure?: Measure): number;
}

export async function releaseParts(input: ReleaseInput): Promise<ReleaseParts> {
  const placed = placeCells(input.raw);
  const current = currentTable(input, placed);
  const built = await releaseModel(input, [
    ...input.earlier.map((table) => ({ table: keyedEarlier(table), measure: table.measure ?? input.measure })),
    { table: current, measure: input.measure },
  ]);
  const nodeOf = (key: CellKey, scope: Scope, groups?: Groups, measure = input.measure): number =>
    built.indexOf.get(built.idOf(key, scope, groups, measure))!;

  // The joint model's constants are always known to the attacker.
  const shown = new Set<number>(built.joint?.constants ?? []);
  const blanked = new Set<number>();
  // Each earlier cell's node found once: what they printed is asked again below.
  const earlierNodes = input.earlier.map((table) =>
    table.cells.map((cell) => nodeOf(cell.key, table.scope, table.groups, table.measure)),
  );
  input.earlier.forEach((table, t) => {
    table.cells.forEach((cell, i) => (cell.hidden ? blanked : shown).add(earlierNodes[t]![i]!));
  });
  const earlierHidden = new Set([...blanked].filter((n) => !shown.has(n)));
  const currentNodes = placed.map(({ key }) => nodeOf(key, input.scope, input.groups));
  // What earlier outputs printed bounds finest cells of the other measure.
  const model = withPrintedBounds(built, shown);
  return { model, placed, currentNodes, shown, earlierHidden, earlierNodes, nodeOf };
}

/**
 * The release's parts, with the joint attacker when records and persons link and each is a
 * table with margins. A joint model that is not (three fields, filters) is solved by LP alone,
 * which only a small one allows: beyond that the other measure's outputs are left out, and the
 * result says which and why; `linked` is the release as modelled, without them.
 */
export async function linkedParts(
  input: ReleaseInput,
  rule: DisclosureRule,
): Promise<{ parts: ReleaseParts; attack: JointAttack | null; unlinked: string[]; linked: ReleaseInput }> {
  const parts = await releaseParts(input);
  const named = (input.unlinked ?? []).map(({ label, why }) => `Not protected together with ${label}: ${why}.`);
  if (!parts.model.joint) return { parts, attack: null, unlinked: named, linked: input };
  const attack = await JointAttack.open(parts.model, parts.shown, protectionLevel(rule));
  const leaves = parts.model.nodes.filter((n) => n.leaf).length;
  if (attack !== null || leaves <= MAX_LP_JOINT_LEAVES) return { parts, attack, unlinked: named, linked: input };
  const other = input.earlier.filter((t) => (t.measure ?? input.measure) !== input.measure);
  const unlinked = [...new Set(other.map((t) => t.label))].map(
    (label) =>
      `Not protected together with ${label} (${other.find((t) => t.label === label)!.measure}): with this table they span ${leaves} finest cells that are not one table with margins, too many to check together; publish them with the same two fields and no other filter, or in a new release.`,
  );
  const apart = { ...input, earlier: input.earlier.filter((t) => !other.includes(t)) };
  return { parts: await releaseParts(apart), attack: null, unlinked: [...named, ...unlinked], linked: apart };
}

/**
 * The release with the filters every table of it shares left out: a field all tables restrict
 * to the same categories, and none shows, only says which records they all count, so a model
 * over those records alone says the same (the same financial year in records and persons, say,
 * keeps them two tables with margins).
 */
export function withoutSharedFilters(input: ReleaseInput): ReleaseInput {
  const scopes = [input.scope, ...input.earlier.map((t) => t.scope)];
  const shown = new Set([
    ...input.earlier.flatMap((t) => t.fields),
    ...(input.raw.rows?.fields ?? []),
    ...(input.raw.cols?.fields ?? []),
  ]);
  const grouped = new Set([
    ...Object.keys(input.groups ?? {}),
    ...input.earlier.flatMap((t) => Object.keys(t.groups ?? {})),
  ]);
  const same = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
    a !== undefined &&
    b !== undefined &&
    a.length === b.length &&
    [...a].sort().join('\n') === [...b].sort().join('\n');
  const shared = Object.keys(input.scope).filter(
    (field) =>
      !shown.has(field) && !grouped.has(field) && scopes.every((scope) => same(scope[field], input.scope[field])),
  );
  if (shared.length === 0) return input;
  const strip = (scope: Scope): Scope => Object.fromEntries(Object.entries(scope).filter(([f]) => !shared.includes(f)));
  return {
    ...input,
    scope: strip(input.scope),
    earlier: input.earlier.map((t) => ({ ...t, scope: strip(t.scope) })),
    leafValues: (leaves, measure) =>
      input.leafValues(
        leaves.map((leaf) => ({ key: leaf.key, scope: { ...leaf.scope, ...pickScope(input.scope, shared) } })),
        measure,
      ),
  };
}

function pickScope(scope: Scope, fields: readonly string[]): Scope {
  return Object.fromEntries(fields.map((f) => [f, scope[f]!]));
}

export async function protectInRelease(given: ReleaseInput, options: WorkOptions = {}): Promise<ReleaseResult> {
  const rule = DisclosureRuleSchema.parse(given.rule);
  // The release as modelled: an output left out as unlinked has no nodes here, and read into a
  // model of the other measure alone its counts would land on the wrong cells.
  const { parts, attack, unlinked, linked: input } = await linkedParts(withoutSharedFilters(given), rule);
  const { model, placed, currentNodes, shown, earlierHidden, earlierNodes, nodeOf } = parts;
  const small = (value: number | null): boolean => value !== null && isPrimary(value, rule);
  const views = await modelViews(model);
  const level = protectionLevel(rule);
  const exposedOf = attack
    ? (hidden: ReadonlySet<number>, targets: readonly number[]) => jointExposed(attack, views, hidden, targets)
    : undefined;
  // The joint attacker's flows prove most ends of a count's range without an LP over the whole release.
  // Each count's interval under one pattern is worked out once, however many of the steps below ask.
  const aids: AuditAids = { ...(attack ? { reaches: attack.reaches.bind(attack) } : {}), memo: new IntervalMemo() };
  const counts = { small, currentNodes, shown, earlierHidden, level, aids, ...(exposedOf ? { exposedOf } : {}) };
  const { open, narrowed } = await smallCounts(input, model, views, counts);
  const sensitive = new Set(open);
  for (const node of hiddenParts(input, shown, nodeOf)) if (!narrowed.has(node)) sensitive.add(node);
  // The new table's narrowed small counts are hidden as any small count, but no target: their range is kept instead.
  const ownNarrowed = currentNodes.filter((n) => narrowed.has(n));
  const hidden = new Set([...earlierHidden, ...ownNarrowed]);
  const current = new Set(currentNodes);
  const limits = { fixed: shown, hidden, current };
  const joint =
    rule.secondary && attack
      ? await protectJoint(attack, views, sensitive, [...sensitive], rule, limits, options)
      : null;
  const suppressed = !rule.secondary
    ? new Set([...sensitive, ...hidden])
    : joint
      ? joint.suppressed
      : await chooseSecondary(model, views, sensitive, rule, { ...options, fixed: shown, hidden });
  if (joint?.unchecked && joint.exposed.length > 0) unlinked.push(uncheckedNote(input, joint.exposed.length));
  if (rule.secondary) {
    const kept = { fixed: shown, current };
    const byFlow = attack ? attack.widening(kept) : undefined;
    await keepRanges(model, views, suppressed, narrowed, kept, { ...options, ...aids, ...(byFlow ? { byFlow } : {}) });
  }
  const givenAway = await givenAwayByEarlier(
    model,
    views,
    earlierPrinted(input, earlierNodes),
    // Known whatever was published: the constants only (each earlier output is asked about alone).
    new Set(model.joint?.constants ?? []),
    [...new Set(ownNarrowed)],
    level,
    aids,
  );

  const alreadyPublished = new Set(currentNodes.filter((n) => shown.has(n) && small(model.nodes[n]!.value))).size;
  const statusOf = (node: number): CellStatus =>
    small(model.nodes[node]!.value) ? 'primary' : suppressed.has(node) ? 'secondary' : 'published';
  // The table's own cells are asked about again and again (status, printed value) by the very
  // key objects they were placed with: their nodes are known, no id need be built again.
  const placedNode = new Map(placed.map(({ key }, i) => [key, currentNodes[i]!]));
  const protection = keyedView(
    model,
    rule,
    statusOf,
    (key) => placedNode.get(key) ?? nodeOf(key, input.scope, input.groups),
  );
  const table = publishTable(input.raw, placed, protection);
  const report = reportFor(placed, protection, rule);
  const narrows = narrowsAny(model, views, attack, level);
  const first = jointReuse(input, joint);
  const reasons = await explainExtra(input, rule, model, placed, currentNodes, statusOf, sensitive, narrows, first);
  if (reasons.length > 0) report.footnote = `${report.footnote} ${reasonSentence(reasons)}`;
  // What could not be linked is for the analyst (`vso disclosure check`), not the printed footnote.
  const cells = placed.map(({ position, key, value }, i) => ({
    position,
    key,
    value,
    status: statusOf(currentNodes[i]!),
  }));
  const told = givenAway.length > 0 ? { givenAwayEarlier: givenAway } : {};
  return { table, report: { ...report, release: reasons, ...told }, reasons, cells, alreadyPublished, unlinked };
}

/**
 * The margins and totals that earlier tables linked only in part hid and no output printed: the
 * model does not hold the cells each hid them with, so each is protected as they were, by the
 * same margin (a small one is protected as any small count).
 */
export function hiddenParts(input: ReleaseInput, shown: ReadonlySet<number>, nodeOf: ReleaseParts['nodeOf']): number[] {
  return input.earlier.flatMap((table) =>
    table.part
      ? table.cells
          .filter((cell) => cell.hidden)
          .map((cell) => nodeOf(cell.key, table.scope, table.groups, table.measure))
          .filter((node) => !shown.has(node))
      : [],
  );
}

function currentTable(input: ReleaseInput, placed: readonly PlacedCell[]): KeyedTable {
  return {
    ...keyedTable(input.raw, [...placed]),
    scope: input.scope,
    ...(input.groups ? { groups: input.groups } : {}),
  };
}

/**
 * The new table's domains and filters with each merged category a category of its own (in its
 * first member's place), as the table is protected outside a release: the "alone" that the
 * cells hidden because of the release are told apart from.
 */
function asCategories(input: ReleaseInput): { domains: Record<string, readonly string[]>; scope: Scope } {
  const domains: Record<string, readonly string[]> = { ...input.domains };
  const scope: Record<string, readonly string[]> = { ...input.scope };
  for (const [field, groups] of Object.entries(input.groups ?? {})) {
    const labelOf = new Map(
      Object.entries(groups).flatMap(([label, members]) => members.map((m) => [m, label] as const)),
    );
    const shown = (categories: readonly string[]) => [...new Set(categories.map((c) => labelOf.get(c) ?? c))];
    const domain = input.domains[field];
    if (domain !== undefined) domains[field] = shown(domain);
    const kept = input.scope[field];
    if (kept !== undefined) scope[field] = shown(kept);
  }
  return { domains, scope };
}

/**
 * The small counts of the release not yet public (published numbers no output printed, and
 * finest cells no output publishes), split by what the earlier outputs alone tell of them: those
 * still open are protected as usual; those the earlier outputs already narrowed keep the range
 * they left (keepNarrowed.ts). A finest cell within reach of earlier outputs alone (a small part
 * of a printed cell of 5) is not this output's to protect, and chasing it would hide the whole
 * new table for nothing. With no earlier output, nothing is narrowed yet.
 */
async function smallCounts(
  input: ReleaseInput,
  model: TableModel,
  views: readonly AttackerView[],
  release: {
    small: (value: number | null) => boolean;
    currentNodes: readonly number[];
    shown: ReadonlySet<number>;
    earlierHidden: ReadonlySet<number>;
    level: number;
    exposedOf?: ExposedOf;
    aids: AuditAids;
  },
): Promise<ByEarlier> {
  const { small, currentNodes, shown, earlierHidden, level, exposedOf, aids } = release;
  const counts = model.nodes.flatMap((node, i) =>
    small(node.value) && (node.leaf || node.published) && !shown.has(i) ? [i] : [],
  );
  if (input.earlier.length === 0) {
    // Nothing is narrowed yet: a finest cell of the table alone is one of its cells, or not small.
    const latent = counts.filter((i) => !model.nodes[i]!.published);
    const allHidden = new Set(currentNodes.filter((n) => !shown.has(n)));
    const { open } = await splitByEarlier(model, views, allHidden, latent, level, undefined, aids);
    return { open: [...counts.filter((i) => model.nodes[i]!.published), ...open], narrowed: new Map() };
  }
  const allHidden = new Set([...currentNodes.filter((n) => !shown.has(n)), ...earlierHidden]);
  return splitByEarlier(model, views, allHidden, counts, level, exposedOf, aids);
}

/** Per earlier output (by label), the nodes it printed (`earlierNodes`: per table, per cell, its node). */
function earlierPrinted(input: ReleaseInput, earlierNodes: readonly (readonly number[])[]): EarlierPrinted[] {
  const byLabel = new Map<string, Set<number>>();
  input.earlier.forEach((table, t) => {
    const printed = byLabel.get(table.label) ?? new Set<number>();
    table.cells.forEach((cell, i) => {
      if (!cell.hidden) printed.add(earlierNodes[t]![i]!);
    });
    byLabel.set(table.label, printed);
  });
  return [...byLabel].map(([label, printed]) => ({ label, printed }));
}

/** The new table's view of the release's protection, in the shape the table converters read. */
function keyedView(
  model: TableModel,
  rule: DisclosureRule,
  statusOf: (node: number) => CellStatus,
  nodeOf: (key: CellKey) => number,
): KeyedProtection {
  return {
    model,
    primary: new Set(),
    suppressed: new Set(),
    status: (key) => statusOf(nodeOf(key)),
    published(key) {
      const node = nodeOf(key);
      return statusOf(node) === 'published' ? roundPublished(model.nodes[node]!.value, rule.round) : null;
    },
  };
}

/** What the joint protection already knows of the new table alone (see jointReuse). */
interface FirstProtection {
  /** The new table's pattern protected in its own measure: as alone, when no earlier output shares its measure. */
  own: ReadonlySet<number>;
  /** The counts the attacker narrowed under that pattern with every earlier output. */
  firstExposed: readonly number[];
}

/**
 * The joint protection's first step, reusable as "the table alone" when no earlier output
 * counts the new table's measure and it merges no categories: then its own-measure
 * protection is the table protected alone, and the counts the attacker narrowed under it are
 * the only ones any earlier output can narrow (hiding more never narrows more).
 */
function jointReuse(input: ReleaseInput, joint: JointResult | null): FirstProtection | null {
  if (joint === null || input.groups !== undefined) return null;
  if (input.earlier.some((t) => (t.measure ?? input.measure) === input.measure)) return null;
  return { own: joint.own, firstExposed: joint.firstExposed };
}

/**
 * The cells hidden only because of the release: protected alone, the table would show them.
 * An earlier output is named when the table's own pattern, against that output alone, leaves a
 * small count within reach of the attacker.
 */
async function explainExtra(
  input: ReleaseInput,
  rule: DisclosureRule,
  model: TableModel,
  placed: readonly PlacedCell[],
  currentNodes: readonly number[],
  statusOf: (node: number) => CellStatus,
  sensitive: ReadonlySet<number>,
  narrows: Narrows,
  first: FirstProtection | null,
): Promise<ReleaseResult['reasons']> {
  if (input.earlier.length === 0 || !currentNodes.some((n) => statusOf(n) === 'secondary')) return [];
  const shownAlone = first ? (i: number) => !first.own.has(currentNodes[i]!) : await aloneShown(input, rule, placed);
  const extra = placed.filter((_, i) => statusOf(currentNodes[i]!) === 'secondary' && shownAlone(i));
  if (extra.length === 0) return [];
  const printedAlone = new Set(currentNodes.filter((_, i) => shownAlone(i)));
  const targets = first ? first.firstExposed : [...sensitive];
  const labels = new Set(input.earlier.map((t) => t.label));
  const culprits: string[] = [];
  for (const table of input.earlier) {
    if (culprits.includes(table.label)) continue;
    // One earlier output: the first check already tried the table's own pattern against it.
    if (first && labels.size === 1) {
      if (targets.length > 0) culprits.push(table.label);
      continue;
    }
    const visible = new Set([...printedAlone, ...(model.joint?.constants ?? [])]);
    for (const cell of table.cells) {
      const node = model.indexOf.get(model.idOf(cell.key, table.scope, table.groups, table.measure ?? input.measure))!;
      if (!cell.hidden) visible.add(node);
    }
    const hidden = new Set(model.nodes.flatMap((n, i) => (n.published && !visible.has(i) ? [i] : [])));
    // A count printed in this hypothetical is not one this table narrows: only the hidden are asked.
    const open = targets.filter((t) => hidden.has(t) || !model.nodes[t]!.published);
    if (open.length > 0 && (await narrows(hidden, open))) culprits.push(table.label);
  }
  const reason =
    culprits.length > 0
      ? `hidden because of ${culprits.join(', ')}`
      : 'hidden because of the outputs published earlier in this release, taken together';
  return extra.map(({ position }) => ({ row: position.row, col: position.col, reason }));
}

/** Per placed cell of the new table (by index): whether the table protected alone prints it. */
async function aloneShown(
  input: ReleaseInput,
  rule: DisclosureRule,
  placed: readonly PlacedCell[],
): Promise<(i: number) => boolean> {
  const { domains, scope } = asCategories(input);
  const alone: KeyedProtection = await protectKeyedTables(
    [{ ...keyedTable(input.raw, [...placed]), scope }],
    input.measure,
    rule,
    { domains },
  );
  return (i) => !alone.suppressed.has(alone.model.indexOf.get(alone.model.idOf(placed[i]!.key, scope))!);
}

/** What the analyst is told when the joint check's LP allowance ran out with counts left unproven. */
function uncheckedNote(input: ReleaseInput, counts: number): string {
  const other = [
    ...new Set(input.earlier.filter((t) => (t.measure ?? input.measure) !== input.measure).map((t) => t.label)),
  ];
  return `Checked together with ${other.join(', ')} only in part: ${counts} small ${counts === 1 ? 'count' : 'counts'} could not be shown to be protected within the checks allowed, and more cells were hidden around them; check this table with vso disclosure check before publishing it.`;
}

/** Whether the attacker narrows some of `targets` when `hidden` are the hidden numbers. */
type Narrows = (hidden: ReadonlySet<number>, targets: readonly number[]) => Promise<boolean>;

function narrowsAny(
  model: TableModel,
  views: readonly AttackerView[],
  attack: JointAttack | null,
  level: number,
): Narrows {
  if (attack) return async (hidden, targets) => (await jointExposed(attack, views, hidden, targets)).length > 0;
  return async (hidden, targets) => {
    const audits = await auditNodes(model, views, hidden, targets, level);
    return [...audits.values()].some((a) => !a.ok);
  };
}

function reasonSentence(reasons: ReleaseResult['reasons']): string {
  const byReason = new Map<string, number>();
  for (const r of reasons) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
  return [...byReason].map(([reason, n]) => `${n} ${n === 1 ? 'cell' : 'cells'} ${reason}.`).join(' ');
}
