// Property: the cheapest witness found on a neighbourhood of its target (localWitness.ts) is a
// table of the whole view, moves the target by the level, and costs exactly what the LP over the
// whole view finds; it proves no witness exactly where that LP finds none. Its neighbourhood is
// allowed to grow to the whole table here (`share: 1`): in the app it is tried on every table,
// and grows only to a quarter of it. Persons tables (both views) and cubes with every subtotal,
// random patterns, every hidden number moved both ways.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AttackerView, attackerViews } from '../../../src-main/disclosure/attackerViews.ts';
import { cubeWithSubtotals } from '../../../src-main/disclosure/cubeTable.ts';
import { type WitnessRole, localWitness } from '../../../src-main/disclosure/localWitness.ts';
import { type RawTable, keyedTable, placeCells } from '../../../src-main/disclosure/queryTable.ts';
import { suppressionCosts, wholeWitness } from '../../../src-main/disclosure/secondarySuppression.ts';
import { type KeyedTable, type TableModel, buildModel } from '../../../src-main/disclosure/tableModel.ts';
import { peopleOver, personsTableOf } from './personsOfPeople.ts';

const LEVEL = 3;

interface Tally {
  local: number;
  none: number;
  undecided: number;
}

/** The view's value of a node (a latent leaf of the true persons view: 0, as the witness LPs take it). */
const valueIn = (model: TableModel, view: AttackerView, n: number) => view.values[n] ?? model.nodes[n]!.value ?? 0;

/** Every relation of the view written out here, each checked on the table `at`. */
function holds(view: AttackerView, at: (n: number) => number, count: number): string | null {
  for (let n = 0; n < count; n++) if (at(n) < -1e-6) return `node ${n} negative`;
  for (const c of view.constraints) {
    if (c.kind === 'atLeast') {
      if (at(c.total) < at(c.member) - 1e-6) return `${c.total} >= ${c.member}`;
      continue;
    }
    const sum = c.members.reduce((s, m) => s + at(m), 0);
    if (c.kind === 'sum' && Math.abs(at(c.total) - sum) > 1e-6) return `${c.total} = sum`;
    if (c.kind === 'atMostSum' && at(c.total) > sum + 1e-6) return `${c.total} <= sum`;
  }
  return null;
}

async function compareOn(model: TableModel, hidden: ReadonlySet<number>, tally: Tally): Promise<void> {
  const costs = suppressionCosts(model);
  const count = model.nodes.length;
  for (const view of await attackerViews(model)) {
    const isHidden = (n: number) => hidden.has(n) || !model.nodes[n]!.published;
    const role = (n: number) => (isHidden(n) ? 'hidden' : valueIn(model, view, n) > 0 ? 'candidate' : 'constant');
    for (const target of hidden) {
      const value = valueIn(model, view, target);
      for (const direction of value >= LEVEL ? ([1, -1] as const) : ([1] as const)) {
        const question = { view, nodeCount: count, role, value: (n: number) => valueIn(model, view, n), costs };
        const local = await localWitness({ ...question, target, direction, level: LEVEL, share: 1 });
        const whole = await wholeWitness(model, view, hidden, target, direction, LEVEL, costs);
        const at = `${view.label} target ${target} direction ${direction}`;
        if (local === undefined) {
          tally.undecided += 1;
          continue;
        }
        if (local === null) {
          tally.none += 1;
          expect(whole, at).toBeNull();
          continue;
        }
        tally.local += 1;
        expect(whole, at).not.toBeNull();
        expect(local.cost, at).toBeCloseTo(whole!.cost, 6);
        expect(holds(view, local.valueOf, count), at).toBeNull();
        const moved = new Set(local.moved);
        expect(direction * (local.valueOf(target) - value), at).toBeGreaterThanOrEqual(LEVEL - 1e-6);
        for (let n = 0; n < count; n++) {
          const shift = Math.abs(local.valueOf(n) - valueIn(model, view, n));
          if (!isHidden(n) && !moved.has(n)) expect(shift, `${at}: printed node ${n} kept`).toBeLessThan(1e-6);
          if (moved.has(n)) expect(role(n), at).toBe('candidate');
        }
        // Its cost is what it moves, priced as the whole LP prices it.
        let cost = 0;
        for (const n of moved) cost += costs[n]! * Math.abs(local.valueOf(n) - valueIn(model, view, n));
        expect(cost, at).toBeCloseTo(local.cost, 6);
      }
    }
  }
}

/** A random subset of the published nodes. */
function pattern(model: TableModel, flags: readonly boolean[]): Set<number> {
  const hidden = new Set<number>();
  model.nodes.forEach((node, i) => {
    if (node.published && flags[i % flags.length]) hidden.add(i);
  });
  return hidden;
}

