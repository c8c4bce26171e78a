// How many finest cells one release model over some tables holds, as the model cuts them
// (disclosure/tableModel.ts): a field a table shows is cut into each of its categories, a field
// the tables only filter on into the blocks their category sets tell apart (a table of victims
// not aged 25 to 34 cuts age band in two). It sizes the model a gap in the release's links
// needs, where linking fields by their whole domains would count many cells no table tells
// apart.
import type { Scope } from '../../disclosure/tableModel.ts';

export interface TableCut {
  /** The fields the table shows (its rows and columns). */
  fields: readonly string[];
  /** Its category filters, as the categories each keeps. */
  scope: Scope;
}

/** The finest cells of a model over `tables`; a field with no known categories counts one. */
export function finestCells(tables: readonly TableCut[], domains: Readonly<Record<string, readonly string[]>>): number {
  const fields = new Set(tables.flatMap((t) => [...t.fields, ...Object.keys(t.scope)]));
  let cells = 1;
  for (const field of fields) {
    const categories = domains[field] ?? [];
    // Merged categories on an axis are counted as their members: more cells, never fewer.
    if (tables.some((t) => t.fields.includes(field))) {
      cells *= Math.max(1, categories.length);
      continue;
    }
    const sets = tables.flatMap((t) => (t.scope[field] ? [new Set(t.scope[field])] : []));
    const blocks = new Set(categories.map((c) => sets.map((s) => (s.has(c) ? '1' : '0')).join('')));
    cells *= Math.max(1, blocks.size);
  }
  return cells;
}
