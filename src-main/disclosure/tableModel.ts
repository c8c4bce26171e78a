// Published tabular data as one linear system, so that a 2-D table with margins, a 3-D table
// with all its subtotals, a set of linked tables cut from the same data and the outputs of a
// whole release are the same problem.
//
// Every published number is a *node* named by the categories it covers: per field, one category
// (a table's cell, e.g. {district: Fenland, sex: Female}) or a set of them (a table's filter, e.g.
// ethnicity notIn [Mixed] covers every other ethnicity), or every category (the field is free).
// A node covering the same categories in two tables is the same quantity (same data and measure),
// so linked tables share nodes, and a table and the same table without one category link through
// the categories they differ by. The finest level are the *leaves*: per field one *atom*, a block
// of categories that no published number splits (the categories every filter and cell of the
// field cut the field's domain into); a leaf that no table publishes is *latent*: an unknown the
// attacker may reason about (district x sex and district x age tables imply a district x sex x
// age cube; "T" and "T without Mixed" imply the Mixed part of every cell of T). A table lists
// every combination of its fields it has data for, so a leaf inside a table's filters whose
// combination the table does not list is known to be empty and is left out.
//
// A merged category (the advisor's or the analyst's group, e.g. age bands 0-9 and 10-17 shown as
// 0-17) is a category set per cell, as a filter is per table: the cell covers its members, so a
// table with merged categories and the same table unmerged share the finest cells they sum.
//
// Relations between nodes:
// - records (additive): every published aggregate equals the sum of the leaves under it;
// - persons (distinct counts, where one person may sit in two cells): an aggregate is at least
//   each node under it and at most the sum of its leaves, or of any complete split by one field.
import { AppError } from '../../shared/errors.ts';
import { CoverCodes } from './coverCodes.ts';

export type Measure = 'records' | 'persons';
export type CellKey = Readonly<Record<string, string>>;
/** Per field, the categories a table's records are restricted to (its filters); a field left out is free. */
export type Scope = Readonly<Record<string, readonly string[]>>;

export interface KeyedCell {
  key: CellKey;
  value: number;
}

/** Per field, each merged category's label and the categories it merges. */
export type Groups = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** The published numbers of one table; `fields` are all its row and column fields. */
export interface KeyedTable {
  fields: readonly string[];
  cells: readonly KeyedCell[];
  /** The table's filters as category sets; every cell counts only records inside them. */
  scope?: Scope;
  /** Its merged categories: a cell keyed by a group's label covers the group's members. */
  groups?: Groups;
}

export interface ModelNode {
  id: string;
  /** The fields on which the node covers exactly one category. */
  key: CellKey;
  /** The fields on which it covers a set of categories (neither one nor all); an empty set: the node is empty by construction. */
  scope: Scope;
  /** The true value; null for a latent leaf. */
  value: number | null;
  published: boolean;
  leaf: boolean;
}

export type Constraint =
  | { kind: 'sum'; total: number; members: number[] }
  | { kind: 'atMostSum'; total: number; members: number[] }
  | { kind: 'atLeast'; total: number; member: number };

export interface TableModel {
  measure: Measure;
  fields: string[];
  nodes: ModelNode[];
  constraints: Constraint[];
  indexOf: ReadonlyMap<string, number>;
  /** The id of the node a table's cell is, given the table's scope, merged categories and (in a joint model) measure. */
  idOf(key: CellKey, scope?: Scope, groups?: Groups, measure?: Measure): string;
  /** Set when the model holds records and persons of the same cells (jointModel.ts). */
  joint?: JointParts;
}

/** The parts of a model of records and persons of the same cells. */
export interface JointParts {
  /** Nodes before this index count records, from it on persons (then the constants). */
  personsFrom: number;
  /** Published constants (1 and 0) that bound a finest cell; always shown, never a cell of a table. */
  constants: readonly number[];
  /** The relations with every persons aggregate taken as the sum of its finest cells (the additive view). */
  additive: readonly Constraint[];
  /** The records model and the persons model it joins (node i of persons is node personsFrom + i here). */
  sides?: { records: TableModel; persons: TableModel };
}

