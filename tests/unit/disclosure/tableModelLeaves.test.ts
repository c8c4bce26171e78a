// A model's leaves and sums, checked the plain way: each sum's members are the leaves that agree
// with its total on every category the total fixes (read off the keys, leaf by leaf), even where
// categories joined naively would collide; and a model whose latent leaves are valued in place
// is the model built again with those values known.
import { describe, expect, it } from 'vitest';
import {
  type KeyedTable,
  type TableModel,
  buildModel,
  leafIndices,
  valueLatentLeaves,
} from '../../../src-main/disclosure/tableModel.ts';

// Joined with commas, (x 'a,', y 'b') and (x 'a', y ',b') read the same: "a,,b".
const DOMAINS = { x: ['a,', 'a'], y: ['b', ',b', '"b'], z: ['u', 'v'] };

const count = (x: string, y: string, z: string) =>
  1 + DOMAINS.x.indexOf(x) + 2 * DOMAINS.y.indexOf(y) + 5 * DOMAINS.z.indexOf(z);

/** An x by y by z records cube with every subtotal, each the sum of its cells. */
function cube(): KeyedTable {
  const cells: KeyedTable['cells'][number][] = [];
  const options = (field: keyof typeof DOMAINS) => [...DOMAINS[field], undefined];
  for (const x of options('x'))
    for (const y of options('y'))
      for (const z of options('z')) {
        let value = 0;
        for (const xx of x === undefined ? DOMAINS.x : [x])
          for (const yy of y === undefined ? DOMAINS.y : [y])
            for (const zz of z === undefined ? DOMAINS.z : [z]) value += count(xx, yy, zz);
        const key: Record<string, string> = {};
        if (x !== undefined) key.x = x;
        if (y !== undefined) key.y = y;
        if (z !== undefined) key.z = z;
        cells.push({ key, value });
      }
  return { fields: ['x', 'y', 'z'], cells };
}

/** Per sum, its members found by comparing keys, leaf by leaf. */
function membersByKeys(model: TableModel): Map<number, number[]> {
  const leaves = leafIndices(model);
  const out = new Map<number, number[]>();
  model.nodes.forEach((node, total) => {
    if (node.leaf) return;
    const fixed = Object.entries(node.key);
    out.set(
      total,
      leaves.filter((leaf) => fixed.every(([field, category]) => model.nodes[leaf]!.key[field] === category)),
    );
  });
  return out;
}

describe('a table model', () => {
  it('sums over the leaves that share the total’s categories, whatever the categories hold', () => {
    const model = buildModel([cube()], 'records', { domains: DOMAINS });
    const expected = membersByKeys(model);
    const sums = model.constraints.flatMap((c) => (c.kind === 'sum' ? [c] : []));
    expect(sums).toHaveLength(expected.size);
    for (const c of sums) expect([...c.members].sort((a, b) => a - b)).toEqual(expected.get(c.total));
    // Each total is its members' sum: the cube adds up.
    for (const c of sums) {
      const sum = c.members.reduce((s, m) => s + model.nodes[m]!.value!, 0);
      expect(sum).toBe(model.nodes[c.total]!.value);
    }
  });

  it('valued in place, is the model built with its latent leaves known', () => {
    // x by y and x by z: the x by y by z leaves are latent.
    const table = (other: 'y' | 'z'): KeyedTable => {
      const cells = DOMAINS.x.flatMap((x) =>
        DOMAINS[other].map((c) => ({
          key: { x, [other]: c },
          value: DOMAINS[other === 'y' ? 'z' : 'y'].reduce(
            (s, o) => s + (other === 'y' ? count(x, c, o) : count(x, o, c)),
            0,
          ),
        })),
      );
      return { fields: ['x', other], cells };
    };
    const tables = [table('y'), table('z')];
    const model = buildModel(tables, 'records', { domains: DOMAINS });
    const latent = leafIndices(model).filter((i) => !model.nodes[i]!.published);
    expect(latent).toHaveLength(DOMAINS.x.length * DOMAINS.y.length * DOMAINS.z.length);
    const values = latent.map((i) => {
      const { x, y, z } = model.nodes[i]!.key;
      return count(x!, y!, z!);
    });
    const known = latent.map((i, k) => ({ key: model.nodes[i]!.key, scope: model.nodes[i]!.scope, value: values[k]! }));
    const rebuilt = buildModel(tables, 'records', { domains: DOMAINS, known });
    valueLatentLeaves(model, latent, values);
    expect(model.nodes).toEqual(rebuilt.nodes);
    expect(model.constraints).toEqual(rebuilt.constraints);
    // Values that do not add up to what the tables print are refused, as a build with them known refuses them.
    const fresh = buildModel(tables, 'records', { domains: DOMAINS });
    const wrong = values.map((v, k) => (k === 0 ? v + 1 : v));
    expect(() => valueLatentLeaves(fresh, latent, wrong)).toThrow(/add up/);
    expect(() =>
      buildModel(tables, 'records', {
        domains: DOMAINS,
        known: known.map((k, i) => ({ ...k, value: wrong[i]! })),
      }),
    ).toThrow(/add up/);
  });
});
