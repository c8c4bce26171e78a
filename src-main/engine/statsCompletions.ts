// The attacker's completions of a suppressed two-way table whose margins are published: the
// whole-number values of the suppressed cells that add up to the published row and column totals.
// With the margins fixed every expected count is fixed, so chi-square (and with it p and
// Cramér's V, each monotone in chi-square for a fixed df and n) depends on the completion only
// through sum((x - E)^2 / E) over the suppressed cells. A printed statistic therefore tells the
// attacker that chi-square lies in a band; a value v of suppressed cell s stays possible when some
// completion with x_s = v has its chi-square in that band.
//
// checkBands answers, for each band, whether every value of every suppressed cell in its audit
// interval stays possible ('safe'), or whether some value is ruled out ('narrows'). It first
// enumerates the completions (exact when they are few); otherwise it looks for a witness per
// (cell, value) by random completions refined by 2x2 moves that keep the margins. The work is
// bounded: a band whose witnesses are not all found within the budget is 'undecided', and the
// caller treats that as 'narrows' (a value we did not show to be possible counts as ruled out),
// so stopping early can only withhold or coarsen a statistic, never publish an unsafe one.

export interface SuppressedCell {
  row: number;
  col: number;
  expected: number;
  /** The attacker's interval for the cell (whole numbers, from the disclosure audit). */
  lower: number;
  upper: number;
}

export interface CompletionProblem {
  cells: readonly SuppressedCell[];
  /** Per row (and column): the published total minus the published cells, i.e. what the suppressed cells add up to. */
  rowSums: ReadonlyMap<number, number>;
  colSums: ReadonlyMap<number, number>;
  /** The chi-square contribution of the published cells. */
  publishedChi2: number;
  /** The true values of the cells (a completion to start the witness search from). */
  truth: readonly number[];
}

export interface Band {
  lo: number;
  hi: number;
}

export type Verdict = 'safe' | 'narrows' | 'undecided';

export interface SearchBudget {
  /** Nodes of the exact enumeration before it gives up. */
  enumerationNodes: number;
  /** Work units (search nodes and moves) of the witness search over all bands. */
  witnessWork: number;
}

export const DEFAULT_BUDGET: SearchBudget = { enumerationNodes: 2_000_000, witnessWork: 5_000_000 };

/** Candidate values above this many in all are not searched: the statistic is withheld instead. */
export const MAX_CANDIDATES = 50_000;
/** Suppressed cells above this many are not searched either. */
export const MAX_CELLS = 4_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Witnesses {
  /** seen[b][s][v - lower] */
  private readonly seen: Uint8Array[][];
  private readonly missing: number[];

  constructor(
    private readonly cells: readonly SuppressedCell[],
    private readonly bands: readonly Band[],
  ) {
    this.seen = bands.map(() => cells.map((c) => new Uint8Array(c.upper - c.lower + 1)));
    const total = cells.reduce((sum, c) => sum + c.upper - c.lower + 1, 0);
    this.missing = bands.map(() => total);
  }

  record(values: Int32Array, chi2: number): void {
    this.bands.forEach((band, b) => {
      if (chi2 < band.lo || chi2 > band.hi || this.missing[b] === 0) return;
      const seen = this.seen[b]!;
      this.cells.forEach((cell, s) => {
        const slot = values[s]! - cell.lower;
        const marks = seen[s]!;
        if (slot >= 0 && slot < marks.length && marks[slot] === 0) {
          marks[slot] = 1;
          this.missing[b]! -= 1;
        }
      });
    });
  }

  complete(b: number): boolean {
    return this.missing[b] === 0;
  }

  has(b: number, s: number, v: number): boolean {
    return this.seen[b]![s]![v - this.cells[s]!.lower] === 1;
  }
}

interface Layout {
  n: number;
  rows: Int32Array;
  cols: Int32Array;
  lastInRow: Uint8Array;
  lastInCol: Uint8Array;
}

function layoutOf(cells: readonly SuppressedCell[]): Layout {
  const n = cells.length;
  const lastInRow = new Uint8Array(n);
  const lastInCol = new Uint8Array(n);
  const seenRow = new Set<number>();
  const seenCol = new Set<number>();
  for (let k = n - 1; k >= 0; k -= 1) {
    const { row, col } = cells[k]!;
    if (!seenRow.has(row)) lastInRow[k] = 1;
    if (!seenCol.has(col)) lastInCol[k] = 1;
    seenRow.add(row);
    seenCol.add(col);
  }
  return {
    n,
    rows: Int32Array.from(cells, (c) => c.row),
    cols: Int32Array.from(cells, (c) => c.col),
    lastInRow,
    lastInCol,
  };
}

function contribution(cell: SuppressedCell, x: number): number {
  return ((x - cell.expected) * (x - cell.expected)) / cell.expected;
}