export interface ModelOptions {
  /** Every category of a field (the codebook's); needed for a field a scope restricts. */
  domains?: Readonly<Record<string, readonly string[]>>;
  /** True values of unpublished leaves, known to the protector (not to the attacker), so small ones can be protected too. */
  known?: readonly { key: CellKey; scope?: Scope; value: number }[];
  /** Tables of the other measure over the same data: they cut the categories and list the finest cells too. */
  span?: readonly KeyedTable[];
}

/** Joins of linked tables beyond this many leaves are refused rather than solved slowly. */
export const MAX_LEAVES = 100_000;

/** Field names and categories as JSON strings: a model quotes the same few thousand again and again. */
const quoted = new Map<string, string>();
const MAX_QUOTED = 100_000;

function quote(text: string): string {
  let json = quoted.get(text);
  if (json === undefined) {
    if (quoted.size >= MAX_QUOTED) quoted.clear();
    json = JSON.stringify(text);
    quoted.set(text, json);
  }
  return json;
}

/** The key as JSON of its [field, category] pairs, fields in order (built by hand: it runs per cell). */
export function keyId(key: CellKey): string {
  const fields = Object.keys(key);
  // Two fields (a 2-D table's cell) in order by hand: a sort allocates per call, and this runs per cell.
  if (fields.length === 2) {
    if (fields[1]! < fields[0]!) fields.reverse();
  } else if (fields.length > 2) fields.sort();
  let id = '[';
  for (let i = 0; i < fields.length; i++) {
    const category = key[fields[i]!];
    if (typeof category !== 'string') return JSON.stringify(fields.map((field) => [field, key[field]]));
    id += `${i > 0 ? ',' : ''}[${quote(fields[i]!)},${quote(category)}]`;
  }
  return `${id}]`;
}

function nodeId(key: CellKey, scope: Scope): string {
  const fields = Object.keys(scope);
  if (fields.length === 0) return keyId(key);
  fields.sort();
  return `${keyId(key)} within ${JSON.stringify(fields.map((f) => [f, [...scope[f]!].sort()]))}`;
}

/** The categories a node covers on a field; null when it covers them all. */
function coverOf(node: { key: CellKey; scope: Scope }, field: string): readonly string[] | null {
  const category = node.key[field];
  if (category !== undefined) return [category];
  return node.scope[field] ?? null;
}

function isUnder(inner: { key: CellKey; scope: Scope }, outer: { key: CellKey; scope: Scope }): boolean {
  for (const field of [...Object.keys(outer.key), ...Object.keys(outer.scope)]) {
    const allowed = coverOf(outer, field)!;
    const covered = coverOf(inner, field);
    if (covered === null || !covered.every((c) => allowed.includes(c))) return false;
  }
  return true;
}

/** Per field, its categories cut into atoms: blocks that no cell or scope of any table splits. */
class Atoms {
  readonly blocks = new Map<string, string[][]>();
  private readonly atomOf = new Map<string, Map<string, number>>();

  constructor(tables: readonly KeyedTable[], fields: readonly string[], domains: ModelOptions['domains']) {
    for (const field of fields) {
      const seen = new Set<string>();
      const splitters: (readonly string[])[] = [];
      for (const table of tables) {
        const scoped = table.scope?.[field];
        if (scoped !== undefined) splitters.push(scoped);
        for (const cell of table.cells) {
          const category = cell.key[field];
          if (category === undefined) continue;
          const members = membersOf(table.groups, field, category);
          // A single category by its name, kept apart from a merged one's JSON (which starts with '[').
          const id = members.length === 1 ? `\u0000${members[0]!}` : JSON.stringify(members);
          if (!seen.has(id)) {
            seen.add(id);
            splitters.push(members);
          }
        }
      }
      const given = domains?.[field];
      if (given === undefined && tables.some((t) => t.scope?.[field] !== undefined)) {
        throw new AppError(
          'BAD_REQUEST',
          `A table is filtered on ${field}, but the categories of ${field} are not known; link it with the codebook's categories.`,
        );
      }
      const domain = given ?? [...new Set(splitters.flat())];
      const inDomain = new Set(domain);
      for (const category of splitters.flat()) {
        if (!inDomain.has(category)) {
          throw new AppError(
            'BAD_REQUEST',
            `"${category}" is not a category of ${field}; link only tables of one codebook.`,
          );
        }
      }
      const blocks = refine(domain, splitters);
      this.blocks.set(field, blocks);
      this.atomOf.set(field, new Map(blocks.flatMap((block, i) => block.map((c) => [c, i] as const))));
    }
  }

