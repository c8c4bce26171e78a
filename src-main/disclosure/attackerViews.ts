// What an attacker knows about a table besides its published numbers, as one or two "views"
// (a set of constraints plus the values the published nodes carry). Suppression must protect
// every sensitive cell in every view.
//
// - records: one view, the exact additive relations.
// - persons: totals of distinct persons are not sums (one person may sit in two cells), so the
//   true relations are bounds: a total is at least each of its parts and at most their sum.
//   Those bounds alone are weak (a row [10, x, 20 | 32] leaves x in [2, 32]), yet most persons
//   tables are nearly additive and an attacker who assumes so would read x = 2. So a persons
//   table is protected in two views: the true bounds with the true values, and an additive
//   surrogate in which every aggregate is the sum of its leaves (latent leaves filled from a
//   point consistent with the published table). The additive view is the conservative one.
import { type Constraint, type TableModel, additiveOf } from './tableModel.ts';
import { type Program, addTerm, solve } from './linearProgram.ts';

export interface AttackerView {
  label: 'additive' | 'distinct';
  constraints: Constraint[];
  /** Per node: its value in this view (null for latent leaves of the true persons view). */
  values: (number | null)[];
}

const NAMES = { x: [] as string[], u: [] as string[], d: [] as string[] };

/**
 * A node's LP variable by name, each name made once per thread: an LP over a release names its
 * tens of thousands of variables again per program, each name a new string to hash.
 */
export function nodeName(prefix: 'x' | 'u' | 'd', node: number): string {
  if (!Number.isInteger(node) || node < 0) return `${prefix}${node}`;
  const names = NAMES[prefix];
  // Made in order, so the list stays packed (a far index alone would make it a dictionary).
  while (names.length <= node) names.push(`${prefix}${names.length}`);
  return names[node]!;
}

export const variableName = (node: number): string => nodeName('x', node);

/**
 * The constraints of a view as LP rows. `constantOf(i)` is a node's value when the LP treats
 * it as a known constant, or null when it is unknown; then `addVariables` adds its variables
 * to the row and returns any constant part (a candidate cell is `value + up - down`).
 */
export function constraintRows(
  constraints: readonly Constraint[],
  constantOf: (node: number) => number | null,
  addVariables: (terms: Map<string, number>, node: number, coef: number) => number,
): Program['rows'] {
  const rows: Program['rows'] = [];
  // One row at a time, the constant part moved to the right-hand side. No closure per relation,
  // and a term map only per row kept: a release's views hold tens of thousands of relations,
  // and an audit's rows hold hidden numbers only, so most relations make no row.
  let terms = new Map<string, number>();
  let constant = 0;
  const add = (node: number, coef: number) => {
    const value = constantOf(node);
    if (value === null) constant += addVariables(terms, node, coef);
    else constant += coef * value;
  };
  for (const constraint of constraints) {
    // The last relation's map, left empty when it made no row (its terms cancelled or none).
    if (terms.size > 0) terms = new Map<string, number>();
    constant = 0;
    switch (constraint.kind) {
      case 'sum':
      case 'atMostSum':
        add(constraint.total, 1);
        for (const m of constraint.members) add(m, -1);
        if (terms.size === 0) break;
        if (constraint.kind === 'sum') rows.push({ terms, lower: -constant, upper: -constant });
        else rows.push({ terms, upper: -constant });
        break;
      case 'atLeast':
        add(constraint.total, 1);
        add(constraint.member, -1);
        if (terms.size > 0) rows.push({ terms, lower: -constant });
        break;
    }
  }
  return rows;
}

/** The plain hidden-variable form: a hidden node is one variable x_i >= 0. */
export function hiddenVariable(terms: Map<string, number>, node: number, coef: number): number {
  addTerm(terms, variableName(node), coef);
  return 0;
}

export async function attackerViews(model: TableModel): Promise<AttackerView[]> {
  const values = model.nodes.map((n) => n.value);
  if (model.measure === 'records') return [{ label: 'additive', constraints: model.constraints, values }];
  const distinct: AttackerView = { label: 'distinct', constraints: model.constraints, values };
  const leafValues = await fillLatentLeaves(distinct);
  const constraints = additiveOf(model);
  const surrogate: (number | null)[] = leafValues.slice();
  for (const c of constraints) {
    if (c.kind === 'sum') surrogate[c.total] = c.members.reduce((s, m) => s + (leafValues[m] ?? 0), 0);
  }
  return [distinct, { label: 'additive', constraints: [...constraints], values: surrogate }];
}

/** Leaf values with latent leaves set to a point consistent with every published number. */
async function fillLatentLeaves(view: AttackerView): Promise<(number | null)[]> {
  const latent = view.values.flatMap((v, i) => (v === null ? [i] : []));
  if (latent.length === 0) return view.values;
  const rows = constraintRows(view.constraints, (i) => view.values[i] ?? null, hiddenVariable);
  const solution = await solve({ direction: 'min', objective: new Map(), rows });
  if (solution.status !== 'optimal') {
    throw new Error('The published persons tables admit no consistent set of underlying counts.');
  }
  const filled = view.values.slice();
  for (const i of latent) filled[i] = solution.vars[variableName(i)] ?? 0;
  return filled;
}
