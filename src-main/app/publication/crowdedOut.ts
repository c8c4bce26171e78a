// What the analyst is told of an earlier table crowded out of the release model: one that fits a
// model with the new table alone, but not beside the tables linked first (to close a cycle of
// fields or a margin those leave open, or nearer neighbours). The model then holds nothing of it,
// and an intruder who reads both can subtract them, so the note says which outputs it did not fit
// beside and why each came first, and what to change. Never a count of any cell.
import type { QuerySpec } from '../../../shared/query.ts';

interface Table {
  label: string;
  spec: QuerySpec;
}

/** Why an output was checked with the new table ahead of the crowded one. */
export type LinkedFirstWhy = 'gap' | 'neighbour';

/** A table by its fields, then the fields it filters on: "district × sex, filtered on age_band". */
function shape(spec: QuerySpec): string {
  const axes = [...spec.rows, ...spec.cols];
  const filtered = [...new Set(spec.filters.map((f) => f.field))].filter((f) => !axes.includes(f));
  const by = axes.length > 0 ? axes.join(' × ') : 'its total';
  return filtered.length > 0 ? `${by}, filtered on ${filtered.join(', ')}` : by;
}

const FIRST_BECAUSE: Readonly<Record<LinkedFirstWhy, string>> = {
  gap: 'with this table it closes a cycle of fields or leaves a margin open',
  neighbour: 'it is one field apart from this table, or shares a field with it',
};

/**
 * The why of an UnlinkedNote for `table`, which did not fit beside `beside` (together `finest`
 * cells, past `cap`). Coarser categories of this table seldom help (the earlier outputs set most
 * of the size), so the advice is a new release, or this table without a field it shares.
 */
export function crowdedOutWhy(
  table: Table,
  beside: ReadonlyArray<{ table: Table; why: LinkedFirstWhy }>,
  newTable: QuerySpec,
  finest: number,
  cap: number,
): string {
  const byLabel = new Map(beside.map((b) => [b.table.label, b] as const));
  const named = [...byLabel.values()]
    .map(({ table: t, why }) => `${t.label} (${shape(t.spec)}: ${FIRST_BECAUSE[why]})`)
    .join('; ');
  const fields = [...newTable.rows, ...newTable.cols];
  const fewer = fields.length > 1 ? `, or publish it without one of its fields (${fields.join(', ')})` : '';
  return (
    `that output (${shape(table.spec)}) would fit one check with this table alone, but not beside ` +
    `the outputs checked with this table first: ${named}. All of them together ` +
    `come to ${finest} combinations of categories, more than one check takes (${cap}). Read together ` +
    `with this table, that output may narrow small counts this table hides. To have them checked ` +
    `together, publish this table in a new release (Audit screen, or vso release start)${fewer}`
  );
}

/**
 * The why of an UnlinkedNote for `tables` of one earlier output over needs alone, left out of the
 * model of a new table over needs alone: the tables nearer it (a needs matrix's squares first,
 * the newest) took the room one check has, and the needs audit reads tables over needs alone only
 * with a matrix's squares, never with this table. `reach`: how far past one check the least of
 * `tables` goes beside `beside`.
 */
export function needsCrowdedOutWhy(
  tables: readonly Table[],
  beside: readonly Table[],
  newTable: QuerySpec,
  reach: string | null,
): string {
  // A matrix leaves many squares out: the first few say what they are.
  const all = [...new Set(tables.map((t) => shape(t.spec)))];
  const more = all.length > 3 ? `; and ${all.length - 3} more of its tables` : '';
  const shapes = all.slice(0, 3).join('; ') + more;
  const labels = [...new Set(beside.map((t) => t.label))];
  const named =
    labels.length > 5 ? `${labels.slice(0, 5).join('; ')}; and ${labels.length - 5} more` : labels.join('; ');
  const room = named.length > 0 ? ` It was left out for the outputs checked with this table first: ${named}.` : '';
  const past = reach !== null ? ` Beside them, even the least of its tables left out comes to ${reach}.` : '';
  const fields = [...newTable.rows, ...newTable.cols];
  const fewer = fields.length > 1 ? `, or publish it without one of its fields (${fields.join(', ')})` : '';
  return (
    `that output (${shapes}) is over needs alone, as this table is, and is not checked with this ` +
    `table.${room}${past} The needs audit reads outputs over needs alone together only with a ` +
    `needs matrix's counts, not with this table. Read together with this table, that ` +
    `output may narrow small counts this table hides. To have them checked together, publish this ` +
    `table in a new release (Audit screen, or vso release start)${fewer}`
  );
}