  atom(field: string, category: string): number {
    return this.atomOf.get(field)!.get(category)!;
  }

  /** The atoms a set of categories covers (it is a union of atoms by construction). */
  atomsOf(field: string, categories: readonly string[]): Set<number> {
    return new Set(categories.map((c) => this.atom(field, c)));
  }
}

/**
 * The domain cut by each splitter in turn into the part inside it and the part outside (in that
 * order, keeping the domain's order within a part). Two categories end in one block exactly when
 * the same splitters hold them, and the blocks come in the order of their membership, splitter by
 * splitter, inside first: grouped and sorted by that signature, linear in the splitters' sizes
 * where splitting every block once per splitter was quadratic in a field of many categories.
 */
export function refine(domain: readonly string[], splitters: readonly (readonly string[])[]): string[][] {
  const holders = new Map<string, number[]>();
  splitters.forEach((splitter, index) => {
    for (const category of splitter) {
      const list = holders.get(category);
      if (list === undefined) holders.set(category, [index]);
      else if (list[list.length - 1] !== index) list.push(index);
    }
  });
  const groups = new Map<string, { signature: readonly number[]; members: string[] }>();
  for (const category of domain) {
    const signature = holders.get(category) ?? [];
    const id = signature.join(',');
    const group = groups.get(id);
    if (group === undefined) groups.set(id, { signature, members: [category] });
    else group.members.push(category);
  }
  return [...groups.values()].sort((a, b) => bySignature(a.signature, b.signature)).map((g) => g.members);
}

/** Inside a splitter comes before outside it, at the first splitter where two signatures differ. */
function bySignature(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; ; i++) {
    if (i === a.length) return i === b.length ? 0 : 1;
    if (i === b.length) return -1;
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
}

/** The categories a cell's category stands for: a merged category's members, else itself. */
function membersOf(groups: Groups | undefined, field: string, category: string): readonly string[] {
  return groups?.[field]?.[category] ?? [category];
}

/** The canonical node of a cell of a table with a scope: what it covers, field by field. */
function canonical(
  atoms: Atoms,
  fields: readonly string[],
  key: CellKey,
  scope: Scope = {},
  groups?: Groups,
): { key: CellKey; scope: Scope; id: string; leaf: boolean } {
  const outKey: Record<string, string> = {};
  const outScope: Record<string, string[]> = {};
  let leaf = true;
  for (const field of fields) {
    const blocks = atoms.blocks.get(field)!;
    const scoped = scope[field];
    const category = key[field];
    const merged = category === undefined ? undefined : groups?.[field]?.[category];
    // The common case, a plain category and no filter on its field: its own atom, without sets.
    if (category !== undefined && scoped === undefined && merged === undefined) {
      const block = blocks[atoms.atom(field, category)]!;
      if (block.length === 1) outKey[field] = category;
      else outScope[field] = [...block];
      continue;
    }
    let cover: Set<number> | null = null;
    if (scoped !== undefined) cover = atoms.atomsOf(field, scoped);
    const members = category === undefined ? [] : membersOf(groups, field, category);
    if (category !== undefined) {
      const own = atoms.atomsOf(field, members);
      cover = cover === null ? own : new Set([...own].filter((atom) => cover!.has(atom)));
    }
    // A free field is left out (a filter or a merged category that keeps every category is no
    // split); a cell's own category stays, so a one-category table keeps its cell apart from its total.
    if (cover === null || (cover.size === blocks.length && members.length !== 1)) {
      leaf = false;
      continue;
    }
    const categories = [...cover].sort((a, b) => a - b).flatMap((atom) => blocks[atom]!);
    if (cover.size !== 1) leaf = false;
    if (categories.length === 1) outKey[field] = categories[0]!;
    else outScope[field] = categories;
  }
  for (const field in outScope) if (outScope[field]!.length === 0) leaf = false;
  return { key: outKey, scope: outScope, id: nodeId(outKey, outScope), leaf };
}