/**
 * Depth-first over the cells in row-major order: each cell takes a value within its interval and
 * what its row and column still need; the last cell of a row (or column) takes the rest.
 * Returns false when stopped (by onLeaf or nextNode).
 */
function walk(
  problem: CompletionProblem,
  layout: Layout,
  rowLeft: Map<number, number>,
  colLeft: Map<number, number>,
  values: Int32Array,
  onLeaf: (chi2: number) => boolean,
  nextNode: () => boolean,
): boolean {
  const { cells } = problem;
  const visit = (k: number, chi2: number): boolean => {
    if (!nextNode()) return false;
    if (k === layout.n) return onLeaf(chi2);
    const cell = cells[k]!;
    const r = layout.rows[k]!;
    const c = layout.cols[k]!;
    const rowNeed = rowLeft.get(r)!;
    const colNeed = colLeft.get(c)!;
    let lo = Math.max(cell.lower, 0);
    let hi = Math.min(cell.upper, rowNeed, colNeed);
    if (layout.lastInRow[k]) lo = Math.max(lo, rowNeed);
    if (layout.lastInRow[k]) hi = Math.min(hi, rowNeed);
    if (layout.lastInCol[k]) lo = Math.max(lo, colNeed);
    if (layout.lastInCol[k]) hi = Math.min(hi, colNeed);
    for (let v = lo; v <= hi; v += 1) {
      values[k] = v;
      rowLeft.set(r, rowNeed - v);
      colLeft.set(c, colNeed - v);
      const goOn = visit(k + 1, chi2 + contribution(cell, v));
      rowLeft.set(r, rowNeed);
      colLeft.set(c, colNeed);
      if (!goOn) return false;
    }
    return true;
  };
  return visit(0, problem.publishedChi2);
}

export function totalCandidates(cells: readonly SuppressedCell[]): number {
  return cells.reduce((sum, c) => sum + c.upper - c.lower + 1, 0);
}

export function checkBands(
  problem: CompletionProblem,
  bands: readonly Band[],
  budget: SearchBudget = DEFAULT_BUDGET,
): Verdict[] {
  const { cells } = problem;
  if (cells.length === 0) return bands.map(() => 'safe');
  // Beyond these the check would not finish in good time (or the enumeration would nest too deep).
  if (totalCandidates(cells) > MAX_CANDIDATES || cells.length > MAX_CELLS) return bands.map(() => 'undecided');
  const layout = layoutOf(cells);
  const witnesses = new Witnesses(cells, bands);
  const values = new Int32Array(cells.length);
  const fresh = (sums: ReadonlyMap<number, number>): Map<number, number> => new Map(sums);

  // 1. Exact enumeration, while the completions are few.
  let nodes = 0;
  const finished = walk(
    problem,
    layout,
    fresh(problem.rowSums),
    fresh(problem.colSums),
    values,
    (chi2) => {
      witnesses.record(values, chi2);
      return !bands.every((_, b) => witnesses.complete(b));
    },
    () => (nodes += 1) <= budget.enumerationNodes,
  );
  const exhausted = finished || bands.every((_, b) => witnesses.complete(b));
  if (exhausted) return bands.map((_, b) => (witnesses.complete(b) ? 'safe' : 'narrows'));

  // 2. Witness search per (band, cell, value), coarsest band first (its witnesses are easiest):
  // from the true completion, walk cell s to each value by unit cycles that keep the margins,
  // then move the other cells by random unit cycles towards the band.
  const random = mulberry32(0x5eed);
  const cycles = new UnitCycles(problem, random);
  let work = 0;
  const verdicts: Verdict[] = bands.map(() => 'undecided');
  for (let b = bands.length - 1; b >= 0; b -= 1) {
    const band = bands[b]!;
    const target = Number.isFinite(band.hi) ? (band.lo + band.hi) / 2 : band.lo + 1 + Math.abs(band.lo);
    let decided = true;
    for (let s = 0; s < cells.length && decided; s += 1) {
      const cell = cells[s]!;
      const state = Int32Array.from(problem.truth);
      let chi2 = chi2Of(problem, state);
      for (let v = cell.lower; v <= cell.upper && decided; v += 1) {
        if (witnesses.has(b, s, v)) continue;
        // Walk cell s to v, one unit cycle at a time.
        while (state[s] !== v && work < budget.witnessWork) {
          const step = state[s]! < v ? 1 : -1;
          const cycle = cycles.find(state, s, step, s);
          work += cycles.lastWork;
          if (cycle === null) break;
          chi2 += cycles.apply(state, cycle);
          witnesses.record(state, chi2);
        }
        if (state[s] !== v) {
          decided = false;
          break;
        }
        witnesses.record(state, chi2);
        for (let step = 0; step < 400 && !witnesses.has(b, s, v) && work < budget.witnessWork; step += 1) {
          const t = Math.floor(random() * cells.length);
          if (t === s) continue;
          const cycle = cycles.find(state, t, random() < 0.5 ? 1 : -1, s);
          work += cycles.lastWork;
          if (cycle === null) continue;
          const change = cycles.change(state, cycle);
          const better = Math.abs(chi2 + change - target) < Math.abs(chi2 - target);
          if (!better && random() > 0.15) continue;
          chi2 += cycles.apply(state, cycle);
          witnesses.record(state, chi2);
        }
        if (!witnesses.has(b, s, v)) decided = false;
      }
    }
    verdicts[b] = decided ? 'safe' : work >= budget.witnessWork ? 'undecided' : 'narrows';
    // A finer band than one that failed is not tried: its witnesses are harder still.
    if (!decided) break;
  }
  return verdicts;
}

