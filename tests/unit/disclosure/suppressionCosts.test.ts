// The cost of hiding each number, on a model the size of a 10,000-area table: the largest value
// is found without spreading every node into one call, which overflows the stack past ~120k.
import { expect, it } from 'vitest';
import { suppressionCosts } from '../../../src-main/disclosure/secondarySuppression.ts';
import type { ModelNode, TableModel } from '../../../src-main/disclosure/tableModel.ts';

function model(cells: number): TableModel {
  const fields = ['lsoa', 'offence'];
  const nodes: ModelNode[] = [];
  for (let i = 0; i < cells; i++) {
    nodes.push({
      id: `c${i}`,
      key: { lsoa: `a${i}`, offence: 'x' },
      scope: {},
      value: i % 97,
      published: true,
      leaf: true,
    });
  }
  // A row margin (one field free), the grand total (both free) and a latent leaf with no value.
  nodes.push({ id: 'row', key: { lsoa: 'a0' }, scope: {}, value: 500, published: true, leaf: false });
  nodes.push({ id: 'all', key: {}, scope: {}, value: 1000, published: true, leaf: false });
  nodes.push({ id: 'latent', key: { lsoa: 'a1', offence: 'y' }, scope: {}, value: null, published: false, leaf: true });
  // Only the fields and nodes are read; the rest of a model plays no part in a node's cost.
  return { fields, nodes } as unknown as TableModel;
}

it('costs every node of a 150,000-node model, 1 + value/(largest+1) per level up', () => {
  const m = model(150_000);
  const costs = suppressionCosts(m);
  expect(costs).toHaveLength(m.nodes.length);
  const largest = 1000;
  expect(costs[5]).toBeCloseTo(1 + 5 / (largest + 1), 12);
  expect(costs[150_000]).toBeCloseTo(3 * (1 + 500 / (largest + 1)), 12);
  expect(costs[150_001]).toBeCloseTo(5 * (1 + 1000 / (largest + 1)), 12);
  expect(costs[150_002]).toBe(1);
});