/**
 * Every combination of atoms that can hold data: a table speaks for the leaves inside its
 * scope, and those whose combination of the table's fields it does not list are empty.
 */
function joinLeaves(tables: readonly KeyedTable[], fields: readonly string[], atoms: Atoms): number[][] {
  const position = new Map(fields.map((f, i) => [f, i]));
  const counts = fields.map((f) => atoms.blocks.get(f)!.length);
  const checks = tables.map((table) => {
    const own = table.fields.map((f) => position.get(f)!);
    const scoped = Object.keys(table.scope ?? {}).map((f) => ({
      at: position.get(f)!,
      atoms: atoms.atomsOf(f, table.scope![f]!),
    }));
    const combo = comboKeys(own.map((at) => counts[at]!));
    // Combinations of atoms the table lists, each as one key (comboKeys).
    const listed = new Set<number | string>();
    for (const cell of table.cells) {
      if (!table.fields.every((f) => cell.key[f] !== undefined)) continue;
      if (table.groups === undefined) {
        listed.add(combo(table.fields.map((f) => atoms.atom(f, cell.key[f]!))));
        continue;
      }
      // A cell of merged categories lists every combination of the atoms it covers.
      let combos: number[][] = [[]];
      for (const f of table.fields) {
        const covered = [...atoms.atomsOf(f, membersOf(table.groups, f, cell.key[f]!))];
        combos = combos.flatMap((combo) => covered.map((atom) => [...combo, atom]));
      }
      for (const atomsOfCell of combos) listed.add(combo(atomsOfCell));
    }
    const lastField = Math.max(-1, ...own, ...scoped.map((s) => s.at));
    return { own, scoped, listed, lastField, combo };
  });
  let partial: number[][] = [[]];
  fields.forEach((field, at) => {
    const count = counts[at]!;
    if (partial.length * count > 50 * MAX_LEAVES) tooMany(fields);
    const next: number[][] = [];
    for (const prefix of partial) for (let atom = 0; atom < count; atom++) next.push([...prefix, atom]);
    const due = checks.filter((c) => c.lastField === at);
    partial = next.filter((tuple) =>
      due.every((c) => !c.scoped.every((s) => s.atoms.has(tuple[s.at]!)) || c.listed.has(c.combo(tuple, c.own))),
    );
    if (partial.length > MAX_LEAVES) tooMany(fields);
  });
  return fields.length === 0 ? [] : partial;
}

/**
 * One key per combination of atoms of some fields (`counts` atoms each): its number in mixed
 * radix, where the combinations are few enough to number exactly; else the atoms joined by commas.
 * A number per leaf and table, where a string per leaf and table made most of a join's work.
 */
function comboKeys(counts: readonly number[]): (atoms: readonly number[], at?: readonly number[]) => number | string {
  const combinations = counts.reduce((product, count) => product * Math.max(1, count), 1);
  if (combinations > Number.MAX_SAFE_INTEGER) return (atoms, at) => (at ? at.map((i) => atoms[i]) : atoms).join(',');
  // The atoms in order, or with `at` those at its positions (a leaf's tuple, read at a table's fields).
  return (atoms, at) => {
    let key = 0;
    for (let i = 0; i < counts.length; i++) key = key * counts[i]! + atoms[at ? at[i]! : i]!;
    return key;
  };
}

function tooMany(fields: readonly string[]): never {
  throw new AppError(
    'BAD_REQUEST',
    `These linked tables span more than ${MAX_LEAVES} combinations of ${fields.join(', ')}; check them in smaller groups.`,
  );
}

/** The indices of the leaves (published or latent). */
export function leafIndices(model: Pick<TableModel, 'nodes'>): number[] {
  return model.nodes.flatMap((node, index) => (node.leaf ? [index] : []));
}

