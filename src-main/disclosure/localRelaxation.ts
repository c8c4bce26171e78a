// Proofs about a count without the LP of the whole release. The relations
// near a hidden count (its row in both measures, say: the row's sum, each cell's persons <=
// records, the persons row's bounds) are a subset of the attacker's; an LP over only them is a
// relaxation, so its bounds contain the true ones. When even it cannot move the count by the
// level, the attacker narrows it: exposed, exactly as the whole LP would find. When it can, it
// proves nothing and the whole LP decides.
//
// "Near" is reached through small relations only (a column of thousands of cells is left out),
// from the count through the hidden numbers of each relation taken. Every count of the same
// neighbourhood shares one small LP, opened once and asked per count from its last basis.
//
// The other way round, a restriction proves a count protected: every relation a few hidden
// numbers are in, the rest of the table held at its values. A table found there is one the
// attacker cannot rule out; it is looked for near the table a flow found (moves), or with the
// count at an end of the relaxation's interval (`bounds`, `reaches`): found, that end is exact.
import type { AttackerView } from './attackerViews.ts';
import { constraintRows, hiddenVariable, variableName } from './attackerViews.ts';
import { type OpenProgram, openProgram } from './linearProgram.ts';
import type { Constraint } from './tableModel.ts';

const EPSILON = 1e-6;
/** Relations with more numbers than this are not "near": leaving them out keeps the LP small. */
const MAX_RELATION_NODES = 64;
/** A neighbourhood stops growing at this many relations (any subset is still a relaxation). */
const MAX_RELATIONS = 400;
/** moves spreads from a moved number to its neighbours only when it is in at most this many small relations. */
const MAX_SPREAD = 64;

function nodesOf(c: Constraint): readonly number[] {
  return c.kind === 'atLeast' ? [c.total, c.member] : [c.total, ...c.members];
}

interface Neighbourhood {
  program: OpenProgram;
  /** The hidden numbers reached from the count through small relations. */
  reached: ReadonlySet<number>;
}

type RelationIndex = ReadonlyMap<number, readonly Constraint[]>;

/**
 * Per view, its relations by node: the small ones (what every count asks) and every one (only
 * what moves asks, so made on first use). Neither depends on the pattern, and a view's relations
 * run to tens of thousands: each is made once per view, not once per pattern checked.
 */
const smallIndexes = new WeakMap<AttackerView, RelationIndex>();
const fullIndexes = new WeakMap<AttackerView, RelationIndex>();

function relationIndex(view: AttackerView, smallOnly: boolean): RelationIndex {
  const indexes = smallOnly ? smallIndexes : fullIndexes;
  const known = indexes.get(view);
  if (known !== undefined) return known;
  const index = new Map<number, Constraint[]>();
  // Read in place, no list or set per relation (tens of thousands of them): a node repeated
  // within one relation finds it already last on its list.
  const add = (n: number, c: Constraint) => {
    const list = index.get(n);
    if (list === undefined) index.set(n, [c]);
    else if (list[list.length - 1] !== c) list.push(c);
  };
  for (const c of view.constraints) {
    if (c.kind === 'atLeast') {
      add(c.total, c);
      add(c.member, c);
      continue;
    }
    if (smallOnly && c.members.length + 1 > MAX_RELATION_NODES) continue;
    add(c.total, c);
    for (const m of c.members) add(m, c);
  }
  indexes.set(view, index);
  return index;
}

/**
 * The hidden numbers moves lets move: `node`, the hidden ones of `around`, and the hidden numbers
 * of their small relations, except through a number in more than MAX_SPREAD of them (a margin
 * over thousands of cells, each in an `atLeast` with it): taking its cells too made the region
 * of one flow at 5,000 x 13 nearly every hidden number of the release, an LP of 297,131 rows
 * per count. Any region is a restriction (numbers outside it keep their values), so a smaller
 * one only finds fewer tables; what it misses, the whole LP decides.
 */
function movesRegion(
  relationsOf: RelationIndex,
  isHidden: (node: number) => boolean,
  node: number,
  around: Iterable<number>,
): Set<number> {
  const region = new Set<number>([node]);
  for (const n of around) {
    if (!isHidden(n)) continue;
    region.add(n);
    const relations = relationsOf.get(n) ?? [];
    if (relations.length > MAX_SPREAD) continue;
    for (const c of relations) for (const m of nodesOf(c)) if (isHidden(m)) region.add(m);
  }
  return region;
}

/**
 * How a neighbourhood grows to its MAX_RELATIONS: `depth`, from the last number reached (the
 * first tried, and cheap); `nearest`, breadth first and never on from a margin (a number in
 * more than MAX_SPREAD small relations). Grown by depth, a persons row's first cell led to its
 * column's total and its thousands of `atLeast`s, which filled the neighbourhood before the
 * records row that bounds the row was taken: no bound above, and a whole LP of the release.
 */
export type Growth = 'depth' | 'nearest';

export class LocalRelaxation {
  /** Per node: the small relations it is in. */
  private readonly relationsOf: RelationIndex;
  /** Per hidden node: its neighbourhood's LP, once some count in it was asked about. */
  private readonly neighbourhoodOf = new Map<number, Neighbourhood>();
  private readonly opened: Neighbourhood[] = [];

  constructor(
    private readonly view: AttackerView,
    private readonly isHidden: (node: number) => boolean,
    private readonly valueOf: (node: number) => number,
    private readonly growth: Growth = 'depth',
  ) {
    this.relationsOf = relationIndex(view, true);
  }

