// What the analyst can do about a new table the release refuses for a gap: drop or coarsen a
// field of that table, or start a new release. A gap's other fields come from earlier outputs
// (a filter of one, a dimension of another), which no change to this table removes: they are
// named with the outputs that hold them, never as something to drop.

/** An earlier output as the advice names it: its label and the fields it shows or filters on. */
export interface Holder {
  label: string;
  fields: ReadonlySet<string>;
}

export interface AdviceOptions {
  /** One more option, before the new release. */
  alike?: string;
  /**
   * The outputs linked with this table other than the gap's. A field of this table one of them
   * holds stays in the model however this table changes, so dropping it leaves the gap open: it
   * is not advised (a cycle's is: any one field dropped breaks it).
   */
  elsewhere?: readonly Holder[];
  /** Fields this table only filters on: advised as the filter to drop. */
  filtersOnly?: ReadonlySet<string>;
}

/**
 * The sentence that says what to change. `own`: the new table's fields (axes and filters);
 * `fields`: those the gap spans; `holders`: the earlier outputs of the gap and of the model, in
 * the order they are named.
 */
export function gapAdvice(
  own: ReadonlySet<string>,
  fields: Iterable<string>,
  holders: readonly Holder[],
  { alike, elsewhere = [], filtersOnly = new Set() }: AdviceOptions = {},
): string {
  const gap = [...new Set(fields)];
  const heldBy = (f: string, among: readonly Holder[]) => [
    ...new Set(among.filter((h) => h.fields.has(f)).map((h) => h.label)),
  ];
  const ours = gap.filter((f) => own.has(f));
  const held = ours.filter((f) => heldBy(f, elsewhere).length > 0);
  const droppable = ours.filter((f) => !held.includes(f));
  const named = droppable.map((f) => (filtersOnly.has(f) ? `the filter on ${f}` : f));
  const options = [
    ...(droppable.length > 0
      ? [
          `without ${listed(named, 'or')}`,
          `with fewer categories of ${droppable.length > 1 ? 'them' : 'it'} (merged categories, or a coarser geography)`,
        ]
      : []),
    ...(alike !== undefined ? [alike] : []),
  ];
  const release = 'in a new release (Audit screen, or vso release start)';
  const what =
    options.length > 0 ? `Publish this table ${options.join(', ')}, or ${release}.` : `Publish this table ${release}.`;
  // One sentence per set of outputs holding them.
  const byHolders = new Map<string, { labels: string[]; fields: string[] }>();
  for (const f of held) {
    const labels = heldBy(f, elsewhere);
    const entry = byHolders.get(JSON.stringify(labels)) ?? { labels, fields: [] };
    entry.fields.push(f);
    byHolders.set(JSON.stringify(labels), entry);
  }
  const kept = [...byHolders.values()].map(
    ({ labels, fields: kept }) =>
      ` Dropping ${listed(kept, 'or')} from this table would not close the gap: ${listed(labels, 'and')} ${labels.length > 1 ? 'hold' : 'holds'} ${kept.length > 1 ? 'them' : 'it'} too.`,
  );
  const theirs = gap
    .filter((f) => !own.has(f))
    .map((f) => {
      const labels = heldBy(f, holders);
      const from = labels.length > 0 ? `: it comes from ${listed(labels, 'and')}` : '';
      return ` The field ${f} is not in this table${from}.`;
    });
  return what + kept.join('') + theirs.join('');
}

function listed(items: readonly string[], conjunction: string): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)!}`;
}