export function buildModel(tables: readonly KeyedTable[], measure: Measure, options: ModelOptions = {}): TableModel {
  const spanned = [...tables, ...(options.span ?? [])];
  const fields = [...new Set(spanned.flatMap((t) => [...t.fields, ...Object.keys(t.scope ?? {})]))].sort();
  const atoms = new Atoms(spanned, fields, options.domains);
  const nodes: ModelNode[] = [];
  const indexOf = new Map<string, number>();
  for (const table of tables) {
    for (const cell of table.cells) {
      if (!Number.isFinite(cell.value) || cell.value < 0) {
        throw new AppError('BAD_REQUEST', `A published count must be a number of at least 0, not ${cell.value}.`);
      }
      const node = canonical(atoms, fields, cell.key, table.scope, table.groups);
      const existing = indexOf.get(node.id);
      if (existing !== undefined) {
        const known = nodes[existing]!.value;
        if (known !== cell.value) {
          throw new AppError(
            'BAD_REQUEST',
            `The linked tables disagree on the count for ${node.id} (${known} and ${cell.value}); link only tables cut from the same data.`,
          );
        }
        continue;
      }
      indexOf.set(node.id, nodes.length);
      nodes.push({
        key: node.key,
        scope: node.scope,
        id: node.id,
        leaf: node.leaf,
        value: cell.value,
        published: true,
      });
    }
  }
  const leaves: number[] = [];
  const blocksOf = fields.map((field) => atoms.blocks.get(field)!);
  for (const tuple of joinLeaves(spanned, fields, atoms)) {
    const key: Record<string, string> = {};
    let scope: Record<string, string[]> | null = null;
    for (let i = 0; i < fields.length; i++) {
      const block = blocksOf[i]![tuple[i]!]!;
      if (block.length === 1) key[fields[i]!] = block[0]!;
      else (scope ??= {})[fields[i]!] = block;
    }
    // One category per field is its own canonical cover (as canonical finds it); otherwise a
    // finest cell even where a field of one block (split by nothing) is left out of its id.
    const node = scope === null ? { key, scope: {}, id: keyId(key) } : canonical(atoms, fields, key, scope);
    let index = indexOf.get(node.id);
    if (index === undefined) {
      index = nodes.length;
      indexOf.set(node.id, index);
      nodes.push({ key: node.key, scope: node.scope, id: node.id, leaf: true, value: null, published: false });
    } else nodes[index]!.leaf = true;
    leaves.push(index);
  }
  for (const { key, scope, value } of options.known ?? []) {
    const index = indexOf.get(canonical(atoms, fields, key, scope).id);
    if (index !== undefined && !nodes[index]!.published) nodes[index]!.value = value;
  }
  const distinct = measure === 'persons' ? distinctConstraints(nodes, leaves, fields) : null;
  const constraints = distinct?.constraints ?? additiveConstraints(nodes, leaves);
  if (measure === 'records') checkAdditive(nodes, constraints);
  const model: TableModel = {
    measure,
    fields,
    nodes,
    constraints,
    indexOf,
    idOf: (key, scope, groups) => canonical(atoms, fields, key, scope, groups).id,
  };
  // Its sums are additiveOf's when they were taken over the same leaves in the same order.
  if (distinct && sameLeaves(nodes, leaves)) additiveOfModel.set(model, distinct.additive);
  return model;
}

/**
 * Values the latent leaves of a model just built (`latent[i]` gets `values[i]`), as building it
 * again with them `known` would: values change no node and no relation, so only the sums of a
 * records model are checked again (its leaves now have values to add up). The model is changed
 * in place: it must be the caller's own.
 */
export function valueLatentLeaves(model: TableModel, latent: readonly number[], values: readonly number[]): void {
  latent.forEach((index, i) => {
    const node = model.nodes[index]!;
    if (!node.leaf || node.published) throw new Error(`Node ${node.id} is no latent leaf.`);
    node.value = values[i]!;
  });
  if (model.measure === 'records') checkAdditive(model.nodes, model.constraints);
}