  /**
   * Whether the relations near hidden `node` already keep it from moving `level` either way (a
   * fall only counts when the value allows one): true proves the attacker narrows it.
   */
  async narrows(node: number, level: number): Promise<boolean> {
    const { program } = await this.neighbourhood(node);
    const value = this.valueOf(node);
    const objective = new Map([[variableName(node), 1]]);
    const high = program.optimize('max', objective);
    if (high.status !== 'optimal' || Math.floor(high.value + EPSILON) >= value + level) return false;
    if (value < level) return true;
    const low = program.optimize('min', objective);
    return low.status === 'optimal' && Math.ceil(low.value - EPSILON) > value - level;
  }

  /**
   * Whether a table with hidden `node` moved by `level` exists in which only hidden numbers
   * near `around` move (the rest keep their values): a restriction of the attacker's LP, so a
   * table found is one the attacker cannot rule out, and proves the count protected. False
   * proves nothing.
   */
  async moves(node: number, level: number, around: Iterable<number>): Promise<boolean> {
    const region = movesRegion(this.relationsOf, this.isHidden, node, around);
    const touching = new Set<Constraint>();
    for (const n of region) for (const c of relationIndex(this.view, false).get(n) ?? []) touching.add(c);
    const rows = constraintRows([...touching], (n) => (region.has(n) ? null : this.valueOf(n)), hiddenVariable);
    const program = await openProgram(rows, new Map(), { primal: true });
    try {
      const value = this.valueOf(node);
      const objective = new Map([[variableName(node), 1]]);
      const high = program.optimize('max', objective);
      if (
        high.status === 'unbounded' ||
        (high.status === 'optimal' && Math.floor(high.value + EPSILON) >= value + level)
      ) {
        return true;
      }
      if (value < level) return false;
      const low = program.optimize('min', objective);
      return low.status === 'optimal' && Math.ceil(low.value - EPSILON) <= value - level;
    } finally {
      program.dispose();
    }
  }

  /**
   * The whole-count bounds the relations near hidden `node` leave it (Infinity above when they
   * leave it unbounded): the attacker's interval of the count lies within them.
   */
  async bounds(node: number): Promise<{ lower: number; upper: number }> {
    const { program } = await this.neighbourhood(node);
    // A count in no small relation is bounded by none of them.
    if (program.columnOf(variableName(node)) === undefined) return { lower: 0, upper: Infinity };
    const objective = new Map([[variableName(node), 1]]);
    const high = program.optimize('max', objective);
    const low = program.optimize('min', objective);
    return {
      lower: low.status === 'optimal' ? Math.max(0, Math.ceil(low.value - EPSILON)) : 0,
      upper: high.status === 'optimal' ? Math.floor(high.value + EPSILON) : Infinity,
    };
  }

  /**
   * Whether a table with hidden `node` at `value` or beyond it exists in which only the hidden
   * numbers near it move (every relation they are in holds, the rest keep their values): a
   * restriction, so a table found is one the attacker cannot rule out. False proves nothing.
   */
  async reaches(node: number, value: number): Promise<boolean> {
    const { reached } = await this.neighbourhood(node);
    const touching = new Set<Constraint>();
    const every = relationIndex(this.view, false);
    for (const n of reached) for (const c of every.get(n) ?? []) touching.add(c);
    const rows = constraintRows([...touching], (n) => (reached.has(n) ? null : this.valueOf(n)), hiddenVariable);
    const program = await openProgram(rows, new Map(), { primal: true });
    try {
      const rise = value >= this.valueOf(node);
      const found = program.optimize(rise ? 'max' : 'min', new Map([[variableName(node), 1]]));
      if (found.status === 'unbounded') return rise;
      if (found.status !== 'optimal') return false;
      return rise ? found.value >= value - EPSILON : found.value <= value + EPSILON;
    } finally {
      program.dispose();
    }
  }

  private async neighbourhood(node: number): Promise<Neighbourhood> {
    const known = this.neighbourhoodOf.get(node);
    if (known) return known;
    const taken = new Set<Constraint>();
    const reached = new Set<number>([node]);
    const queue = [node];
    let complete = true;
    const nearest = this.growth === 'nearest';
    for (let head = 0; nearest ? head < queue.length : queue.length > 0; head++) {
      const n = nearest ? queue[head]! : queue.pop()!;
      const relations = this.relationsOf.get(n) ?? [];
      if (nearest && n !== node && relations.length > MAX_SPREAD) {
        complete = false;
        continue;
      }
      for (const c of relations) {
        if (taken.has(c)) continue;
        if (taken.size >= MAX_RELATIONS) {
          complete = false;
          break;
        }
        taken.add(c);
        for (const m of nodesOf(c)) {
          if (reached.has(m) || !this.isHidden(m)) continue;
          reached.add(m);
          queue.push(m);
        }
      }
    }
    const rows = constraintRows([...taken], (n) => (this.isHidden(n) ? null : this.valueOf(n)), hiddenVariable);
    const found: Neighbourhood = { program: await openProgram(rows, new Map(), { primal: true }), reached };
    this.opened.push(found);
    // A neighbourhood cut short is not every reached count's own: only this one asks it again.
    for (const n of complete ? reached : [node]) this.neighbourhoodOf.set(n, found);
    return found;
  }

  dispose(): void {
    for (const { program } of this.opened) program.dispose();
    this.opened.length = 0;
    this.neighbourhoodOf.clear();
  }
}

/** The view's value of a node, as the attacker's LP reads it. */
export function viewValueOf(view: AttackerView, fallback: (node: number) => number): (node: number) => number {
  return (node) => view.values[node] ?? fallback(node);
}
