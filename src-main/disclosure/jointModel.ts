// Records and persons of the same cells as one model. A release that publishes "victims
// (records) by district x offence" and "victims (distinct persons) by the same" links them: a
// cell's persons are at most its records (a published persons count p bounds the records r >= p,
// a published records count bounds the persons p <= r), a cell with records has at least one
// person, and a cell without persons has no records. These are inequalities, so the joint model
// is never a network: its audits and complements go to the LP.
//
// Nodes: the records model's, then the persons model's (ids prefixed), then two published
// constants, 1 and 0, so the bounds of a finest cell are relations between nodes. The bounds
// from emptiness are added only where the attacker reads them off a printed number (a finest
// cell's records printed >= 1, or its persons printed 0): taken from the data for every cell,
// they made the attacker so strong that some small counts could not be protected at all, and
// the suppression gave up on them.
import { type AttackerView, attackerViews } from './attackerViews.ts';
import {
  type CellKey,
  type Constraint,
  type Groups,
  type Measure,
  type ModelNode,
  type Scope,
  type TableModel,
  additiveOf,
  leafIndices,
} from './tableModel.ts';

const PERSONS = 'persons ';

function shifted(c: Constraint, by: number): Constraint {
  if (c.kind === 'atLeast') return { kind: 'atLeast', total: c.total + by, member: c.member + by };
  return { kind: c.kind, total: c.total + by, members: c.members.map((m) => m + by) };
}

/**
 * One model of a records model and a persons model built over the same tables (each with the
 * other's tables as its span, so both have the same finest cells), with the relations between them.
 */
export function jointModel(records: TableModel, persons: TableModel): TableModel {
  const from = records.nodes.length;
  const nodes: ModelNode[] = [...records.nodes, ...persons.nodes.map((n) => ({ ...n, id: PERSONS + n.id }))];
  const one = nodes.length;
  const zero = one + 1;
  const constant = (id: string, value: number): ModelNode => ({
    id,
    key: {},
    scope: {},
    value,
    published: true,
    leaf: false,
  });
  nodes.push(constant('the constant 1', 1), constant('the constant 0', 0));
  const cross: Constraint[] = [];
  const personsLeaves = leafIndices(persons);
  for (const p of personsLeaves) {
    const r = records.indexOf.get(persons.nodes[p]!.id);
    if (r === undefined || !records.nodes[r]!.leaf) {
      throw new Error(`The records and persons models differ in their finest cells (${persons.nodes[p]!.id}).`);
    }
    cross.push({ kind: 'atLeast', total: r, member: from + p });
  }
  const additive = [...records.constraints, ...additiveOf(persons).map((c) => shifted(c, from)), ...cross];
  return {
    measure: 'persons',
    fields: records.fields,
    nodes,
    constraints: [...records.constraints, ...persons.constraints.map((c) => shifted(c, from)), ...cross],
    indexOf: indexOfIds(nodes),
    idOf: (key: CellKey, scope?: Scope, groups?: Groups, measure?: Measure) =>
      measure === 'persons' ? PERSONS + persons.idOf(key, scope, groups) : records.idOf(key, scope, groups),
    joint: { personsFrom: from, constants: [one, zero], additive, sides: { records, persons } },
  };
}

/** Per node id, its index (a loop: a joint model has tens of thousands of nodes). */
function indexOfIds(nodes: readonly ModelNode[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) index.set(nodes[i]!.id, i);
  return index;
}

/**
 * The joint model with the bounds the attacker reads off printed finest cells: records printed
 * >= 1 give the cell's persons >= 1; persons printed 0 give its records 0.
 */
export function withPrintedBounds(model: TableModel, printed: ReadonlySet<number>): TableModel {
  const joint = model.joint;
  if (!joint) return model;
  const [one, zero] = joint.constants as [number, number];
  const bounds: Constraint[] = [];
  for (const c of model.constraints) {
    // The persons <= records relation of each finest cell names both of its nodes.
    if (c.kind !== 'atLeast' || c.total >= joint.personsFrom || c.member < joint.personsFrom) continue;
    if (!model.nodes[c.total]!.leaf || !model.nodes[c.member]!.leaf) continue;
    const records = model.nodes[c.total]!.value;
    const persons = model.nodes[c.member]!.value;
    if (printed.has(c.total) && records !== null && records >= 1) {
      bounds.push({ kind: 'atLeast', total: c.member, member: one });
    }
    if (printed.has(c.member) && persons === 0) bounds.push({ kind: 'atLeast', total: zero, member: c.total });
  }
  if (bounds.length === 0) return model;
  return {
    ...model,
    constraints: [...model.constraints, ...bounds],
    joint: { ...joint, additive: [...joint.additive, ...bounds] },
  };
}

/**
 * The attacker's views of a model: a joint one has the true relations (persons bounds) with the
 * true values, and the additive surrogate (every persons aggregate the sum of its finest cells,
 * valued so) in which the persons are as nearly additive as an attacker may assume; other models
 * take attackerViews.ts's.
 */
export async function modelViews(model: TableModel): Promise<AttackerView[]> {
  const joint = model.joint;
  if (!joint) return attackerViews(model);
  const values = model.nodes.map((n) => n.value);
  const unknown = model.nodes.findIndex((n, i) => n.leaf && values[i] === null);
  if (unknown >= 0) {
    throw new Error(
      `Records and persons are protected together only with every finest cell known (${model.nodes[unknown]!.id}).`,
    );
  }
  const surrogate = values.slice();
  for (const c of joint.additive) {
    if (c.kind === 'sum' && c.total >= joint.personsFrom) {
      surrogate[c.total] = c.members.reduce((s, m) => s + (values[m] ?? 0), 0);
    }
  }
  return [
    { label: 'distinct', constraints: model.constraints, values },
    { label: 'additive', constraints: [...joint.additive], values: surrogate },
  ];
}
