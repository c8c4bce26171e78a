// Records and persons of the same cells as one model. A release that publishes "victims
// (records) by district x offence" and "victims (distinct persons) by the same" links them: a
// cell's persons are at most its records (a published persons count p bounds the records r >= p,
// a published records count bounds the persons p <= r), a cell with records has at least one
// person, and a cell without persons has no records. These are inequalities, so the joint model
// is never a network: its audits and complements go to the LP.
//
// Nodes: the records model's, then the persons model's (ids prefixed), then two published
// constants, 1 and 0, so the bounds of a finest cell are relations between nodes. Whether a
// finest cell is empty is taken from the data (known to the protector): an attacker who knows
// it is at least as strong as one who must work it out, so protecting against it is safe.
import { type AttackerView, attackerViews } from './attackerViews.ts';
import {
  type CellKey,
  type Constraint,
  type Groups,
  type Measure,
  type ModelNode,
  type Scope,
  type TableModel,
  additiveConstraints,
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
  for (const p of leafIndices(persons)) {
    const r = records.indexOf.get(persons.nodes[p]!.id);
    if (r === undefined || !records.nodes[r]!.leaf) {
      throw new Error(`The records and persons models differ in their finest cells (${persons.nodes[p]!.id}).`);
    }
    cross.push({ kind: 'atLeast', total: r, member: from + p });
    const value = records.nodes[r]!.value;
    if (value === null) continue;
    if (value >= 1) cross.push({ kind: 'atLeast', total: from + p, member: one });
    else cross.push({ kind: 'atLeast', total: zero, member: r });
  }
  const personsLeaves = leafIndices(persons);
  const additive = [
    ...records.constraints,
    ...additiveConstraints(persons.nodes, personsLeaves).map((c) => shifted(c, from)),
    ...cross,
  ];
  return {
    measure: 'persons',
    fields: records.fields,
    nodes,
    constraints: [...records.constraints, ...persons.constraints.map((c) => shifted(c, from)), ...cross],
    indexOf: new Map(nodes.map((n, i) => [n.id, i])),
    idOf: (key: CellKey, scope?: Scope, groups?: Groups, measure?: Measure) =>
      measure === 'persons' ? PERSONS + persons.idOf(key, scope, groups) : records.idOf(key, scope, groups),
    joint: { personsFrom: from, constants: [one, zero], additive },
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
