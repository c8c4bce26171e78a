// The cheapest witness (secondarySuppression.ts) on a neighbourhood of its target instead of the
// whole view: on a persons table of 5,000 x 13 the whole LP has 70k nodes, the witness moves a
// handful of them next to the target.
//
// The local LP frees the nodes of a set `inner` (a hidden one as x >= 0, a printed candidate as
// value + up - down) and keeps every other node at its value in the view; its rows are the
// view's relations that touch `inner`. Its solution, every other node at its value, is a table
// of the whole view when that table holds every relation; it is checked against all of them, so
// a witness returned here is always one the whole LP could have returned (sound).
//
// It is also as cheap as the whole LP's: the local LP's row duals, 0 for every other relation,
// price each node kept at its value (its up, down or hidden variable's reduced cost, as HiGHS
// would have it in the whole LP). When none could lower the cost, those duals prove the local
// optimum optimal in the whole LP; otherwise the nodes that could are freed and it solves again
// (column generation). An infeasible local LP frees every node its relations touch. Beyond a
// few rounds, or a neighbourhood a quarter of the view, it answers undefined: the whole LP decides.
import type { AttackerView } from './attackerViews.ts';
import { nodeName, variableName } from './attackerViews.ts';
import { type Row, type Terms, addTerm, openProgram } from './linearProgram.ts';
import type { Constraint } from './tableModel.ts';
import { viewRelations } from './viewProgram.ts';

/** How a node enters the witness LP: a constant (printed, not to be hidden), hidden (free) or a candidate complement. */
export type WitnessRole = 'constant' | 'hidden' | 'candidate';

export interface WitnessQuestion {
  view: AttackerView;
  nodeCount: number;
  role: (node: number) => WitnessRole;
  /** The node's value in the view (the table every witness starts from). */
  value: (node: number) => number;
  costs: readonly number[];
  target: number;
  direction: 1 | -1;
  level: number;
  /** The largest share of the view's nodes a neighbourhood may grow to before the whole LP decides (default a quarter). */
  share?: number;
}

export interface Witness {
  cost: number;
  /** The candidates it moves (to be hidden). */
  moved: number[];
  /** Every node's value in the witness table. */
  valueOf: (node: number) => number;
}

const MOVED = 1e-6;
/** A reduced cost below -PRICED means freeing that node could lower the cost. */
const PRICED = 1e-6;
/** Rounds of freeing more nodes before the whole LP is asked instead. */
const ROUNDS = 12;
/** The most nodes freed by their price per round (the most negative first). */
const FREED_PER_ROUND = 64;

const nodesOf = (c: Constraint): readonly number[] =>
  c.kind === 'atLeast' ? [c.total, c.member] : [c.total, ...c.members];

/**
 * The cheapest witness found on a neighbourhood of the target and proven as cheap as the whole
 * LP's; null when the local LP proves none exists (the target's relations closed on themselves);
 * undefined when the whole LP must decide.
 */
export async function localWitness(question: WitnessQuestion): Promise<Witness | null | undefined> {
  const { view, role, target } = question;
  if (role(target) === 'constant') return undefined;
  const { relationsOf } = viewRelations(view, question.nodeCount);
  const inner = new Set<number>([target]);
  // Start from the target and the nodes its small relations hold (its row, not its whole column).
  for (const c of relationsOf[target]!) {
    const nodes = nodesOf(c);
    if (nodes.length <= FREED_PER_ROUND) for (const n of nodes) if (role(n) !== 'constant') inner.add(n);
  }
  const largest = question.nodeCount * (question.share ?? 0.25);
  for (let round = 0; round < ROUNDS && inner.size <= largest; round++) {
    const step = await solveLocal(question, relationsOf, inner);
    if (step.kind === 'undecided') return undefined;
    if (step.kind === 'witness') return step.witness;
    if (step.free.length === 0) return step.kind === 'infeasible' ? null : undefined;
    for (const n of step.free) inner.add(n);
  }
  return undefined;
}

type Step =
  | { kind: 'witness'; witness: Witness }
  /** Nodes to free next: those that could lower the cost, or every node the relations touch. */
  | { kind: 'grow' | 'infeasible'; free: number[] }
  | { kind: 'undecided' };