/** Whether `leaves` are every leaf of `nodes`, in index order (as leafIndices lists them). */
function sameLeaves(nodes: readonly ModelNode[], leaves: readonly number[]): boolean {
  for (let i = 1; i < leaves.length; i++) if (leaves[i]! <= leaves[i - 1]!) return false;
  let count = 0;
  for (const node of nodes) if (node.leaf) count += 1;
  return count === leaves.length;
}

const additiveOfModel = new WeakMap<TableModel, readonly Constraint[]>();

/**
 * Every aggregate of `model` as the sum of its leaves, made once per model (a persons model's
 * as it is built): a persons model's additive view and the joint model of records and persons
 * both read it.
 */
export function additiveOf(model: TableModel): readonly Constraint[] {
  let constraints = additiveOfModel.get(model);
  if (constraints === undefined) {
    constraints = additiveConstraints(model.nodes, leafIndices(model));
    additiveOfModel.set(model, constraints);
  }
  return constraints;
}

/** A records table whose totals are not the sums of its cells cannot be protected as one. */
function checkAdditive(nodes: readonly ModelNode[], constraints: readonly Constraint[]): void {
  for (const c of constraints) {
    if (c.kind !== 'sum' || c.members.some((m) => nodes[m]!.value === null)) continue;
    const sum = c.members.reduce((s, m) => s + nodes[m]!.value!, 0);
    if (sum !== nodes[c.total]!.value) {
      throw new AppError(
        'BAD_REQUEST',
        `The total ${nodes[c.total]!.id} is ${nodes[c.total]!.value} but its cells add up to ${sum}; a table of records must add up (count distinct persons with the persons measure).`,
      );
    }
  }
}

/**
 * The leaves under each aggregate, grouped once per set of fields the aggregates fix: linear in
 * the leaves, where filtering all leaves per aggregate was quadratic in a large table.
 */
function leavesUnderIndex(nodes: readonly ModelNode[], leaves: readonly number[]): (aggregate: ModelNode) => number[] {
  // A node with a scope covers a set of categories: there the test that knows scopes, on the
  // candidates that share a category with the aggregate, in the order of the leaves.
  if (nodes.some((node) => Object.keys(node.scope).length > 0)) {
    const position = new Map(leaves.map((leaf, at) => [leaf, at]));
    if (position.size !== leaves.length)
      return (aggregate) => leaves.filter((leaf) => isUnder(nodes[leaf]!, aggregate));
    const candidatesUnder = coverIndex(nodes);
    return (aggregate) =>
      [...candidatesUnder(aggregate)]
        .filter((index) => position.has(index) && isUnder(nodes[index]!, aggregate))
        .sort((a, b) => position.get(a)! - position.get(b)!);
  }
  const byFields = new Map<string, Map<string, number[]>>();
  return (aggregate) => {
    const fields = Object.keys(aggregate.key).sort();
    const pattern = JSON.stringify(fields);
    let groups = byFields.get(pattern);
    if (!groups) {
      groups = new Map();
      for (const leaf of leaves) {
        const id = categoriesId(nodes[leaf]!.key, fields);
        const group = groups.get(id);
        if (group) group.push(leaf);
        else groups.set(id, [leaf]);
      }
      byFields.set(pattern, groups);
    }
    return groups.get(categoriesId(aggregate.key, fields)) ?? [];
  };
}

/**
 * A key's categories on `fields`, one text per set of categories (a field it leaves out apart
 * from every category): what keyId of the key picked to those fields tells apart, without the
 * picked key and its sorted fields per leaf.
 */
function categoriesId(key: CellKey, fields: readonly string[]): string {
  let id = '';
  for (const field of fields) {
    const category = key[field];
    id += category === undefined ? '-' : quote(category);
  }
  return id;
}

/** Each aggregate is the sum of its leaves (records, and the additive view of a persons table). */
export function additiveConstraints(nodes: readonly ModelNode[], leaves: readonly number[]): Constraint[] {
  const constraints: Constraint[] = [];
  const leavesUnder = leavesUnderIndex(nodes, leaves);
  nodes.forEach((node, total) => {
    if (!node.leaf) constraints.push({ kind: 'sum', total, members: leavesUnder(node) });
  });
  return constraints;
}

