// The two-way tables inside a table of three or more fields published with its subtotals: for
// every pair of fields and every choice of a category (or the total) on each other field, the
// pair's table with its margins. District x offence group x sex gives the district x offence
// table for Female, for Male and for both; the district x sex table for each offence group and
// for all; the offence group x sex table for each district and for all. Each is a network
// (tableNetwork.ts), and its relations are some of the cube's, so a number that cannot move in
// a slice cannot move in the cube either, while one that can move in every slice still may not
// in the cube: the slices guide the suppression, the cube's own audit decides.
import type { AttackerView } from './attackerViews.ts';
import type { TableModel } from './tableModel.ts';
import { HiddenNetwork } from './networkAudit.ts';
import type { TableNetwork } from './tableNetwork.ts';
import { hiddenArcs } from './tableNetwork.ts';

/** A model node's place in one slice. */
export interface SlicePlace {
  slice: number;
  arc: number;
}

export interface CubeSlices {
  networks: TableNetwork[];
  /** Per model node: the slices it is in and its arc there. */
  placesOf: ReadonlyMap<number, readonly SlicePlace[]>;
}

const cache = new WeakMap<AttackerView, CubeSlices | null>();

/** The view's slices, found once per view. */
export function viewSlices(model: TableModel, view: AttackerView): CubeSlices | null {
  let slices = cache.get(view);
  if (slices === undefined) {
    slices = cubeSlices(model, view);
    cache.set(view, slices);
  }
  return slices;
}

/**
 * Per hidden node, the interval the slices that hold it leave (each by maximum flow): the cube's
 * own interval lies within it, since a slice's relations are some of the cube's. For one pattern:
 * each node's bounds are worked out once. `ceiling`, an upper bound known another way (a
 * published total less the printed numbers beside the node), clips the answer, and each slice's
 * flows stop at the tightest bound found so far instead of running to the end.
 */
export function sliceBounds(
  slices: CubeSlices,
  isHiddenNode: (node: number) => boolean,
): (node: number, ceiling?: number) => { lower: number; upper: number } | undefined {
  const audits: (HiddenNetwork | undefined)[] = [];
  const known = new Map<number, { ceiling: number; bounds: { lower: number; upper: number } }>();
  return (node, ceiling = Infinity) => {
    const places = slices.placesOf.get(node);
    if (places === undefined) return undefined;
    const seen = known.get(node);
    if (seen !== undefined && seen.ceiling === ceiling) return seen.bounds;
    let lower = 0;
    let upper = ceiling;
    for (const { slice, arc } of places) {
      const net = slices.networks[slice]!;
      const audit = (audits[slice] ??= new HiddenNetwork(net, hiddenArcs(net, isHiddenNode)));
      ({ lower, upper } = audit.clipped(arc, lower, upper));
    }
    const bounds = { lower, upper };
    known.set(node, { ceiling, bounds });
    return bounds;
  };
}

/**
 * The slices of a cube with subtotals, or null when the view is not one: every relation an
 * aggregate equal to the sum of the leaves under it, every value known, no filtered or merged
 * categories, three or more fields. A slice that misses a number, or whose numbers do not add
 * up, is left out: the slices only guide.
 */
export function cubeSlices(model: TableModel, view: AttackerView): CubeSlices | null {
  const fields = model.fields;
  if (model.measure !== 'records' || model.joint !== undefined || fields.length < 3) return null;
  if (view.constraints.some((c) => c.kind !== 'sum')) return null;
  if (model.nodes.some((node, i) => Object.keys(node.scope).length > 0 || view.values[i] === null)) return null;

  // Per node, its category on each field by number (the field's count of categories: the total).
  const numbering = fields.map(() => new Map<string, number>());
  for (const node of model.nodes) {
    fields.forEach((field, f) => {
      const category = node.key[field];
      const numbers = numbering[f]!;
      if (category !== undefined && !numbers.has(category)) numbers.set(category, numbers.size);
    });
  }
  const sizes = numbering.map((numbers) => numbers.size);
  const coords = model.nodes.map((node) =>
    Int32Array.from(fields, (field, f) => {
      const category = node.key[field];
      return category === undefined ? sizes[f]! : numbering[f]!.get(category)!;
    }),
  );

  // Per pair of fields and choice on the others: the slice's rows, columns and numbers by position.
  const slices = new Map<string, SliceBuild>();
  model.nodes.forEach((_, index) => {
    const at = coords[index]!;
    for (let p = 0; p < fields.length; p++) {
      for (let q = p + 1; q < fields.length; q++) {
        let id = `${p},${q}`;
        for (let r = 0; r < fields.length; r++) if (r !== p && r !== q) id += `,${at[r]}`;
        let slice = slices.get(id);
        if (slice === undefined) slices.set(id, (slice = newSlice(sizes[p]!, sizes[q]!)));
        place(slice, at[p]!, at[q]!, index);
      }
    }
  });

  // How many leaves each node sums: a slice's relations are the cube's only where each margin's
  // leaves are exactly its parts' leaves (a true sum that a missing category made is not known).
  const leafCount = model.nodes.map((node): number => (node.leaf ? 1 : -1));
  for (const c of view.constraints) if (c.kind === 'sum') leafCount[c.total] = c.members.length;

  const networks: TableNetwork[] = [];
  const placesOf = new Map<number, SlicePlace[]>();
  for (const slice of slices.values()) {
    if (slice.twice) continue;
    const net = sliceNetwork(slice, (i) => view.values[i]!);
    if (net === null || !impliedByTheCube(net, leafCount)) continue;
    net.arcOf.forEach((arc, node) => {
      const places = placesOf.get(node);
      const place = { slice: networks.length, arc };
      if (places === undefined) placesOf.set(node, [place]);
      else places.push(place);
    });
    networks.push(net);
  }
  return networks.length === 0 ? null : { networks, placesOf };
}