async function solveLocal(
  question: WitnessQuestion,
  relationsOf: readonly (readonly Constraint[])[],
  inner: ReadonlySet<number>,
): Promise<Step> {
  const { role, value, costs, target, direction, level } = question;
  const relations = new Set<Constraint>();
  for (const n of inner) for (const c of relationsOf[n]!) relations.add(c);
  const local = [...relations];
  // A node next to a grand total shares a relation with every node of the view (the total is at
  // least each of them): tens of thousands of rows, each a bound on the total alone. Of the rows
  // bounding one node's value on one side only the tightest can bind, so only it is written. The
  // LP is the same; its duals, 0 on the rows not written, may be another optimal set where several
  // bind, and the pricing below proves the optimum with them as well: they are dual-feasible for
  // the whole view's relations with every node outside `inner` priced, and the table is checked
  // against every relation (holdsEverywhere).
  const bounding = tightestBounds(local, inner, value);
  const rows: Row[] = [];
  /** Per local relation, its row (-1: its free terms cancelled, or a tighter row bounds the same node). */
  const rowOf = new Int32Array(local.length).fill(-1);
  const objective: Terms = new Map();
  const bounds = new Map<string, { lower: number; upper?: number }>();
  let terms: Terms = new Map();
  let constant = 0;
  const add = (n: number, coef: number): void => {
    if (!inner.has(n)) {
      constant += coef * value(n);
      return;
    }
    if (role(n) === 'hidden') {
      addTerm(terms, variableName(n), coef);
      return;
    }
    addTerm(terms, nodeName('u', n), coef);
    addTerm(terms, nodeName('d', n), -coef);
    objective.set(nodeName('u', n), costs[n]!);
    objective.set(nodeName('d', n), costs[n]!);
    bounds.set(nodeName('d', n), { lower: 0, upper: value(n) });
    constant += coef * value(n);
  };
  for (const [i, c] of local.entries()) {
    if (bounding[i] === 0) continue;
    terms = new Map();
    constant = 0;
    if (c.kind === 'atLeast') {
      add(c.total, 1);
      add(c.member, -1);
    } else {
      add(c.total, 1);
      for (const m of c.members) add(m, -1);
    }
    if (terms.size === 0) continue;
    rowOf[i] = rows.length;
    if (c.kind === 'sum') rows.push({ terms, lower: -constant, upper: -constant });
    else if (c.kind === 'atMostSum') rows.push({ terms, upper: -constant });
    else rows.push({ terms, lower: -constant });
  }
  const shift = new Map([[variableName(target), 1]]);
  const at = value(target);
  rows.push(direction === 1 ? { terms: shift, lower: at + level } : { terms: shift, upper: at - level });
  const program = await openProgram(rows, bounds, { duals: true });
  try {
    const solution = program.optimize('min', objective);
    const touched = (): number[] => {
      const out = new Set<number>();
      for (const c of local) for (const n of nodesOf(c)) if (!inner.has(n) && role(n) !== 'constant') out.add(n);
      return [...out];
    };
    if (solution.status === 'infeasible') return { kind: 'infeasible', free: touched() };
    if (solution.status !== 'optimal' || solution.duals === undefined) return { kind: 'undecided' };
    // Per node, A'y: its coefficients in the local rows times their duals.
    const priced = new Map<number, number>();
    const { rows: rowDual, columns: reduced } = solution.duals;
    for (const [i, c] of local.entries()) {
      const y = rowOf[i]! < 0 ? 0 : rowDual[rowOf[i]!]!;
      if (y === 0) continue;
      const price = (n: number, coef: number) => priced.set(n, (priced.get(n) ?? 0) + coef * y);
      if (c.kind === 'atLeast') {
        price(c.total, 1);
        price(c.member, -1);
      } else {
        price(c.total, 1);
        for (const m of c.members) price(m, -1);
      }
    }
    // The target's own row (its move) is the last.
    priced.set(target, (priced.get(target) ?? 0) + rowDual[rows.length - 1]!);
    // The duals as HiGHS reads them: the local columns' reduced costs computed here must be its own.
    const column = (name: string, cost: number, sign: number, n: number): boolean => {
      const index = program.columnOf(name);
      return index === undefined || Math.abs(cost - sign * (priced.get(n) ?? 0) - reduced[index]!) <= 1e-5 * (1 + cost);
    };
    for (const n of inner) {
      const agrees =
        role(n) === 'hidden'
          ? column(variableName(n), 0, 1, n)
          : column(nodeName('u', n), costs[n]!, 1, n) && column(nodeName('d', n), costs[n]!, -1, n);
      if (!agrees) return { kind: 'undecided' };
    }
    // A node kept at its value: its variables' reduced costs in the whole LP, at their bounds there.
    const gain: [number, number][] = [];
    for (const [n, g] of priced) {
      if (inner.has(n) || role(n) === 'constant') continue;
      let worst: number;
      if (role(n) === 'hidden') worst = value(n) > 0 ? -Math.abs(g) : -g;
      else worst = Math.min(costs[n]! - g, value(n) > 0 ? costs[n]! + g : Infinity);
      if (worst < -PRICED) gain.push([n, worst]);
    }
    if (gain.length > 0) {
      gain.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      return { kind: 'grow', free: gain.slice(0, FREED_PER_ROUND).map(([n]) => n) };
    }
    const vars = solution.vars;
    const point = new Map<number, number>();
    const moved: number[] = [];
    for (const n of inner) {
      if (role(n) === 'hidden') {
        point.set(n, vars[variableName(n)] ?? 0);
        continue;
      }
      const up = vars[nodeName('u', n)] ?? 0;
      const down = vars[nodeName('d', n)] ?? 0;
      if (up > MOVED || down > MOVED) moved.push(n);
      point.set(n, value(n) + up - down);
    }
    const valueOf = (n: number) => point.get(n) ?? value(n);
    if (!holdsEverywhere(question.view.constraints, valueOf, question.nodeCount)) return { kind: 'undecided' };
    return { kind: 'witness', witness: { cost: solution.value, moved, valueOf } };
  } finally {
    program.dispose();
  }
}

