// The modular method for a cube with subtotals (in the spirit of tau-Argus's HiTaS): protect
// every sensitive number in each two-way slice it lies in (cubeSlices.ts), each slice a network
// where the cheapest complements are a minimum-cost flow (networkSuppression.ts). The pattern is
// one set over the whole cube, so a number hidden for one slice is hidden in every slice that
// holds it and the slices agree by construction. A slice's relations are only some of the
// cube's, so this is a start, not a proof: the caller audits the whole cube exactly and adds
// complements only where that audit still finds a number exposed.
import type { CubeSlices } from './cubeSlices.ts';
import { HiddenNetwork } from './networkAudit.ts';
import { WitnessNetwork } from './networkSuppression.ts';
import { hiddenArcs } from './tableNetwork.ts';

export interface SliceProtection {
  /** The hidden numbers; grows as complements are chosen. */
  suppressed: Set<number>;
  /** The price of hiding a printed number, or null for one that must stay printed. */
  cost: (node: number) => number | null;
  level: number;
  signal?: AbortSignal;
}

/** Hides complements until every target can move by the level in every slice that holds it. */
export function protectOnSlices(slices: CubeSlices, targets: readonly number[], work: SliceProtection): void {
  const { suppressed, cost, level } = work;
  const audits: (HiddenNetwork | undefined)[] = [];
  const witnesses: (WitnessNetwork | undefined)[] = [];
  const auditOf = (s: number): HiddenNetwork => {
    const net = slices.networks[s]!;
    return (audits[s] ??= new HiddenNetwork(
      net,
      hiddenArcs(net, (node) => suppressed.has(node)),
    ));
  };
  const witnessOf = (s: number): WitnessNetwork => {
    const net = slices.networks[s]!;
    return (witnesses[s] ??= new WitnessNetwork(
      net,
      hiddenArcs(net, (node) => suppressed.has(node)),
      (arc) => cost(net.node[arc]!),
    ));
  };
  const hide = (node: number): void => {
    if (suppressed.has(node)) return;
    suppressed.add(node);
    for (const { slice, arc } of slices.placesOf.get(node) ?? []) {
      audits[slice]?.hide(arc);
      witnesses[slice]?.hide(arc);
    }
  };
  for (const target of targets) {
    work.signal?.throwIfAborted();
    for (const { slice, arc } of slices.placesOf.get(target) ?? []) {
      if (auditOf(slice).canMove(arc, level)) continue;
      const net = slices.networks[slice]!;
      const flows = witnessOf(slice);
      const up = flows.witness(arc, 1, level);
      const down = net.value[arc]! >= level ? flows.witness(arc, -1, level) : null;
      const best = up && down ? (down.cost < up.cost ? down : up) : (up ?? down);
      for (const moved of best?.moved ?? []) hide(net.node[moved]!);
    }
  }
}
