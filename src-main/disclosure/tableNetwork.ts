// A one- or two-way table with its margins, read as a network (the structure tau-Argus's
// network method and Statistics Norway's GaussSuppression exploit): every number is the flow
// on one arc of a circulation, and the additive relations are flow conservation at the
// vertices. Rows R_a, a total row R_T, columns C_b and a total column C_T are the vertices;
// cell (a, b) is the arc R_a -> C_b, row total a is C_T -> R_a, column total b is C_b -> R_T and
// the grand total is R_T -> C_T. Then R_a says r_a = sum_b x_ab, C_b says sum_a x_ab = c_b, R_T
// says sum_b c_b = T and C_T says T = sum_a r_a: exactly the table's relations.
//
// A margin the model does not hold (a table without row totals, or a one-way table's missing
// second field) becomes a "free" arc: hidden, with the sum as its value. It is defined by the
// cells, so it adds no relation, and the network says no more and no less than the model.
//
// Only a view whose relations are all "aggregate = sum of the leaves under it", over one or two
// fields with every leaf's value known, is a network; anything else (persons bounds, three or
// more fields, latent leaves) is left to the general LP.
import type { AttackerView } from './attackerViews.ts';
import { type TableModel, keyId } from './tableModel.ts';

export interface TableNetwork {
  vertices: number;
  /** Per arc: its tail and head vertex, its value in the view and its model node (-1 when free). */
  from: Int32Array;
  to: Int32Array;
  value: Float64Array;
  node: Int32Array;
  /** Per model node: its arc. */
  arcOf: ReadonlyMap<number, number>;
}

function sameMembers(expected: readonly number[] | undefined, members: readonly number[]): boolean {
  if (expected === undefined || expected.length !== members.length) return false;
  const set = new Set(expected);
  return members.every((m) => set.has(m));
}

/** The network of a view, or null when the view is not a table with margins over at most two fields. */
export function tableNetwork(model: TableModel, view: AttackerView): TableNetwork | null {
  const fields = model.fields;
  if (fields.length < 1 || fields.length > 2) return null;
  // Persons bounds and the like are no sums: said before any leaf is grouped.
  if (view.constraints.some((c) => c.kind !== 'sum')) return null;
  const [rowField, colField] = fields as [string, string | undefined];
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  const leavesOf = new Map<string, number[]>();
  const group = (id: string, leaf: number) => {
    const list = leavesOf.get(id);
    if (list) list.push(leaf);
    else leavesOf.set(id, [leaf]);
  };
  // Per row and column category, its margin's id, made once: a table has thousands of leaves.
  const rowIds = new Map<string, string>();
  const colIds = new Map<string, string>();
  const idOf = (ids: Map<string, string>, field: string, category: string): string => {
    let id = ids.get(category);
    if (id === undefined) ids.set(category, (id = keyId({ [field]: category })));
    return id;
  };
  const grandId = keyId({});
  model.nodes.forEach((node, index) => {
    if (!node.leaf) return;
    const a = node.key[rowField]!;
    const b = colField === undefined ? '' : node.key[colField]!;
    if (!rows.has(a)) rows.set(a, rows.size);
    if (!cols.has(b)) cols.set(b, cols.size);
    group(grandId, index);
    group(idOf(rowIds, rowField, a), index);
    if (colField !== undefined) group(idOf(colIds, colField, b), index);
  });
  for (const node of model.nodes) {
    if (node.leaf) continue;
    const a = node.key[rowField];
    const b = colField === undefined ? undefined : node.key[colField];
    if (a !== undefined && !rows.has(a)) rows.set(a, rows.size);
    if (b !== undefined && !cols.has(b)) cols.set(b, cols.size);
  }
  // Every relation must be "aggregate = the sum of all leaves under it", every value known.
  for (const c of view.constraints) {
    if (c.kind !== 'sum') return null;
    const expected = leavesOf.get(model.nodes[c.total]!.id) ?? [];
    if (!sameMembers(expected, c.members)) return null;
  }
  if (view.values.some((v, i) => v === null && model.nodes[i]!.leaf)) return null;
  const aggregates = model.nodes.filter((n) => !n.leaf);
  if (aggregates.length !== view.constraints.length) return null;

  const m = rows.size;
  const n = cols.size;
  const rowTotal = m;
  const col = (j: number) => m + 1 + j;
  const colTotal = m + 1 + n;
  const arcs: { from: number; to: number; value: number; node: number }[] = [];
  const rowSums = new Float64Array(m);
  const colSums = new Float64Array(n);
  let grand = 0;
  const arcOf = new Map<number, number>();
  const valueOf = (index: number) => view.values[index] ?? 0;
  model.nodes.forEach((node, index) => {
    if (!node.leaf) return;
    const i = rows.get(node.key[rowField]!)!;
    const j = cols.get(colField === undefined ? '' : node.key[colField]!)!;
    const value = valueOf(index);
    rowSums[i] = rowSums[i]! + value;
    colSums[j] = colSums[j]! + value;
    grand += value;
    arcOf.set(index, arcs.length);
    arcs.push({ from: i, to: col(j), value, node: index });
  });
  // A one-way table's "row totals" are its cells: those arcs are free copies.
  const nodeWithKey = (key: Record<string, string>): number =>
    Object.keys(key).length < fields.length ? (model.indexOf.get(keyId(key)) ?? -1) : -1;
  const margin = (key: Record<string, string>, from: number, to: number, sum: number) => {
    const index = nodeWithKey(key);
    if (index >= 0) arcOf.set(index, arcs.length);
    arcs.push({ from, to, value: index >= 0 ? valueOf(index) : sum, node: index });
  };
  for (const [a, i] of rows) margin({ [rowField]: a }, colTotal, i, rowSums[i]!);
  for (const [b, j] of cols) {
    // A one-way table's single column total is the grand total, which has its own arc.
    if (colField === undefined) arcs.push({ from: col(j), to: rowTotal, value: colSums[j]!, node: -1 });
    else margin({ [colField]: b }, col(j), rowTotal, colSums[j]!);
  }
  margin({}, rowTotal, colTotal, grand);
  if (arcOf.size !== model.nodes.length) return null;
  return {
    vertices: m + n + 2,
    from: Int32Array.from(arcs, (a) => a.from),
    to: Int32Array.from(arcs, (a) => a.to),
    value: Float64Array.from(arcs, (a) => a.value),
    node: Int32Array.from(arcs, (a) => a.node),
    arcOf,
  };
}

const networks = new WeakMap<AttackerView, TableNetwork | null>();

/** The view's network, built once per view. */
export function viewNetwork(model: TableModel, view: AttackerView): TableNetwork | null {
  let net = networks.get(view);
  if (net === undefined) {
    net = tableNetwork(model, view);
    networks.set(view, net);
  }
  return net;
}

/** Per arc: 1 when hidden (suppressed, latent or a free margin). */
export function hiddenArcs(net: TableNetwork, isHiddenNode: (node: number) => boolean): Uint8Array {
  const hidden = new Uint8Array(net.node.length);
  net.node.forEach((node, a) => {
    hidden[a] = node < 0 || isHiddenNode(node) ? 1 : 0;
  });
  return hidden;
}
