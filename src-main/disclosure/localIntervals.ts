// A hidden count's interval in a joint view without the LP of the whole release. The relations
// near the count (localRelaxation.ts) are a relaxation: its interval lies within their bounds.
// A table the attacker cannot rule out with the count at such a bound proves that end exact:
// a flow's (JointAttack.reaches) or one where only the hidden numbers near it move (a
// restriction). A count with both ends so proven has its interval exactly as the whole LP
// rounds it; for the others the bounds still aim the whole LP's proofs (ViewProgram's `outer`).
import type { AttackerView } from './attackerViews.ts';
import { LocalRelaxation } from './localRelaxation.ts';

export interface LocalBounds {
  lower: number;
  upper: number;
}

export interface LocalIntervals {
  /** The counts whose interval is proven, with it. */
  proven: Map<number, LocalBounds>;
  /** Every hidden count's bounds from the relations near it (a relaxation). */
  outer: Map<number, LocalBounds>;
}

/**
 * `isHidden` is the pattern's; `valueOf` the view's value of a node; `reaches(node, value)`
 * whether a flow found a table with the node at `value` or beyond it. Each target's small LPs
 * are a step the signal can stop between.
 */
export async function localIntervals(
  view: AttackerView,
  isHidden: (node: number) => boolean,
  valueOf: (node: number) => number,
  targets: readonly number[],
  reaches: (node: number, value: number) => boolean = () => false,
  signal?: AbortSignal,
): Promise<LocalIntervals> {
  const proven = new Map<number, LocalBounds>();
  const outer = new Map<number, LocalBounds>();
  const local = new LocalRelaxation(view, isHidden, valueOf);
  try {
    for (const node of targets) {
      signal?.throwIfAborted();
      if (!isHidden(node)) continue;
      const bounds = await local.bounds(node);
      outer.set(node, bounds);
      const value = valueOf(node);
      // The true table is at its own value: an end there is reached already.
      const atEnd = async (end: number) => end === value || reaches(node, end) || (await local.reaches(node, end));
      // Bounds on the wrong side of the true value (solver noise) would make "beyond" point the wrong way.
      const straddles = bounds.lower <= value && value <= bounds.upper;
      if (straddles && Number.isFinite(bounds.upper) && (await atEnd(bounds.upper)) && (await atEnd(bounds.lower))) {
        proven.set(node, bounds);
      }
    }
  } finally {
    local.dispose();
  }
  return { proven, outer };
}
