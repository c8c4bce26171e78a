// What the analyst can do about a new table the release refuses for a gap: drop or coarsen a
// field of that table, or start a new release. A gap's other fields come from earlier outputs
// (a filter of one, a dimension of another), which no change to this table removes: they are
// named with the outputs that hold them, never as something to drop.

/** An earlier output as the advice names it: its label and the fields it shows or filters on. */
export interface Holder {
  label: string;
  fields: ReadonlySet<string>;
}

/**
 * The sentence that says what to change. `own`: the new table's fields (axes and filters);
 * `fields`: those the gap spans; `holders`: the earlier outputs of the gap and of the model, in
 * the order they are named; `alike`: one more option, before the new release.
 */
export function gapAdvice(
  own: ReadonlySet<string>,
  fields: Iterable<string>,
  holders: readonly Holder[],
  alike?: string,
): string {
  const gap = [...new Set(fields)];
  const ours = gap.filter((f) => own.has(f));
  const options = [
    ...(ours.length > 0
      ? [
          `without ${listed(ours, 'or')}`,
          `with fewer categories of ${ours.length > 1 ? 'them' : 'it'} (merged categories, or a coarser geography)`,
        ]
      : []),
    ...(alike !== undefined ? [alike] : []),
  ];
  const release = 'in a new release (Audit screen, or vso release start)';
  const what =
    options.length > 0 ? `Publish this table ${options.join(', ')}, or ${release}.` : `Publish this table ${release}.`;
  const theirs = gap
    .filter((f) => !own.has(f))
    .map((f) => {
      const labels = [...new Set(holders.filter((h) => h.fields.has(f)).map((h) => h.label))];
      const from = labels.length > 0 ? `: it comes from ${listed(labels, 'and')}` : '';
      return ` ${f} is not a field of this table${from}.`;
    });
  return what + theirs.join('');
}

function listed(items: readonly string[], conjunction: string): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)!}`;
}
