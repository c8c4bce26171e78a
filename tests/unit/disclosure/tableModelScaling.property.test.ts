// Property: the model of a table is built the same by the near-linear algorithm (partition
// refinement by signature, candidates looked up per category) as by the quadratic one it
// replaced, kept below as the oracle: the same nodes, relations, order and errors, on random
// 2-D tables with margins, 3-D cubes with subtotals, linked tables with filters and merged
// categories, and persons tables. Every table is aggregated from random records, so linked
// tables agree and records tables add up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import {
  buildModel,
  refine,
  type CellKey,
  type Constraint,
  type Groups,
  type KeyedTable,
  type Measure,
  type ModelNode,
  type ModelOptions,
  type Scope,
  type TableModel,
} from '../../../src-main/disclosure/tableModel.ts';

const DOMAINS: Record<string, string[]> = {
  x: ['a', 'b', 'c', 'd', 'e'],
  y: ['p', 'q', 'r', 's'],
  z: ['u', 'v', 'w'],
};

interface RecordRow {
  x: string;
  y: string;
  z: string;
  person: number;
}

interface TableSpec {
  fields: string[];
  margins: boolean;
  scope: Record<string, string[]>;
  groups: Record<string, Record<string, string[]>>;
  dropZeros: boolean;
}

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((all, item) => [...all, ...all.map((s) => [...s, item])], [[]]);
}

/** The table's cells counted from the records, every combination of its shown categories. */
function aggregate(rows: readonly RecordRow[], spec: TableSpec, measure: Measure): KeyedTable {
  const shown = (field: string): [string, string[]][] => {
    const groups = spec.groups[field] ?? {};
    const grouped = new Set(Object.values(groups).flat());
    const allowed = spec.scope[field] ?? DOMAINS[field]!;
    return [
      ...Object.entries(groups),
      ...allowed.filter((c) => !grouped.has(c)).map((c): [string, string[]] => [c, [c]]),
    ];
  };
  const inScope = (row: RecordRow) =>
    Object.entries(spec.scope).every(([f, set]) => set.includes(row[f as 'x' | 'y' | 'z']));
  const cells: { key: CellKey; value: number }[] = [];
  for (const fields of spec.margins ? subsets(spec.fields) : [spec.fields]) {
    let keys: [Record<string, string>, (row: RecordRow) => boolean][] = [[{}, inScope]];
    for (const f of fields) {
      keys = keys.flatMap(([key, test]) =>
        shown(f).map(([label, members]): [Record<string, string>, (row: RecordRow) => boolean] => [
          { ...key, [f]: label },
          (row) => test(row) && members.includes(row[f as 'x' | 'y' | 'z']),
        ]),
      );
    }
    for (const [key, test] of keys) {
      const inside = rows.filter(test);
      const value = measure === 'records' ? inside.length : new Set(inside.map((r) => r.person)).size;
      if (value === 0 && spec.dropZeros && fields.length === spec.fields.length) continue;
      cells.push({ key, value });
    }
  }
  const table: KeyedTable = { fields: spec.fields, cells };
  return {
    ...table,
    ...(Object.keys(spec.scope).length > 0 ? { scope: spec.scope as Scope } : {}),
    ...(Object.keys(spec.groups).length > 0 ? { groups: spec.groups as Groups } : {}),
  };
}

const rowsArb = fc.array(
  fc.record({
    x: fc.constantFrom(...DOMAINS.x!),
    y: fc.constantFrom(...DOMAINS.y!),
    z: fc.constantFrom(...DOMAINS.z!),
    person: fc.integer({ min: 0, max: 25 }),
  }),
  { minLength: 0, maxLength: 60 },
);

/** A nonempty proper or full subset of a field's categories, in a random order. */
const subsetOf = (field: string) =>
  fc.shuffledSubarray(DOMAINS[field]!, { minLength: 1, maxLength: DOMAINS[field]!.length });

const groupsOf = (field: string) =>
  fc.option(
    fc.shuffledSubarray(DOMAINS[field]!, { minLength: 2, maxLength: 3 }).map((members) => ({
      [field]: { [members.join('+')]: members },
    })),
    { nil: {} },
  );

