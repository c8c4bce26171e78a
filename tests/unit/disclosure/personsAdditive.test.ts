// A persons model's additive sums, kept from building its relations, are those made from its
// leaves afterwards: on a 2-D persons table with margins (kept at build) and on one with a
// filter, a merged category and a linked records table (whichever way they are made).
import { describe, expect, it } from 'vitest';
import {
  type KeyedTable,
  additiveConstraints,
  additiveOf,
  buildModel,
  leafIndices,
} from '../../../src-main/disclosure/tableModel.ts';

const AREAS = ['a1', 'a2', 'a3', 'a4', 'a5'];
const OFFENCES = ['theft', 'assault', 'fraud', 'arson'];

/** Area x offence persons with margins; `merged` shows fraud and arson as one. */
function personsTable(merged: boolean): KeyedTable {
  const offences = merged ? ['theft', 'assault', 'fraud+arson'] : OFFENCES;
  const cells = [...AREAS, undefined].flatMap((area, i) =>
    [...offences, undefined].map((offence, j) => ({
      key: { ...(area ? { area } : {}), ...(offence ? { offence } : {}) },
      value: 2 + i + 2 * j,
    })),
  );
  return {
    fields: ['area', 'offence'],
    cells,
    ...(merged ? { groups: { offence: { 'fraud+arson': ['fraud', 'arson'] } }, scope: { sex: ['F'] } } : {}),
  };
}

describe("a persons model's additive sums", () => {
  it('are every aggregate as the sum of its leaves, in the order of the leaves', () => {
    const plain = buildModel([personsTable(false)], 'persons');
    const linked = buildModel([personsTable(true)], 'persons', {
      domains: { area: AREAS, offence: OFFENCES, sex: ['F', 'M'] },
      span: [{ fields: ['offence'], cells: OFFENCES.map((offence, i) => ({ key: { offence }, value: 9 + i })) }],
    });
    for (const model of [plain, linked]) {
      const sums = additiveOf(model);
      expect(sums.length).toBe(model.nodes.filter((n) => !n.leaf).length);
      expect(sums).toEqual(additiveConstraints(model.nodes, leafIndices(model)));
    }
  });
});
