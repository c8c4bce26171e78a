// A node with one field narrowed, found by cover codes, is the node the model's index of ids
// finds for the id built the old way (the node's key and scope with that field replaced), on a
// real persons table with margins, a filter, a merged category, and a linked records table.
import { describe, expect, it } from 'vitest';
import { CoverCodes } from '../../../src-main/disclosure/coverCodes.ts';
import {
  type CellKey,
  type KeyedTable,
  type ModelNode,
  type Scope,
  buildModel,
  keyId,
} from '../../../src-main/disclosure/tableModel.ts';

const DOMAINS = { area: ['a1', 'a2', 'a3', 'a4'], offence: ['theft', 'assault', 'fraud', 'arson'], sex: ['F', 'M'] };

/** Area x offence with margins, offence fraud+arson merged, counting only sex F (values: any that fit persons). */
function personsTable(): KeyedTable {
  const areas = [...DOMAINS.area, undefined];
  const offences = ['theft', 'assault', 'fraud+arson', undefined];
  const cells = areas.flatMap((area, i) =>
    offences.map((offence, j) => {
      const key: Record<string, string> = {};
      if (area !== undefined) key.area = area;
      if (offence !== undefined) key.offence = offence;
      return { key, value: 3 + i + j };
    }),
  );
  return {
    fields: ['area', 'offence'],
    cells,
    scope: { sex: ['F'] },
    groups: { offence: { 'fraud+arson': ['fraud', 'arson'] } },
  };
}

/** Offence alone, both sexes, unmerged: it splits the merged block and the filter. */
function recordsTable(): KeyedTable {
  return {
    fields: ['offence'],
    cells: [...DOMAINS.offence.map((offence, i) => ({ key: { offence }, value: 20 + i })), { key: {}, value: 86 }],
  };
}

/** The id the model gave the node with `field` narrowed to `categories`, built as before cover codes. */
function narrowedId(node: ModelNode, field: string, categories: readonly string[]): string {
  const key: Record<string, string> = { ...node.key };
  const scope: Record<string, readonly string[]> = { ...node.scope };
  delete key[field];
  delete scope[field];
  if (categories.length === 1) key[field] = categories[0]!;
  else scope[field] = [...categories];
  return idOf(key, scope);
}

function idOf(key: CellKey, scope: Scope): string {
  const fields = Object.keys(scope).sort();
  if (fields.length === 0) return keyId(key);
  return `${keyId(key)} within ${JSON.stringify(fields.map((f) => [f, [...scope[f]!].sort()]))}`;
}

function coverOf(node: ModelNode, field: string): readonly string[] | null {
  const category = node.key[field];
  return category !== undefined ? [category] : (node.scope[field] ?? null);
}

describe('cover codes', () => {
  it('find each node narrowed on one field as the index of ids does', () => {
    const model = buildModel([personsTable()], 'persons', { domains: DOMAINS, span: [recordsTable()] });
    expect(Object.values(model.nodes).some((n) => Object.keys(n.scope).length > 0)).toBe(true);
    const codes = new CoverCodes(model.nodes, model.fields);
    let found = 0;
    let missing = 0;
    model.nodes.forEach((node, index) => {
      model.fields.forEach((field, at) => {
        // Narrowed to each cover any node has on the field: the leaves' atoms and wider ones.
        model.nodes.forEach((other, atom) => {
          const cover = coverOf(other, field);
          if (cover === null) return;
          const expected = model.indexOf.get(narrowedId(node, field, cover));
          expect(codes.narrowed(index, at, codes.atomOf(atom, at))).toBe(expected);
          if (expected === undefined) missing += 1;
          else found += 1;
        });
      });
    });
    // Both answers were asked for many times: nodes that exist and ids that none has.
    expect(found).toBeGreaterThan(100);
    expect(missing).toBeGreaterThan(100);
  });
});
