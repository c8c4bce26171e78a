// What the analyst is told of an earlier table crowded out of the release model: one that fits a
// model with the new table alone, but not beside the tables linked first to close a cycle of
// fields or a margin those leave open. The model then holds nothing of it, and an intruder who
// reads both can subtract them, so the note says which tables it did not fit beside, how far past
// the cap they reach together, and what to change so that they fit.
import type { QuerySpec } from '../../../shared/query.ts';

interface Table {
  label: string;
  spec: QuerySpec;
}

/** A table by its fields, then the fields it filters on: "district × sex, filtered on age_band". */
function shape(spec: QuerySpec): string {
  const axes = [...spec.rows, ...spec.cols];
  const filtered = [...new Set(spec.filters.map((f) => f.field))].filter((f) => !axes.includes(f));
  const by = axes.length > 0 ? axes.join(' × ') : 'its total';
  return filtered.length > 0 ? `${by}, filtered on ${filtered.join(', ')}` : by;
}

/** The why of an UnlinkedNote for `table`, which did not fit beside `beside` (`finest` cells past `cap`). */
export function crowdedOutWhy(table: Table, beside: readonly Table[], finest: number, cap: number): string {
  const named = [...new Set(beside.map((t) => `${t.label} (${shape(t.spec)})`))].join('; ');
  return (
    `its table (${shape(table.spec)}) fits one check with this table, but not beside ${named}, ` +
    `linked first because with this table they close a cycle of fields or leave a margin open; all ` +
    `together they span ${finest} finest cells, more than a release checks together (${cap}), so ` +
    `read with this table it may still narrow small counts that this table leaves open. Publish this ` +
    `table in a new release (Audit screen, or vso release start), or with fewer categories (a ` +
    `coarser geography, or merged categories) or fewer fields, so that they fit`
  );
}