/** Whether every vertex's parts hold, between them, exactly the leaves of its margin. */
function impliedByTheCube(net: TableNetwork, leafCount: readonly number[]): boolean {
  const inflow = new Float64Array(net.vertices);
  const outflow = new Float64Array(net.vertices);
  for (let a = 0; a < net.node.length; a++) {
    const count = leafCount[net.node[a]!]!;
    if (count < 0) return false;
    outflow[net.from[a]!] = outflow[net.from[a]!]! + count;
    inflow[net.to[a]!] = inflow[net.to[a]!]! + count;
  }
  return inflow.every((count, v) => count === outflow[v]);
}

/** A slice as it is gathered: its rows and columns in the order met, and per place its number. */
interface SliceBuild {
  rows: number[];
  cols: number[];
  rowMet: Uint8Array;
  colMet: Uint8Array;
  /** Per place (row * (columns + 1) + column, the totals last): its node, or -1. */
  at: Int32Array;
  /** How many categories the row field and the column field have (each one's total is that number). */
  height: number;
  width: number;
  /** Two numbers at one place (not a plain cube): the slice is not used. */
  twice: boolean;
}

function newSlice(height: number, width: number): SliceBuild {
  return {
    rows: [],
    cols: [],
    rowMet: new Uint8Array(height),
    colMet: new Uint8Array(width),
    at: new Int32Array((height + 1) * (width + 1)).fill(-1),
    height,
    width,
    twice: false,
  };
}

/** Puts a node at its place; rows and columns keep the order they are first met in. */
function place(slice: SliceBuild, row: number, col: number, node: number): void {
  if (row < slice.height && !slice.rowMet[row]) {
    slice.rowMet[row] = 1;
    slice.rows.push(row);
  }
  if (col < slice.width && !slice.colMet[col]) {
    slice.colMet[col] = 1;
    slice.cols.push(col);
  }
  const at = row * (slice.width + 1) + col;
  if (slice.at[at] !== -1) slice.twice = true;
  slice.at[at] = node;
}

/** One slice as a network (tableNetwork.ts's layout), or null when a number is missing or the sums fail. */
function sliceNetwork(slice: SliceBuild, valueOf: (node: number) => number): TableNetwork | null {
  const { rows, cols, height, width } = slice;
  if (rows.length < 1 || cols.length < 1) return null;
  const m = rows.length;
  const n = cols.length;
  const rowTotal = m;
  const col = (j: number) => m + 1 + j;
  const colTotal = m + 1 + n;
  const from: number[] = [];
  const to: number[] = [];
  const node: number[] = [];
  const add = (row: number, column: number, tail: number, head: number): boolean => {
    const index = slice.at[row * (width + 1) + column]!;
    if (index < 0) return false;
    from.push(tail);
    to.push(head);
    node.push(index);
    return true;
  };
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) if (!add(rows[i]!, cols[j]!, i, col(j))) return null;
  for (let i = 0; i < m; i++) if (!add(rows[i]!, width, colTotal, i)) return null;
  for (let j = 0; j < n; j++) if (!add(height, cols[j]!, col(j), rowTotal)) return null;
  if (!add(height, width, rowTotal, colTotal)) return null;
  const value = Float64Array.from(node, valueOf);
  // Conservation at every vertex: each row, column and the two totals balance.
  const balance = new Float64Array(m + n + 2);
  for (let a = 0; a < node.length; a++) {
    balance[from[a]!] = balance[from[a]!]! - value[a]!;
    balance[to[a]!] = balance[to[a]!]! + value[a]!;
  }
  if (balance.some((b) => Math.abs(b) > 1e-9)) return null;
  return {
    vertices: m + n + 2,
    from: Int32Array.from(from),
    to: Int32Array.from(to),
    value,
    node: Int32Array.from(node),
    arcOf: new Map(node.map((index, arc) => [index, arc])),
  };
}
