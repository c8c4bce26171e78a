// A cancel heard while settling reads the records (which fields are person-level, which LSOAs
// lie in which district) ends the settling there: no audit runs, nothing is withheld.
import { describe, expect, it } from 'vitest';
import { QuerySpecSchema } from '../../../shared/query.ts';
import { settleNeedsPieces, type SettledSession } from '../../../src-main/app/analysis/needsSettle.ts';
import { A, B, type Group, matrixOf, table } from './oneRecordWorld.ts';

const NEEDS = [A, B].map((field) => ({ field, label: field.slice(5) }));

describe('a cancel while settling needs reads the records', () => {
  const groups: Group[] = [
    { needs: [A, B], records: [{ lsoa: 'L1', district: 'D1' }], persons: 2 },
    { needs: [A], records: [{ lsoa: 'L2', district: 'D2' }], persons: 4 },
  ];
  const earlier = [
    table(groups, 'a, L1', { needs: [A], filters: { lsoa: ['L1'] } }),
    table(groups, 'b, D2', { needs: [B], filters: { district: ['D2'] } }),
  ];
  const matrix = matrixOf(groups);
  const domains = { [A]: ['No', 'Yes'], [B]: ['No', 'Yes'], lsoa: ['L1', 'L2'], district: ['D1', 'D2'] };
  const spec = QuerySpecSchema.parse({ cohort: 'needs', measure: 'persons', disclosure: { threshold: 3 } });

  it.each(['personLevelFields', 'recordPairs'] as const)('ends it after %s, before the audit', async (heard) => {
    const cancel = new AbortController();
    const asked: string[] = [];
    const withheld: number[] = [];
    const session: SettledSession = {
      tablesSoFar: () => [...earlier, ...matrix],
      resolvedCount: () => matrix.length,
      withhold: (index) => withheld.push(index),
      personLevelFields: () => {
        asked.push('personLevelFields');
        if (heard === 'personLevelFields') cancel.abort();
        return Promise.resolve(new Set<string>());
      },
      recordPairs: () => {
        asked.push('recordPairs');
        if (heard === 'recordPairs') cancel.abort();
        return Promise.resolve([
          ['L1', 'D1'],
          ['L2', 'D2'],
        ]);
      },
      auditNeeds: () => {
        asked.push('audit');
        return Promise.resolve({ hidden: [0], refused: [], withheld: [], lostEarlier: [] });
      },
    };
    await expect(settleNeedsPieces(session, spec, NEEDS, 0, domains, { signal: cancel.signal })).rejects.toThrow();
    expect(asked).not.toContain('audit');
    expect(asked.at(-1)).toBe(heard);
    expect(withheld).toEqual([]);
  });
});