/**
 * Per relation: 0 where it bounds a single node of `inner` on one side no tighter than another
 * relation does (the first of equals is kept), else 1. A relation of one inner node n, with the
 * node's coefficient a and the rest's value K, reads a·v + K >= 0 (at least) or <= 0 (at most a
 * sum): a bound on v of -K/a, below or above as the signs say. Sums (equalities) are all kept.
 */
function tightestBounds(
  local: readonly Constraint[],
  inner: ReadonlySet<number>,
  value: (node: number) => number,
): Uint8Array {
  const keep = new Uint8Array(local.length).fill(1);
  /** Per node and side (2n: below, 2n + 1: above): the relation kept and its bound. */
  const best = new Map<number, { relation: number; bound: number }>();
  // The relation being read: its one inner node so far (-2: more than one), that node's coefficient, the rest's value.
  let node = -1;
  let coef = 0;
  let rest = 0;
  const term = (n: number, a: number): void => {
    if (!inner.has(n)) rest += a * value(n);
    else if (node === -1 || node === n) {
      node = n;
      coef += a;
    } else node = -2;
  };
  for (const [i, c] of local.entries()) {
    if (c.kind === 'sum') continue;
    node = -1;
    coef = 0;
    rest = 0;
    term(c.total, 1);
    if (c.kind === 'atLeast') term(c.member, -1);
    else for (const m of c.members) if (node !== -2) term(m, -1);
    if (node < 0 || coef === 0) continue;
    const bound = -rest / coef;
    // a·v + K >= 0 bounds v below when a > 0; a·v + K <= 0 bounds it below when a < 0.
    const below = c.kind === 'atLeast' ? coef > 0 : coef < 0;
    const key = 2 * node + (below ? 0 : 1);
    const kept = best.get(key);
    if (kept === undefined) {
      best.set(key, { relation: i, bound });
      continue;
    }
    if (below ? bound > kept.bound : bound < kept.bound) {
      keep[kept.relation] = 0;
      best.set(key, { relation: i, bound });
    } else keep[i] = 0;
  }
  return keep;
}

/** Whether the table `at` holds every relation of the view and has no negative number (to LP tolerances). */
export function holdsEverywhere(
  constraints: readonly Constraint[],
  at: (node: number) => number,
  nodeCount: number,
): boolean {
  for (let n = 0; n < nodeCount; n++) if (at(n) < -1e-6) return false;
  for (const c of constraints) {
    const total = at(c.total);
    if (c.kind === 'atLeast') {
      if (total < at(c.member) - 1e-6) return false;
      continue;
    }
    let sum = 0;
    let scale = Math.abs(total);
    for (const m of c.members) {
      const v = at(m);
      sum += v;
      scale += Math.abs(v);
    }
    const slack = 1e-6 + 1e-9 * scale;
    if (c.kind === 'sum' ? Math.abs(total - sum) > slack : total > sum + slack) return false;
  }
  return true;
}
