// Published tabular data as one linear system, so that a 2-D table with margins, a 3-D table
// with all its subtotals and a set of linked tables cut from the same data are the same problem.
//
// Every published number is a *node* named by its key: the categories it fixes, e.g.
// {district: Fenland, sex: Female}. A node with the same key in two tables is the same quantity
// (same data, filters and measure), so linked tables share nodes. The finest level (every field
// fixed) are the *leaves*; a leaf that no table publishes is *latent*: an unknown the attacker
// may reason about (district x sex and district x age tables imply a district x sex x age cube).
// A table lists every leaf it has data for, so leaves outside the natural join of the tables'
// leaves are known to be empty and are left out.
//
// Relations between nodes:
// - records (additive): every published aggregate equals the sum of the leaves under it;
// - persons (distinct counts, where one person may sit in two cells): an aggregate is at least
//   each node under it and at most the sum of its leaves, or of any complete split by one field.
import { AppError } from '../../shared/errors.ts';

export type Measure = 'records' | 'persons';
export type CellKey = Readonly<Record<string, string>>;

export interface KeyedCell {
  key: CellKey;
  value: number;
}

/** The published numbers of one table; `fields` are all its row and column fields. */
export interface KeyedTable {
  fields: readonly string[];
  cells: readonly KeyedCell[];
}

export interface ModelNode {
  id: string;
  key: CellKey;
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
}

/** Joins of linked tables beyond this many leaves are refused rather than solved slowly. */
export const MAX_LEAVES = 100_000;

export function keyId(key: CellKey): string {
  return JSON.stringify(
    Object.keys(key)
      .sort()
      .map((field) => [field, key[field]]),
  );
}

function isUnder(leafOrNode: CellKey, aggregate: CellKey): boolean {
  return Object.entries(aggregate).every(([field, category]) => leafOrNode[field] === category);
}

/** Natural join of the tables' leaf keys: every full combination that can hold data. */
function joinLeaves(tables: readonly KeyedTable[], fields: readonly string[]): CellKey[] {
  let joined: Record<string, string>[] = [{}];
  for (const table of tables) {
    const leaves = table.cells.filter((c) => table.fields.every((f) => c.key[f] !== undefined));
    const next: Record<string, string>[] = [];
    for (const partial of joined) {
      for (const leaf of leaves) {
        if (!table.fields.every((f) => partial[f] === undefined || partial[f] === leaf.key[f])) continue;
        next.push({ ...partial, ...pick(leaf.key, table.fields) });
        if (next.length > MAX_LEAVES) {
          throw new AppError(
            'BAD_REQUEST',
            `These linked tables span more than ${MAX_LEAVES} combinations of ${fields.join(', ')}; check them in smaller groups.`,
          );
        }
      }
    }
    joined = dedupe(next);
  }
  return joined.filter((key) => fields.every((f) => key[f] !== undefined));
}

function pick(key: CellKey, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const category = key[f];
    if (category !== undefined) out[f] = category;
  }
  return out;
}

function dedupe(keys: Record<string, string>[]): Record<string, string>[] {
  const seen = new Map<string, Record<string, string>>();
  for (const key of keys) seen.set(keyId(key), key);
  return [...seen.values()];
}

/** The indices of the leaves (published or latent). */
export function leafIndices(model: Pick<TableModel, 'nodes'>): number[] {
  return model.nodes.flatMap((node, index) => (node.leaf ? [index] : []));
}

export function buildModel(tables: readonly KeyedTable[], measure: Measure): TableModel {
  const fields = [...new Set(tables.flatMap((t) => t.fields))].sort();
  const nodes: ModelNode[] = [];
  const indexOf = new Map<string, number>();
  for (const table of tables) {
    for (const cell of table.cells) {
      if (!Number.isFinite(cell.value) || cell.value < 0) {
        throw new AppError('BAD_REQUEST', `A published count must be a number of at least 0, not ${cell.value}.`);
      }
      const key = pick(cell.key, fields);
      const id = keyId(key);
      const existing = indexOf.get(id);
      if (existing !== undefined) {
        const known = nodes[existing]!.value;
        if (known !== cell.value) {
          throw new AppError(
            'BAD_REQUEST',
            `The linked tables disagree on the count for ${id} (${known} and ${cell.value}); link only tables cut from the same data.`,
          );
        }
        continue;
      }
      indexOf.set(id, nodes.length);
      nodes.push({ id, key, value: cell.value, published: true, leaf: Object.keys(key).length === fields.length });
    }
  }
  const leaves: number[] = [];
  for (const key of joinLeaves(tables, fields)) {
    const id = keyId(key);
    let index = indexOf.get(id);
    if (index === undefined) {
      index = nodes.length;
      indexOf.set(id, index);
      nodes.push({ id, key, value: null, published: false, leaf: true });
    }
    leaves.push(index);
  }
  const constraints =
    measure === 'records' ? additiveConstraints(nodes, leaves) : distinctConstraints(nodes, leaves, indexOf);
  if (measure === 'records') checkAdditive(nodes, constraints);
  return { measure, fields, nodes, constraints, indexOf };
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
export function additiveConstraints(nodes: readonly ModelNode[], leaves: readonly number[]): Constraint[] {
  const constraints: Constraint[] = [];
  const leavesUnder = leavesUnderIndex(nodes, leaves);
  nodes.forEach((node, total) => {
    if (!node.leaf) constraints.push({ kind: 'sum', total, members: leavesUnder(node) });
  });
  return constraints;
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
      if (
        member !== total &&
        Object.keys(other.key).length > Object.keys(node.key).length &&
        isUnder(other.key, node.key)
      ) {
        constraints.push({ kind: 'atLeast', total, member });
      }
    });
    for (const field of Object.keys(nodes[under[0] ?? total]!.key)) {
      if (node.key[field] !== undefined) continue;
      const categories = new Set(under.map((leaf) => nodes[leaf]!.key[field]!));
      const children = [...categories].map((category) => indexOf.get(keyId({ ...node.key, [field]: category })));
      if (children.length > 1 && children.every((c) => c !== undefined && nodes[c]!.published)) {
        constraints.push({ kind: 'atMostSum', total, members: children as number[] });
      }
    }
  });
  return constraints;
}