describe('the cheapest witness on a neighbourhood', () => {
  it('persons tables: as cheap as the whole LP, and a table of the whole view', async () => {
    const tally: Tally = { local: 0, none: 0, undecided: 0 };
    const people = peopleOver(5, 5, 90);
    const flags = fc.array(fc.boolean(), { minLength: 5, maxLength: 19 });
    await fc.assert(
      fc.asyncProperty(people, flags, async (list, hideFlags) => {
        const rows = 5;
        const cols = 5;
        const raw = personsTableOf(list, rows, cols);
        const model = buildModel([keyedTable(raw, placeCells(raw))], 'persons');
        await compareOn(model, pattern(model, hideFlags), tally);
      }),
      { numRuns: 30, seed: 191 },
    );
    // Not vacuous: most questions answered on a neighbourhood, some proven impossible there.
    expect(tally.local).toBeGreaterThan(100);
    expect(tally.none).toBeGreaterThan(10);
    expect(tally.local).toBeGreaterThan(4 * tally.undecided);
  });

  it('cubes with every subtotal: as cheap as the whole LP, and a table of the whole view', async () => {
    const tally: Tally = { local: 0, none: 0, undecided: 0 };
    const cube = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 });
    const flags = fc.array(fc.boolean(), { minLength: 5, maxLength: 29 });
    await fc.assert(
      fc.asyncProperty(cube, flags, async (values, hideFlags) => {
        const categories = [
          ['a1', 'a2'],
          ['b1', 'b2', 'b3'],
          ['c1', 'c2', 'c3'],
        ];
        const model = buildModel([cubeWithSubtotals({ fields: ['a', 'b', 'c'], categories, values })], 'records');
        await compareOn(model, pattern(model, hideFlags), tally);
      }),
      { numRuns: 30, seed: 192 },
    );
    expect(tally.local).toBeGreaterThan(100);
    expect(tally.local).toBeGreaterThan(4 * tally.undecided);
  });

  it('linked persons tables (latent leaves, at 0 no table): a witness only when it holds in the whole view', async () => {
    const tally: Tally = { local: 0, none: 0, undecided: 0 };
    const people = fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 5 }),
        fc.option(fc.integer({ min: 0, max: 5 }), { freq: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 3 }),
      ),
      { minLength: 1, maxLength: 80 },
    );
    const flags = fc.array(fc.boolean(), { minLength: 5, maxLength: 19 });
    await fc.assert(
      fc.asyncProperty(people, flags, async (list, hideFlags) => {
        // District x sex and district x age, each with its margins: a person may live in two districts.
        const table = (field: 'sex' | 'age', of: (p: (typeof list)[number]) => number): KeyedTable => {
          const count = new Map<string, Set<number>>();
          list.forEach((person, p) => {
            for (const d of new Set([person[0], person[1] ?? person[0]])) {
              for (const key of [`d${d}|${field}${of(person)}`, `d${d}|`, `|${field}${of(person)}`, '|']) {
                if (!count.has(key)) count.set(key, new Set());
                count.get(key)!.add(p);
              }
            }
          });
          const cells = [...count].map(([key, persons]) => {
            const [d, other] = key.split('|') as [string, string];
            return {
              key: { ...(d ? { district: d } : {}), ...(other ? { [field]: other } : {}) },
              value: persons.size,
            };
          });
          return { fields: ['district', field], cells };
        };
        const model = buildModel([table('sex', (p) => p[2]), table('age', (p) => p[3])], 'persons');
        await compareOn(model, pattern(model, hideFlags), tally);
      }),
      { numRuns: 20, seed: 193 },
    );
    expect(tally.local).toBeGreaterThan(100);
  });

  it('a view that a relation far from the target rules out: no witness on a neighbourhood', async () => {
    // A persons table of 6 x 5 whose view has one far cell above its row total, both printed and
    // fixed: no table of the view exists, though every relation around the target holds.
    const counts = Array.from({ length: 6 }, (_, r) => Array.from({ length: 5 }, (_, c) => 1 + ((r * 5 + c) % 4)));
    const raw: RawTable = {
      counts,
      rowTotals: counts.map((line) => line.reduce((a, b) => a + b, 0)),
      colTotals: counts[0]!.map((_, c) => counts.reduce((s, line) => s + line[c]!, 0)),
      total: counts.flat().reduce((a, b) => a + b, 0),
      measure: 'persons',
    };
    const placed = placeCells(raw);
    const model = buildModel([keyedTable(raw, placed)], 'persons');
    const nodeAt = (row: number | null, col: number | null) =>
      model.indexOf.get(model.idOf(placed.find((p) => p.position.row === row && p.position.col === col)!.key))!;
    const view = (await attackerViews(model)).find((v) => v.label === 'distinct')!;
    const values = view.values.slice();
    values[nodeAt(5, 4)] = raw.rowTotals[5]! + 10;
    const broken: AttackerView = { ...view, values };
    // Both printed by an earlier output: fixed, so no table moves them back into line.
    const fixed = new Set([nodeAt(5, 4), nodeAt(5, null)]);
    const target = nodeAt(0, 0);
    const question = {
      view: broken,
      nodeCount: model.nodes.length,
      role: (n: number): WitnessRole =>
        n === target ? 'hidden' : !fixed.has(n) && (values[n] ?? 0) > 0 ? 'candidate' : 'constant',
      value: (n: number) => values[n] ?? 0,
      costs: suppressionCosts(model),
      target,
      direction: 1 as const,
      level: LEVEL,
      share: 1,
    };
    expect(await localWitness(question)).toBeUndefined();
    // The same question on the true view is answered there.
    const honest = { ...question, view, value: (n: number) => valueIn(model, view, n) };
    expect(await localWitness(honest)).toBeTruthy();
  });
});
