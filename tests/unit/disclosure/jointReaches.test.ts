// The joint attacker's flow tables as proofs that a count's range reaches a value
// (JointAttack.reaches), on a real records-then-persons release of the same cells: every table
// it finds is within the LP's interval of the count, and keeping earlier ranges and naming the
// outputs that gave counts away decide the same with those proofs as by LP alone, with fewer LPs.
import { describe, expect, it } from 'vitest';
import { type Reaches, auditNodes, viewValue } from '../../../src-main/disclosure/attackerBounds.ts';
import { givenAwayByEarlier, keepRanges, splitByEarlier } from '../../../src-main/disclosure/keepNarrowed.ts';
import { jointRelease } from './jointRelease.ts';

const AREAS = 20;
const LEVEL = 5;

const release = () => jointRelease(AREAS, LEVEL);

/** `reaches`, counting the proofs it gave. */
function counted(reaches: Reaches): { reaches: Reaches; proofs: () => number } {
  let proofs = 0;
  return {
    reaches: (view, hidden, node, shift) => {
      const found = reaches(view, hidden, node, shift);
      if (found) proofs += 1;
      return found;
    },
    proofs: () => proofs,
  };
}

describe("the joint attacker's flow tables as range proofs", () => {
  it('never claim a value outside the LP interval, and prove most small counts protected', async () => {
    const { model, views, attack, suppressed, small } = await release();
    expect(small.length).toBeGreaterThan(20);
    let proofs = 0;
    for (const view of views) {
      const audit = await auditNodes(model, [view], suppressed, small, LEVEL);
      for (const node of small) {
        const value = viewValue(model, view, node);
        const { lower, upper } = audit.get(node)!;
        for (const shift of [LEVEL, 2, -1, -value]) {
          if (!attack.reaches(view, suppressed, node, shift)) continue;
          proofs += 1;
          expect(value + shift).toBeLessThanOrEqual(upper);
          expect(value + shift).toBeGreaterThanOrEqual(lower);
        }
      }
    }
    // Most rises by the level are found by a flow (the protection hid cells so they exist).
    expect(proofs).toBeGreaterThan(small.length);
  });

  it('answer for the cells hidden now, when a caller changes the set it asked about', async () => {
    const { views, attack, parts, suppressed, small } = await release();
    const hiddenSmall = small.filter((n) => suppressed.has(n));
    const view = views[0]!;
    const node = hiddenSmall.find((n) => attack.reaches(view, suppressed, n, LEVEL));
    expect(node).toBeDefined();
    // The same set, the same size: the count printed now, another cell hidden instead.
    const other = parts.currentNodes.find((n) => !suppressed.has(n))!;
    suppressed.delete(node!);
    suppressed.add(other);
    // A printed count moves in no table the attacker cannot rule out.
    expect(attack.reaches(view, suppressed, node!, LEVEL)).toBe(false);
    expect(attack.reaches(view, suppressed, node!, Infinity)).toBe(false);
  });

  it("end the LP audit's intervals where a relation bounds them, with the same intervals", async () => {
    // Every persons count hidden: the records printed earlier are the bounds, caps of the LP.
    const { model, views, attack, small, allNewHidden } = await release();
    // One count per audit, as the release asks them: no LP for many at once settles it first.
    const ending = counted(attack.reaches.bind(attack));
    for (const view of views) {
      for (const node of small.slice(0, 8)) {
        const withFlows = await auditNodes(model, [view], allNewHidden, [node], LEVEL, { reaches: ending.reaches });
        expect(withFlows).toEqual(await auditNodes(model, [view], allNewHidden, [node], LEVEL));
      }
    }
    expect(ending.proofs()).toBeGreaterThan(0);
  });

  it('keep the same ranges and name the same outputs as the LP alone, with fewer LPs', async () => {
    const { model, views, attack, parts, suppressed, small, allNewHidden } = await release();
    // Without the joint attacker's shortcut every persons count its printed records bound is narrowed.
    const { narrowed } = await splitByEarlier(model, views, allNewHidden, small, LEVEL);
    expect(narrowed.size).toBeGreaterThan(0);
    const limits = { fixed: parts.shown, current: new Set(parts.currentNodes) };

    const byLp = new Set(suppressed);
    await keepRanges(model, views, byLp, narrowed, limits);
    const withFlows = new Set(suppressed);
    const keeping = counted(attack.reaches.bind(attack));
    await keepRanges(model, views, withFlows, narrowed, limits, { reaches: keeping.reaches });
    // The printed table narrowed some ranges further, and more (not all) of it was hidden to keep them.
    expect(byLp.size).toBeGreaterThan(suppressed.size);
    expect(byLp.size).toBeLessThan(suppressed.size + parts.currentNodes.filter((n) => !suppressed.has(n)).length);
    expect([...withFlows].sort((a, b) => a - b)).toEqual([...byLp].sort((a, b) => a - b));
    expect(keeping.proofs()).toBeGreaterThan(0);

    const earlier = [{ label: 'the records table', printed: parts.shown }];
    const constants = new Set(model.joint?.constants ?? []);
    const naming = counted(attack.reaches.bind(attack));
    const named = await givenAwayByEarlier(model, views, earlier, constants, small, LEVEL, { reaches: naming.reaches });
    expect(named).toEqual(await givenAwayByEarlier(model, views, earlier, constants, small, LEVEL));
    expect(named[0]!.output).toBe('the records table');
    expect(naming.proofs()).toBeGreaterThan(0);
  });
});