function chi2Of(problem: CompletionProblem, values: Int32Array): number {
  return problem.cells.reduce((sum, cell, k) => sum + contribution(cell, values[k]!), problem.publishedChi2);
}

/** A unit cycle: cells and the +1 / -1 each takes, alternating, so every margin stays. */
interface Cycle {
  cells: number[];
  signs: number[];
}

/**
 * Unit cycles through the bipartite graph of rows and columns whose edges are the suppressed
 * cells: change cell t by `sign`, then, from t's column, alternately take `sign` off a cell in the
 * column and put it on a cell in that cell's row, until a cell in t's row takes it off (a
 * breadth-first search, so the shortest such cycle, over neighbours in a shuffled order).
 */
class UnitCycles {
  lastWork = 0;
  private readonly inRow = new Map<number, number[]>();
  private readonly inCol = new Map<number, number[]>();

  constructor(
    private readonly problem: CompletionProblem,
    private readonly random: () => number,
  ) {
    problem.cells.forEach((cell, k) => {
      this.inRow.set(cell.row, [...(this.inRow.get(cell.row) ?? []), k]);
      this.inCol.set(cell.col, [...(this.inCol.get(cell.col) ?? []), k]);
    });
  }

  private fits(values: Int32Array, k: number, delta: number): boolean {
    const next = values[k]! + delta;
    const cell = this.problem.cells[k]!;
    return next >= Math.max(0, cell.lower) && next <= cell.upper;
  }

  private shuffled(list: readonly number[]): number[] {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }

  /** A unit cycle changing cell t by sign, leaving `frozen` (other than t) alone; null when none. */
  find(values: Int32Array, t: number, sign: number, frozen: number): Cycle | null {
    this.lastWork = 1;
    const { cells } = this.problem;
    if (!this.fits(values, t, sign)) return null;
    const home = cells[t]!.row;
    // BFS over columns; reaching a column through (take-off cell, put-on cell).
    const via = new Map<number, { off: number; on: number; from: number }>();
    const start = cells[t]!.col;
    const seenRows = new Set<number>([home]);
    const seenCols = new Set<number>([start]);
    const queue = [start];
    while (queue.length > 0) {
      const col = queue.shift()!;
      for (const off of this.shuffled(this.inCol.get(col) ?? [])) {
        this.lastWork += 1;
        if (off === t || off === frozen || !this.fits(values, off, -sign)) continue;
        const row = cells[off]!.row;
        if (row === home) return this.trace(t, sign, off, col, via);
        if (seenRows.has(row)) continue;
        seenRows.add(row);
        for (const on of this.shuffled(this.inRow.get(row) ?? [])) {
          this.lastWork += 1;
          const next = cells[on]!.col;
          if (on === off || on === frozen || on === t || seenCols.has(next) || !this.fits(values, on, sign)) continue;
          seenCols.add(next);
          via.set(next, { off, on, from: col });
          queue.push(next);
        }
      }
    }
    return null;
  }

  private trace(
    t: number,
    sign: number,
    lastOff: number,
    col: number,
    via: ReadonlyMap<number, { off: number; on: number; from: number }>,
  ): Cycle {
    const cycle: Cycle = { cells: [t, lastOff], signs: [sign, -sign] };
    for (let at = col; via.has(at);) {
      const step = via.get(at)!;
      cycle.cells.push(step.on, step.off);
      cycle.signs.push(sign, -sign);
      at = step.from;
    }
    return cycle;
  }

  change(values: Int32Array, cycle: Cycle): number {
    let change = 0;
    cycle.cells.forEach((k, i) => {
      const cell = this.problem.cells[k]!;
      change += contribution(cell, values[k]! + cycle.signs[i]!) - contribution(cell, values[k]!);
    });
    return change;
  }

  /** Applies the cycle; returns the change of chi-square. */
  apply(values: Int32Array, cycle: Cycle): number {
    const change = this.change(values, cycle);
    cycle.cells.forEach((k, i) => {
      values[k] = values[k]! + cycle.signs[i]!;
    });
    return change;
  }
}