function coverSize(node: ModelNode): number {
  return Object.keys(node.key).length * 1e6 - Object.values(node.scope).reduce((s, set) => s + set.length, 0);
}

/** The relations that hold for distinct-person counts: containment, and union at most the sum. */
function distinctConstraints(
  nodes: readonly ModelNode[],
  leaves: readonly number[],
  fields: readonly string[],
): { constraints: Constraint[]; additive: Constraint[] } {
  const constraints: Constraint[] = [];
  // Its additive view's sums, over the same leaves: found here, they are not looked up again.
  const additive: Constraint[] = [];
  const leavesUnder = leavesUnderIndex(nodes, leaves);
  const candidatesUnder = coverIndex(nodes);
  const sizes = nodes.map(coverSize);
  const codes = new CoverCodes(nodes, fields);
  const position = new Map(fields.map((field, at) => [field, at]));
  nodes.forEach((node, total) => {
    if (node.leaf) return;
    const under = leavesUnder(node);
    constraints.push({ kind: 'atMostSum', total, members: under });
    additive.push({ kind: 'sum', total, members: under.slice() });
    for (const member of candidatesUnder(node)) {
      if (member !== total && sizes[member]! > sizes[total]! && isUnder(nodes[member]!, node)) {
        constraints.push({ kind: 'atLeast', total, member });
      }
    }
    // A complete split by one field: the node with that field narrowed to each atom its leaves hold.
    const sample = nodes[under[0] ?? total]!;
    for (const field of [...Object.keys(sample.key), ...Object.keys(sample.scope)]) {
      if (node.key[field] !== undefined) continue;
      const at = position.get(field)!;
      // Each atom once: a total over thousands of leaves has only a few atoms per field.
      const atoms = new Set<number>();
      for (const leaf of under) atoms.add(codes.atomOf(leaf, at));
      const children = [...atoms].map((atom) => codes.narrowed(total, at, atom));
      if (children.length > 1 && children.every((c) => c !== undefined && nodes[c]!.published)) {
        constraints.push({ kind: 'atMostSum', total, members: children as number[] });
      }
    }
  });
  return { constraints, additive };
}

/**
 * A superset of the nodes under an aggregate, in index order: those whose cover, on the one field
 * of the aggregate that admits the fewest, shares a category with it or is empty. Looking up
 * candidates per category, where testing every node against every aggregate was quadratic.
 */
function coverIndex(nodes: readonly ModelNode[]): (aggregate: ModelNode) => Iterable<number> {
  const holding = new Map<string, Map<string, number[]>>();
  const empty = new Map<string, number[]>();
  nodes.forEach((node, index) => {
    for (const field of [...Object.keys(node.key), ...Object.keys(node.scope)]) {
      const cover = coverOf(node, field)!;
      if (cover.length === 0) {
        const list = empty.get(field);
        if (list === undefined) empty.set(field, [index]);
        else list.push(index);
      }
      let byCategory = holding.get(field);
      if (byCategory === undefined) holding.set(field, (byCategory = new Map()));
      for (const category of new Set(cover)) {
        const list = byCategory.get(category);
        if (list === undefined) byCategory.set(category, [index]);
        else list.push(index);
      }
    }
  });
  const every = nodes.map((_, index) => index);
  return (aggregate) => {
    let best: number[][] | null = null;
    let bestSize = Infinity;
    for (const field of [...Object.keys(aggregate.key), ...Object.keys(aggregate.scope)]) {
      const lists = [...new Set(coverOf(aggregate, field)!)].map((c) => holding.get(field)?.get(c) ?? []);
      lists.push(empty.get(field) ?? []);
      const size = lists.reduce((sum, list) => sum + list.length, 0);
      if (size < bestSize) [best, bestSize] = [lists, size];
    }
    if (best === null) return every;
    const nonEmpty = best.filter((list) => list.length > 0);
    if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
    return [...new Set(best.flat())].sort((a, b) => a - b);
  };
}
