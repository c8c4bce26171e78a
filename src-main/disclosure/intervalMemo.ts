// Each view's interval of a hidden count under one exact suppression pattern, worked out once
// per release call: keeping earlier ranges and naming the outputs that gave counts away ask
// again about the same count under the same pattern, and on the joint model each ask is an LP
// over the whole release. Keyed by the pattern itself (every node's hidden flag), so an answer
// is reused only where it is the same question.
import type { AttackerView } from './attackerViews.ts';

export interface MemoInterval {
  lower: number;
  upper: number;
}

interface PatternIntervals {
  hidden: Uint8Array;
  intervals: Map<number, MemoInterval>;
}

export class IntervalMemo {
  private readonly byView = new Map<AttackerView, PatternIntervals[]>();

  /** The intervals known for `view` under `hidden` (1 per hidden node): add to it what is worked out. */
  intervalsOf(view: AttackerView, hidden: Uint8Array): Map<number, MemoInterval> {
    const patterns = this.byView.get(view) ?? [];
    this.byView.set(view, patterns);
    const known = patterns.find((p) => sameBytes(p.hidden, hidden));
    if (known) return known.intervals;
    const intervals = new Map<number, MemoInterval>();
    patterns.push({ hidden, intervals });
    return intervals;
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
