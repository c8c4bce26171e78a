// An attacker written independently of src-main/disclosure, for the tests: it builds the linear
// program of a 2-D table with margins (or of a cube with all its subtotals) straight from its
// layout and asks GLPK for the range of every suppressed number.
import GLPK from 'glpk.js/node';
import type { ProtectedTable, RawTable } from '../../../src-main/disclosure/queryTable.ts';

type Equation = { vars: Map<string, number>; constant: number };

export interface Range {
  name: string;
  value: number;
  lower: number;
  upper: number;
}

export function rawFrom(counts: number[][]): RawTable {
  const rowTotals = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const colTotals = counts[0]!.map((_, j) => counts.reduce((s, r) => s + r[j]!, 0));
  return { counts, rowTotals, colTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
}

/** Ranges of hidden numbers given equations "sum of terms = 0" over named numbers. */
async function ranges(
  equations: { name: string; coef: number }[][],
  values: Map<string, number>,
  hidden: Set<string>,
): Promise<Range[]> {
  const glpk = await GLPK();
  const rows: Equation[] = equations.map((terms) => {
    const vars = new Map<string, number>();
    let constant = 0;
    for (const { name, coef } of terms) {
      if (hidden.has(name)) vars.set(name, (vars.get(name) ?? 0) + coef);
      else constant += coef * values.get(name)!;
    }
    return { vars, constant };
  });
  const subjectTo = rows
    .filter((r) => r.vars.size > 0)
    .map((r, i) => ({
      name: `e${i}`,
      vars: [...r.vars].map(([name, coef]) => ({ name, coef })),
      bnds: { type: glpk.GLP_FX, lb: -r.constant, ub: -r.constant },
    }));
  const out: Range[] = [];
  for (const name of hidden) {
    const bound = (direction: number) => {
      const result = glpk.solve(
        { name: 'attack', objective: { direction, name: 'o', vars: [{ name, coef: 1 }] }, subjectTo },
        { msglev: glpk.GLP_MSG_OFF, presol: false },
      ).result;
      if (result.status === glpk.GLP_UNBND) return Infinity;
      if (result.status !== glpk.GLP_OPT) throw new Error(`attacker LP status ${result.status}`);
      return result.z;
    };
    out.push({
      name,
      value: values.get(name)!,
      lower: Math.ceil(bound(glpk.GLP_MIN) - 1e-6) + 0,
      upper: Math.floor(bound(glpk.GLP_MAX) + 1e-6),
    });
  }
  return out;
}

/** The attacker of a 2-D table with row, column and grand totals. */
export async function attackTable(raw: RawTable, published: ProtectedTable): Promise<Range[]> {
  const values = new Map<string, number>();
  const hidden = new Set<string>();
  const note = (name: string, value: number, shown: number | null) => {
    values.set(name, value);
    if (shown === null) hidden.add(name);
  };
  raw.counts.forEach((line, i) => line.forEach((v, j) => note(`c${i},${j}`, v, published.counts[i]![j]!)));
  raw.rowTotals.forEach((v, i) => note(`r${i}`, v, published.rowTotals[i]!));
  raw.colTotals.forEach((v, j) => note(`k${j}`, v, published.colTotals[j]!));
  note('t', raw.total, published.total);
  const equations: { name: string; coef: number }[][] = [];
  raw.counts.forEach((line, i) =>
    equations.push([{ name: `r${i}`, coef: -1 }, ...line.map((_, j) => ({ name: `c${i},${j}`, coef: 1 }))]),
  );
  raw.colTotals.forEach((_, j) =>
    equations.push([{ name: `k${j}`, coef: -1 }, ...raw.counts.map((_, i) => ({ name: `c${i},${j}`, coef: 1 }))]),
  );
  equations.push([{ name: 't', coef: -1 }, ...raw.rowTotals.map((_, i) => ({ name: `r${i}`, coef: 1 }))]);
  equations.push([{ name: 't', coef: -1 }, ...raw.colTotals.map((_, j) => ({ name: `k${j}`, coef: 1 }))]);
  return ranges(equations, values, hidden);
}

/**
 * The attacker of a cube published with all subtotals: every subtotal (a partial key) equals the
 * sum of the leaves under it. `published(key)` is null where suppressed.
 */
export async function attackCube(
  categories: string[][],
  fields: string[],
  leafValue: (tuple: number[]) => number,
  published: (key: Record<string, string>) => number | null,
): Promise<Range[]> {
  const leaves: number[][] = [[]];
  for (const cats of categories)
    leaves.splice(0, leaves.length, ...leaves.flatMap((t) => cats.map((_, c) => [...t, c])));
  const values = new Map<string, number>();
  const hidden = new Set<string>();
  const equations: { name: string; coef: number }[][] = [];
  for (let mask = 0; mask < 1 << fields.length; mask++) {
    const groups = new Map<string, { key: Record<string, string>; leaves: number[][] }>();
    for (const tuple of leaves) {
      const key: Record<string, string> = {};
      fields.forEach((f, d) => {
        if (mask & (1 << d)) key[f] = categories[d]![tuple[d]!]!;
      });
      const name = JSON.stringify(key);
      const group = groups.get(name) ?? { key, leaves: [] };
      group.leaves.push(tuple);
      groups.set(name, group);
    }
    for (const [name, group] of groups) {
      values.set(
        name,
        group.leaves.reduce((s, t) => s + leafValue(t), 0),
      );
      if (published(group.key) === null) hidden.add(name);
      if (mask !== (1 << fields.length) - 1) {
        const leafName = (t: number[]) =>
          JSON.stringify(Object.fromEntries(fields.map((f, d) => [f, categories[d]![t[d]!]!])));
        equations.push([{ name, coef: -1 }, ...group.leaves.map((t) => ({ name: leafName(t), coef: 1 }))]);
      }
    }
  }
  return ranges(equations, values, hidden);
}

/**
 * The attacker of tables cut from one set of leaves (linked tables, which imply a latent cube):
 * every published number is the sum of the leaves it covers; the leaves themselves are unknown
 * (none is published). `numbers` are the published numbers with the leaf tuples they cover.
 */
export async function attackAggregates(
  leafCount: number,
  numbers: { name: string; value: number; shown: number | null; leaves: number[] }[],
): Promise<Range[]> {
  const values = new Map<string, number>();
  const hidden = new Set<string>();
  const equations: { name: string; coef: number }[][] = [];
  for (let leaf = 0; leaf < leafCount; leaf++) hidden.add(`leaf${leaf}`);
  for (const n of numbers) {
    if (values.has(n.name)) continue;
    values.set(n.name, n.value);
    if (n.shown === null) hidden.add(n.name);
    equations.push([{ name: n.name, coef: -1 }, ...n.leaves.map((l) => ({ name: `leaf${l}`, coef: 1 }))]);
  }
  const ranges_ = await ranges(equations, values, hidden);
  return ranges_.filter((r) => !r.name.startsWith('leaf'));
}

/**
 * The attacker of a persons table (distinct counts: a person may sit in several cells), with
 * only the relations that truly hold: a total is at least each of its parts and at most their
 * sum; every count is at least 0.
 */
export async function attackPersonsTable(raw: RawTable, published: ProtectedTable): Promise<Range[]> {
  const glpk = await GLPK();
  const names: { name: string; value: number; shown: number | null }[] = [];
  raw.counts.forEach((line, i) =>
    line.forEach((v, j) => names.push({ name: `c${i},${j}`, value: v, shown: published.counts[i]![j]! })),
  );
  raw.rowTotals.forEach((v, i) => names.push({ name: `r${i}`, value: v, shown: published.rowTotals[i]! }));
  raw.colTotals.forEach((v, j) => names.push({ name: `k${j}`, value: v, shown: published.colTotals[j]! }));
  names.push({ name: 't', value: raw.total, shown: published.total });
  const known = new Map(names.filter((n) => n.shown !== null).map((n) => [n.name, n.value]));
  // total - part >= 0 and sum(parts) - total >= 0, over the groups a total covers.
  const groups: { total: string; parts: string[] }[] = [];
  raw.counts.forEach((line, i) => groups.push({ total: `r${i}`, parts: line.map((_, j) => `c${i},${j}`) }));
  raw.colTotals.forEach((_, j) => groups.push({ total: `k${j}`, parts: raw.counts.map((_, i) => `c${i},${j}`) }));
  groups.push({ total: 't', parts: raw.rowTotals.map((_, i) => `r${i}`) });
  groups.push({ total: 't', parts: raw.colTotals.map((_, j) => `k${j}`) });
  groups.push({ total: 't', parts: raw.counts.flatMap((line, i) => line.map((_, j) => `c${i},${j}`)) });
  const rows: { terms: [string, number][]; lower: number }[] = [];
  for (const { total, parts } of groups) {
    for (const part of parts)
      rows.push({
        terms: [
          [total, 1],
          [part, -1],
        ],
        lower: 0,
      });
    rows.push({ terms: [[total, -1], ...parts.map((p): [string, number] => [p, 1])], lower: 0 });
  }
  const subjectTo = rows.flatMap((row, i) => {
    let constant = 0;
    const vars: { name: string; coef: number }[] = [];
    for (const [name, coef] of row.terms) {
      const value = known.get(name);
      if (value === undefined) vars.push({ name, coef });
      else constant += coef * value;
    }
    if (vars.length === 0) return [];
    return [{ name: `p${i}`, vars, bnds: { type: glpk.GLP_LO, lb: row.lower - constant, ub: 0 } }];
  });
  const out: Range[] = [];
  for (const n of names.filter((x) => x.shown === null)) {
    const bound = (direction: number) => {
      const result = glpk.solve(
        { name: 'persons', objective: { direction, name: 'o', vars: [{ name: n.name, coef: 1 }] }, subjectTo },
        { msglev: glpk.GLP_MSG_OFF, presol: false },
      ).result;
      if (result.status === glpk.GLP_UNBND) return Infinity;
      if (result.status !== glpk.GLP_OPT) throw new Error(`persons attacker LP status ${result.status}`);
      return result.z;
    };
    out.push({
      name: n.name,
      value: n.value,
      lower: Math.ceil(bound(glpk.GLP_MIN) - 1e-6) + 0,
      upper: Math.floor(bound(glpk.GLP_MAX) + 1e-6),
    });
  }
  return out;
}
