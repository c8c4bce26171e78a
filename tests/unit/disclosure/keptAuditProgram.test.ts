// The protection's last check of a cube leaves its program open, and the audit of the same
// pattern asks that one instead of building it again. The answers must be those of a program
// built afresh (a second model and views of the same table, which share nothing with the first),
// and a pattern that differs by one hidden number must get a program of its own.
import { describe, expect, it } from 'vitest';
import { auditNodes, auditProgramsOpened, protectionLevel } from '../../../src-main/disclosure/attackerBounds.ts';
import { attackerViews } from '../../../src-main/disclosure/attackerViews.ts';
import { cubeWithSubtotals } from '../../../src-main/disclosure/cubeTable.ts';
import { primaryNodes } from '../../../src-main/disclosure/primarySuppression.ts';
import { chooseSecondary } from '../../../src-main/disclosure/secondarySuppression.ts';
import { type TableModel, buildModel } from '../../../src-main/disclosure/tableModel.ts';
import { viewNetwork } from '../../../src-main/disclosure/tableNetwork.ts';
import { DisclosureRuleSchema } from '../../../shared/query.ts';

const RULE = DisclosureRuleSchema.parse({ threshold: 5 });
const LEVEL = protectionLevel(RULE);

/** District x offence x sex with every subtotal: seeded counts, a third of them small. */
function cubeTable(districts: number, seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const categories = [
    Array.from({ length: districts }, (_, i) => `d${i}`),
    Array.from({ length: 5 }, (_, i) => `o${i}`),
    ['F', 'M'],
  ];
  const values = Array.from({ length: districts * 5 * 2 }, () =>
    next() < 0.35 ? Math.floor(next() * 5) : 5 + Math.floor(next() * 40),
  );
  return cubeWithSubtotals({ fields: ['district', 'offence', 'sex'], categories, values });
}

/** The audit of `suppressed` on a model and views of its own (no program of theirs is open). */
async function freshAudit(districts: number, seed: number, suppressed: ReadonlySet<number>) {
  const model = buildModel([cubeTable(districts, seed)], 'records');
  return auditNodes(model, await attackerViews(model), suppressed, [...suppressed], LEVEL);
}

async function protectedCube(districts: number, seed: number) {
  const model = buildModel([cubeTable(districts, seed)], 'records');
  const views = await attackerViews(model);
  const primary = primaryNodes(model, RULE);
  const suppressed = await chooseSecondary(model, views, primary, RULE);
  return { model, views, primary, suppressed };
}

/** A printed leaf beside a hidden one in some relation: hiding it changes the pattern, not the table. */
function printedNeighbour(model: TableModel, suppressed: ReadonlySet<number>): number {
  for (const c of model.constraints) {
    if (c.kind !== 'sum' || !c.members.some((m) => suppressed.has(m))) continue;
    const printed = c.members.find((m) => !suppressed.has(m) && model.nodes[m]!.leaf && model.nodes[m]!.published);
    if (printed !== undefined) return printed;
  }
  throw new Error('No printed leaf beside a hidden one.');
}

describe('the audit of a cube reuses the program of the protection’s last check', () => {
  // Cubes large enough that no pruning pass follows the last check (a small one's pruning tries
  // other patterns after it, and the audit then opens the final pattern's program itself).
  it.each([
    [12, 7],
    [20, 3],
  ])(
    'a %i-district cube (seed %i): no program rebuilt, the same intervals as a fresh one',
    async (districts, seed) => {
      const { model, views, primary, suppressed } = await protectedCube(districts, seed);
      expect(primary.size).toBeGreaterThan(0);
      // A cube with subtotals is no network: its audit is an LP over the whole cube.
      expect(views.some((view) => viewNetwork(model, view) === null)).toBe(true);
      const before = auditProgramsOpened();
      const reused = await auditNodes(model, views, suppressed, [...suppressed], LEVEL);
      expect(auditProgramsOpened()).toBe(before);
      const fresh = await freshAudit(districts, seed, suppressed);
      expect(auditProgramsOpened()).toBeGreaterThan(before);
      expect(reused).toEqual(fresh);
      for (const node of primary) expect(reused.get(node)?.ok).toBe(true);
    },
    120_000,
  );

  it('a pattern with one more hidden number is audited by a program of its own', async () => {
    const { model, views, suppressed } = await protectedCube(12, 7);
    const changed = new Set(suppressed).add(printedNeighbour(model, suppressed));
    const before = auditProgramsOpened();
    const audited = await auditNodes(model, views, changed, [...changed], LEVEL);
    expect(auditProgramsOpened()).toBe(before + 1);
    expect(audited).toEqual(await freshAudit(12, 7, changed));
    // And the first pattern, asked again, gets its own answers back, not the changed one's.
    const again = await auditNodes(model, views, suppressed, [...suppressed], LEVEL);
    expect(again).toEqual(await freshAudit(12, 7, suppressed));
  }, 120_000);
});
