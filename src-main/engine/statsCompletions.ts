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

export const DEFAULT_BUDGET: SearchBudget = { enumerationNodes: 300_000, witnessWork: 3_000_000 };

/** Candidate values above this many in all are not searched: the statistic is withheld instead. */
export const MAX_CANDIDATES = 50_000;

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
 * `order` picks the order of the values tried; `fixed` pins one cell. Returns false when stopped.
 */
function walk(
  problem: CompletionProblem,
  layout: Layout,
  rowLeft: Map<number, number>,
  colLeft: Map<number, number>,
  values: Int32Array,
  onLeaf: (chi2: number) => boolean,
  nextNode: () => boolean,
  order: (lo: number, hi: number) => Iterable<number>,
  fixed: { cell: number; value: number } | null,
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
    if (fixed && fixed.cell === k) {
      lo = Math.max(lo, fixed.value);
      hi = Math.min(hi, fixed.value);
    }
    if (lo > hi) return true;
    for (const v of order(lo, hi)) {
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

function* ascending(lo: number, hi: number): Iterable<number> {
  for (let v = lo; v <= hi; v += 1) yield v;
}

/** 2x2 rectangles of suppressed cells (a, b in one row; c, d below them in another), at most `limit`. */
function rectanglesOf(cells: readonly SuppressedCell[], limit: number): Int32Array[] {
  const byRow = new Map<number, Map<number, number>>();
  cells.forEach((cell, k) => {
    const line = byRow.get(cell.row) ?? new Map<number, number>();
    line.set(cell.col, k);
    byRow.set(cell.row, line);
  });
  const rows = [...byRow.values()].filter((line) => line.size >= 2);
  const found: Int32Array[] = [];
  for (let i = 0; i < rows.length && found.length < limit; i += 1) {
    for (let l = i + 1; l < rows.length && found.length < limit; l += 1) {
      const shared = [...rows[i]!.keys()].filter((col) => rows[l]!.has(col));
      for (let p = 0; p < shared.length && found.length < limit; p += 1) {
        for (let q = p + 1; q < shared.length && found.length < limit; q += 1) {
          const [j, m] = [shared[p]!, shared[q]!];
          found.push(Int32Array.of(rows[i]!.get(j)!, rows[i]!.get(m)!, rows[l]!.get(j)!, rows[l]!.get(m)!));
        }
      }
    }
  }
  return found;
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
  if (totalCandidates(cells) > MAX_CANDIDATES) return bands.map(() => 'undecided');
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
    ascending,
    null,
  );
  const exhausted = finished || bands.every((_, b) => witnesses.complete(b));
  if (exhausted) return bands.map((_, b) => (witnesses.complete(b) ? 'safe' : 'narrows'));

  // 2. Witness search per (band, cell, value), coarsest band first (its witnesses are easiest).
  const random = mulberry32(0x5eed);
  const rectangles = rectanglesOf(cells, 20_000);
  let work = 0;
  const shuffled = function* (lo: number, hi: number): Iterable<number> {
    const span = hi - lo + 1;
    const start = Math.floor(random() * span);
    for (let i = 0; i < span; i += 1) yield lo + ((start + i) % span);
  };
  const verdicts: Verdict[] = bands.map(() => 'undecided');
  for (let b = bands.length - 1; b >= 0; b -= 1) {
    const band = bands[b]!;
    const target = (band.lo + band.hi) / 2;
    let decided = true;
    for (let s = 0; s < cells.length && decided; s += 1) {
      const cell = cells[s]!;
      for (let v = cell.lower; v <= cell.upper && decided; v += 1) {
        if (witnesses.has(b, s, v)) continue;
        let attempts = 0;
        while (!witnesses.has(b, s, v) && attempts < 8 && work < budget.witnessWork) {
          attempts += 1;
          let leafChi2: number | null = null;
          let attemptNodes = 0;
          walk(
            problem,
            layout,
            fresh(problem.rowSums),
            fresh(problem.colSums),
            values,
            (chi2) => {
              leafChi2 = chi2;
              return false;
            },
            () => {
              work += 1;
              attemptNodes += 1;
              return attemptNodes <= 50 * cells.length;
            },
            shuffled,
            { cell: s, value: v },
          );
          if (leafChi2 === null) continue;
          let chi2: number = leafChi2;
          witnesses.record(values, chi2);
          // Refine by 2x2 moves (+1 -1 / -1 +1) that keep every margin and leave cell s alone.
          for (let step = 0; step < 400 && rectangles.length > 0 && !witnesses.has(b, s, v); step += 1) {
            work += 1;
            const rect = rectangles[Math.floor(random() * rectangles.length)]!;
            if (rect.includes(s)) continue;
            const delta = random() < 0.5 ? 1 : -1;
            const signs = [delta, -delta, -delta, delta];
            let change = 0;
            let feasible = true;
            for (let q = 0; q < 4; q += 1) {
              const k = rect[q]!;
              const next = values[k]! + signs[q]!;
              if (next < cells[k]!.lower || next > cells[k]!.upper) feasible = false;
              else change += contribution(cells[k]!, next) - contribution(cells[k]!, values[k]!);
            }
            if (!feasible) continue;
            const better = Math.abs(chi2 + change - target) < Math.abs(chi2 - target);
            if (!better && random() > 0.15) continue;
            for (let q = 0; q < 4; q += 1) values[rect[q]!] = values[rect[q]!]! + signs[q]!;
            chi2 += change;
            witnesses.record(values, chi2);
          }
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
