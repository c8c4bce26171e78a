// The joint check opens a local relaxation per view for every pattern it checks; a view's
// relations run to tens of thousands, so they are indexed once per view, not once per pattern.
// Each relaxation still answers for its own pattern (real HiGHS programs on a small table).
import { describe, expect, it } from 'vitest';
import type { AttackerView } from '../../../src-main/disclosure/attackerViews.ts';
import { LocalRelaxation } from '../../../src-main/disclosure/localRelaxation.ts';
import type { Constraint } from '../../../src-main/disclosure/tableModel.ts';

/** `relations` as an array that counts how often it is walked from the start. */
function countingWalks(relations: Constraint[]): { relations: Constraint[]; walks: () => number } {
  let walks = 0;
  const proxy = new Proxy(relations, {
    get(target, property, receiver) {
      if (property === Symbol.iterator) walks += 1;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { relations: proxy, walks: () => walks };
}

describe('LocalRelaxation', () => {
  it('indexes a view once across patterns, each answering for its own hidden numbers', async () => {
    // Node 0 = node 1 + node 2 (7 = 3 + 4), and node 3 = node 1 + node 4 (5 = 3 + 2).
    const { relations, walks } = countingWalks([
      { kind: 'sum', total: 0, members: [1, 2] },
      { kind: 'sum', total: 3, members: [1, 4] },
    ]);
    const values = [7, 3, 4, 5, 2];
    const view: AttackerView = { label: 'additive', constraints: relations, values };
    const valueOf = (node: number) => values[node]!;
    const level = 3;

    // Node 1 hidden with node 2 beside it: it ranges over 0..5 (node 3 bounds it), so it can
    // rise by 2 only and fall by 3: narrowed upwards, but it falls by the level.
    const withPartner = new LocalRelaxation(view, (n) => n === 1 || n === 2 || n === 4, valueOf);
    try {
      expect(await withPartner.narrows(1, level)).toBe(false);
      // A table moving node 1 by the level with the hidden numbers near it: 1 -> 0, 2 -> 7, 4 -> 5.
      expect(await withPartner.moves(1, level, [2, 4])).toBe(true);
    } finally {
      withPartner.dispose();
    }
    const walked = walks();
    // Node 1 hidden alone: the printed node 2 fixes it at 3. The same questions of another
    // pattern walk the view's relations no more.
    const alone = new LocalRelaxation(view, (n) => n === 1, valueOf);
    try {
      expect(await alone.narrows(1, level)).toBe(true);
      expect(await alone.moves(1, level, [])).toBe(false);
    } finally {
      alone.dispose();
    }
    expect(walks()).toBe(walked);
  });
});
