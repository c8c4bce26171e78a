// A hidden count's interval in a joint view without the LP of the whole release. The relations
// near the count (localRelaxation.ts) are a relaxation: its interval lies within their bounds.
// A table the attacker cannot rule out with the count at such a bound proves that end exact:
// a flow's (JointAttack.reaches) or one where only the hidden numbers near it move (a
// restriction). A count with both ends so proven has its interval exactly as the whole LP
// rounds it; for the others the bounds still aim the whole LP's proofs (ViewProgram's `outer`).
// A count the first neighbourhood leaves unproven is tried once more on one grown nearest first
// (localRelaxation.ts `nearest`): another relaxation, so the interval lies within both.
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
  // Made only for a count the first leaves unproven (few at any size).
  let wide: LocalRelaxation | null = null;
  try {
    for (const node of targets) {
      signal?.throwIfAborted();
      if (!isHidden(node)) continue;
      const value = valueOf(node);
      // The true table is at its own value: an end there is reached already.
      const atEnd = async (relaxation: LocalRelaxation, end: number) =>
        end === value || reaches(node, end) || (await relaxation.reaches(node, end));
      const exact = async (relaxation: LocalRelaxation, bounds: LocalBounds) =>
        // Bounds on the wrong side of the true value (solver noise) would make "beyond" point the wrong way.
        bounds.lower <= value &&
        value <= bounds.upper &&
        Number.isFinite(bounds.upper) &&
        (await atEnd(relaxation, bounds.upper)) &&
        (await atEnd(relaxation, bounds.lower));
      const bounds = await local.bounds(node);
      outer.set(node, bounds);
      if (await exact(local, bounds)) {
        proven.set(node, bounds);
        continue;
      }
      // Both relax the attacker's LP: the interval lies within each, so within their intersection.
      wide ??= new LocalRelaxation(view, isHidden, valueOf, 'nearest');
      const wider = await wide.bounds(node);
      const both = { lower: Math.max(bounds.lower, wider.lower), upper: Math.min(bounds.upper, wider.upper) };
      outer.set(node, both);
      if (await exact(wide, both)) proven.set(node, both);
    }
  } finally {
    local.dispose();
    wide?.dispose();
  }
  return { proven, outer };
}
