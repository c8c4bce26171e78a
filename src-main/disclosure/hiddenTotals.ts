// Hidden totals an audit LP does not need as variables. A hidden total whose one relation is its
// own sum (a cube's hidden subtotal: no other relation holds it) equals that sum in every table
// the attacker can build, and is >= 0 whenever its parts are, so the LP may drop its row and its
// column and read its value off its parts: the same feasible tables, a smaller basis.
import type { Constraint } from './tableModel.ts';

export interface HiddenTotal {
  /** The sum of its published parts. */
  constant: number;
  /** Its hidden parts (each a variable of the LP). */
  members: readonly number[];
}

/** The hidden nodes that are the total of one sum and in no other relation, published parts >= 0. */
export function hiddenTotals(
  constraints: readonly Constraint[],
  isHidden: (node: number) => boolean,
  valueOf: (node: number) => number,
): Map<number, HiddenTotal> {
  const mentions = new Map<number, number>();
  const mention = (node: number) => mentions.set(node, (mentions.get(node) ?? 0) + 1);
  for (const c of constraints) {
    mention(c.total);
    if (c.kind === 'atLeast') mention(c.member);
    else for (const m of c.members) mention(m);
  }
  const totals = new Map<number, HiddenTotal>();
  for (const c of constraints) {
    if (c.kind !== 'sum' || !isHidden(c.total) || mentions.get(c.total) !== 1) continue;
    let constant = 0;
    const members: number[] = [];
    for (const m of c.members) {
      if (isHidden(m)) members.push(m);
      else constant += valueOf(m);
    }
    // A negative published part would let the sum fall below 0 where the total may not.
    if (c.members.some((m) => !isHidden(m) && valueOf(m) < 0)) continue;
    totals.set(c.total, { constant, members });
  }
  return totals;
}