const specArb = (fields: readonly string[]): fc.Arbitrary<TableSpec> =>
  fc.record({
    fields: fc.constant([...fields]),
    margins: fc.boolean(),
    scope: fc.oneof(
      fc.constant({}),
      // A filter on a field the table does not show (e.g. ethnicity notIn [Mixed]).
      ...Object.keys(DOMAINS)
        .filter((f) => !fields.includes(f))
        .map((f) => subsetOf(f).map((set) => ({ [f]: set }))),
    ),
    groups: fields.length > 0 ? groupsOf(fields[0]!) : fc.constant({}),
    dropZeros: fc.boolean(),
  });

const fieldsArb = fc.constantFrom(['x'], ['x', 'y'], ['y', 'z'], ['x', 'y', 'z'], ['x', 'z']);

/** One to three linked tables of the same records. */
const releaseArb = fc.record({
  rows: rowsArb,
  specs: fc.array(fieldsArb.chain(specArb), { minLength: 1, maxLength: 3 }),
  measure: fc.constantFrom<Measure>('records', 'persons'),
  withDomains: fc.boolean(),
});

function build(
  make: (tables: readonly KeyedTable[], measure: Measure, options?: ModelOptions) => TableModel,
  tables: readonly KeyedTable[],
  measure: Measure,
  options: ModelOptions,
): { model?: TableModel; error?: string } {
  try {
    return { model: make(tables, measure, options) };
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}

function comparable(model: TableModel, tables: readonly KeyedTable[]) {
  return {
    measure: model.measure,
    fields: model.fields,
    nodes: model.nodes,
    constraints: model.constraints,
    indexOf: [...model.indexOf],
    ids: tables.flatMap((t) => t.cells.map((c) => model.idOf(c.key, t.scope, t.groups))),
  };
}

function expectSameModels(tables: readonly KeyedTable[], measure: Measure, options: ModelOptions): void {
  const before = build(oldBuildModel, tables, measure, options);
  const after = build(buildModel, tables, measure, options);
  expect(after.error).toBe(before.error);
  if (before.model && after.model) {
    expect(comparable(after.model, tables)).toEqual(comparable(before.model, tables));
  }
}

describe('the table model, built near-linearly', () => {
  it('equals the quadratic oracle on random linked tables of records and persons', () => {
    fc.assert(
      fc.property(releaseArb, ({ rows, specs, measure, withDomains }) => {
        const tables = specs.map((spec) => aggregate(rows, spec, measure));
        const needsDomains = withDomains || specs.some((s) => Object.keys(s.scope).length > 0);
        expectSameModels(tables, measure, needsDomains ? { domains: DOMAINS } : {});
      }),
      { numRuns: 300 },
    );
  });

  it('equals the oracle on 2-D tables with margins and 3-D cubes with subtotals', () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.constantFrom(['x', 'y'], ['x', 'y', 'z']),
        fc.constantFrom<Measure>('records', 'persons'),
        (rows, fields, measure) => {
          const spec: TableSpec = { fields: [...fields], margins: true, scope: {}, groups: {}, dropZeros: false };
          const table = aggregate(rows, spec, measure);
          expectSameModels([table], measure, {});
          expect(table.cells.length).toBe(fields.reduce((n, f) => n * (DOMAINS[f]!.length + 1), 1));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refines a domain as splitting every block by each splitter in turn does', () => {
    const categories = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(categories),
        fc.array(fc.array(fc.constantFrom(...categories), { maxLength: 6 }), { maxLength: 8 }),
        (domain, splitters) => {
          const present = splitters.map((s) => s.filter((c) => domain.includes(c)));
          let blocks: string[][] = domain.length > 0 ? [[...domain]] : [];
          for (const splitter of present) {
            const inside = new Set(splitter);
            blocks = blocks.flatMap((block) =>
              [block.filter((c) => inside.has(c)), block.filter((c) => !inside.has(c))].filter((b) => b.length > 0),
            );
          }
          expect(refine(domain, present)).toEqual(blocks);
          expect(refine(domain, present).flat().sort()).toEqual([...domain].sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives a persons table its containment relations, counted a second way', () => {
    const rows: RecordRow[] = [
      { x: 'a', y: 'p', z: 'u', person: 1 },
      { x: 'a', y: 'q', z: 'u', person: 1 },
      { x: 'b', y: 'q', z: 'u', person: 2 },
    ];
    const spec: TableSpec = { fields: ['x', 'y'], margins: true, scope: {}, groups: {}, dropZeros: false };
    const model = buildModel([aggregate(rows, spec, 'persons')], 'persons');
    const atLeast = model.constraints.filter(
      (c): c is Extract<Constraint, { kind: 'atLeast' }> => c.kind === 'atLeast',
    );
    // Each of the 5 x 4 cells sits under its row, its column and the total; each row and column under the total.
    expect(atLeast.length).toBe(20 * 3 + 5 + 4);
    for (const c of atLeast) {
      const inner: ModelNode = model.nodes[c.member]!;
      const outer: ModelNode = model.nodes[c.total]!;
      expect(Object.entries(outer.key).every(([f, v]) => inner.key[f] === v)).toBe(true);
    }
  });
});

// The model as it was built before: the oracle.
/** Joins of linked tables beyond this many leaves are refused rather than solved slowly. */
const MAX_LEAVES = 100_000;

function keyId(key: CellKey): string {
  return JSON.stringify(
    Object.keys(key)
      .sort()
      .map((field) => [field, key[field]]),
  );
}

function nodeId(key: CellKey, scope: Scope): string {
  const fields = Object.keys(scope).sort();
  if (fields.length === 0) return keyId(key);
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
          const id = JSON.stringify(members);
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
      let blocks: string[][] = domain.length > 0 ? [[...domain]] : [];
      for (const splitter of splitters) {
        const inside = new Set(splitter);
        blocks = blocks.flatMap((block) =>
          [block.filter((c) => inside.has(c)), block.filter((c) => !inside.has(c))].filter((b) => b.length > 0),
        );
      }
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
    let cover: Set<number> | null = null;
    const scoped = scope[field];
    if (scoped !== undefined) cover = atoms.atomsOf(field, scoped);
    const category = key[field];
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
  if (Object.values(outScope).some((set) => set.length === 0)) leaf = false;
  return { key: outKey, scope: outScope, id: nodeId(outKey, outScope), leaf };
}

/**
 * Every combination of atoms that can hold data: a table speaks for the leaves inside its
 * scope, and those whose combination of the table's fields it does not list are empty.
 */
function joinLeaves(tables: readonly KeyedTable[], fields: readonly string[], atoms: Atoms): number[][] {
  const position = new Map(fields.map((f, i) => [f, i]));
  const checks = tables.map((table) => {
    const own = table.fields.map((f) => position.get(f)!);
    const scoped = Object.keys(table.scope ?? {}).map((f) => ({
      at: position.get(f)!,
      atoms: atoms.atomsOf(f, table.scope![f]!),
    }));
    const listed = new Set<string>();
    for (const cell of table.cells) {
      if (!table.fields.every((f) => cell.key[f] !== undefined)) continue;
      // A cell of merged categories lists every combination of the atoms it covers.
      let combos: number[][] = [[]];
      for (const f of table.fields) {
        const covered = [...atoms.atomsOf(f, membersOf(table.groups, f, cell.key[f]!))];
        combos = combos.flatMap((combo) => covered.map((atom) => [...combo, atom]));
      }
      for (const combo of combos) listed.add(JSON.stringify(combo));
    }
    const lastField = Math.max(-1, ...own, ...scoped.map((s) => s.at));
    return { own, scoped, listed, lastField };
  });
  let partial: number[][] = [[]];
  fields.forEach((field, at) => {
    const count = atoms.blocks.get(field)!.length;
    if (partial.length * count > 50 * MAX_LEAVES) tooMany(fields);
    const next: number[][] = [];
    for (const prefix of partial) for (let atom = 0; atom < count; atom++) next.push([...prefix, atom]);
    const due = checks.filter((c) => c.lastField === at);
    partial = next.filter((tuple) =>
      due.every(
        (c) =>
          !c.scoped.every((s) => s.atoms.has(tuple[s.at]!)) || c.listed.has(JSON.stringify(c.own.map((i) => tuple[i]))),
      ),
    );
    if (partial.length > MAX_LEAVES) tooMany(fields);
  });
  return fields.length === 0 ? [] : partial;
}

function tooMany(fields: readonly string[]): never {
  throw new AppError(
    'BAD_REQUEST',
    `These linked tables span more than ${MAX_LEAVES} combinations of ${fields.join(', ')}; check them in smaller groups.`,
  );
}

function oldBuildModel(tables: readonly KeyedTable[], measure: Measure, options: ModelOptions = {}): TableModel {
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
      nodes.push({ ...node, value: cell.value, published: true });
    }
  }
  const leaves: number[] = [];
  for (const tuple of joinLeaves(spanned, fields, atoms)) {
    const key: Record<string, string> = {};
    const scope: Record<string, string[]> = {};
    fields.forEach((field, i) => {
      const block = atoms.blocks.get(field)![tuple[i]!]!;
      if (block.length === 1) key[field] = block[0]!;
      else scope[field] = block;
    });
    // A finest cell even where a field of one block (split by nothing) is left out of its id.
    const node = { ...canonical(atoms, fields, key, scope), leaf: true };
    let index = indexOf.get(node.id);
    if (index === undefined) {
      index = nodes.length;
      indexOf.set(node.id, index);
      nodes.push({ ...node, value: null, published: false });
    } else nodes[index]!.leaf = true;
    leaves.push(index);
  }
  for (const { key, scope, value } of options.known ?? []) {
    const index = indexOf.get(canonical(atoms, fields, key, scope).id);
    if (index !== undefined && !nodes[index]!.published) nodes[index]!.value = value;
  }
  const constraints =
    measure === 'records' ? additiveConstraints(nodes, leaves) : distinctConstraints(nodes, leaves, indexOf);
  if (measure === 'records') checkAdditive(nodes, constraints);
  return {
    measure,
    fields,
    nodes,
    constraints,
    indexOf,
    idOf: (key, scope, groups) => canonical(atoms, fields, key, scope, groups).id,
  };
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

function pick(key: CellKey, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const category = key[f];
    if (category !== undefined) out[f] = category;
  }
  return out;
}

/**
 * The leaves under each aggregate, grouped once per set of fields the aggregates fix: linear in
 * the leaves, where filtering all leaves per aggregate was quadratic in a large table.
 */
function leavesUnderIndex(nodes: readonly ModelNode[], leaves: readonly number[]): (aggregate: ModelNode) => number[] {
  // A node with a scope covers a set of categories: there the plain filter, which knows scopes.
  if (nodes.some((node) => Object.keys(node.scope).length > 0))
    return (aggregate) => leaves.filter((leaf) => isUnder(nodes[leaf]!, aggregate));
  const byFields = new Map<string, Map<string, number[]>>();
  return (aggregate) => {
    const fields = Object.keys(aggregate.key).sort();
    const pattern = JSON.stringify(fields);
    let groups = byFields.get(pattern);
    if (!groups) {
      groups = new Map();
      for (const leaf of leaves) {
        const id = keyId(pick(nodes[leaf]!.key, fields));
        const group = groups.get(id);
        if (group) group.push(leaf);
        else groups.set(id, [leaf]);
      }
      byFields.set(pattern, groups);
    }
    return groups.get(keyId(aggregate.key)) ?? [];
  };
}

/** Each aggregate is the sum of its leaves (records, and the additive view of a persons table). */
function additiveConstraints(nodes: readonly ModelNode[], leaves: readonly number[]): Constraint[] {
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
  indexOf: ReadonlyMap<string, number>,
): Constraint[] {
  const constraints: Constraint[] = [];
  const leavesUnder = leavesUnderIndex(nodes, leaves);
  nodes.forEach((node, total) => {
    if (node.leaf) return;
    const under = leavesUnder(node);
    constraints.push({ kind: 'atMostSum', total, members: under });
    nodes.forEach((other, member) => {
      if (member !== total && isUnder(other, node) && coverSize(other) > coverSize(node)) {
        constraints.push({ kind: 'atLeast', total, member });
      }
    });
    // A complete split by one field: the node with that field narrowed to each atom its leaves hold.
    const sample = nodes[under[0] ?? total]!;
    for (const field of [...Object.keys(sample.key), ...Object.keys(sample.scope)]) {
      if (node.key[field] !== undefined) continue;
      const parts = new Set<string>();
      for (const leaf of under) {
        const atom = coverOf(nodes[leaf]!, field)!;
        parts.add(narrow(node, field, atom));
      }
      const children = [...parts].map((id) => indexOf.get(id));
      if (children.length > 1 && children.every((c) => c !== undefined && nodes[c]!.published)) {
        constraints.push({ kind: 'atMostSum', total, members: children as number[] });
      }
    }
  });
  return constraints;
}

/** The node with one field narrowed to a set of categories (an atom). */
function narrow(node: ModelNode, field: string, categories: readonly string[]): string {
  const key: Record<string, string> = { ...node.key };
  const scope: Record<string, readonly string[]> = { ...node.scope };
  delete scope[field];
  if (categories.length === 1) key[field] = categories[0]!;
  else scope[field] = [...categories];
  return nodeId(key, scope);
}
