// Settling needs together (the audit in its real worker) when the matrix's printed squares
// would narrow an earlier output's hidden small count through the total, and no hiding frees
// it: twenty persons all with the thinking need, eighteen with finance (ten of those without
// lifestyle), so finance prints 18 and finance and thinking prints 18 too, each saying that
// the two without finance (hidden by ‘Finance first’) are two. Both squares must be taken out
// of the export as refused, with a reason the analyst reads that names no output (it reaches
// the exported notes); no earlier output is reported lost.
import { describe, expect, it } from 'vitest';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import {
  settleNeedsPieces,
  WOULD_NARROW_REASON,
  type SettledSession,
} from '../../../src-main/app/analysis/needsSettle.ts';

const [FINANCE, LIFESTYLE, THINKING] = ['need_finance', 'need_lifestyle', 'need_thinking'];
const NEEDS = [FINANCE, LIFESTYLE, THINKING].map((field) => ({ field, label: field.slice(5) }));
const EARLIER = '‘Finance first’, exported 2026-11-02';
/** Persons by the needs they have. */
const PERSONS: Array<[string[], number]> = [
  [[FINANCE, LIFESTYLE, THINKING], 8],
  [[FINANCE, THINKING], 10],
  [[THINKING], 2],
];

type Key = Record<string, string>;
const count = (key: Key): number =>
  PERSONS.reduce((n, [has, persons]) => {
    const inside = Object.entries(key).every(([f, c]) => (c === 'Yes') === has.includes(f));
    return inside ? n + persons : n;
  }, 0);
const cells = (keys: Key[], printed: boolean): PublishedTable['cells'] =>
  keys.map((key) => {
    const value = count(key);
    return {
      key,
      row: null,
      col: null,
      value,
      shown: printed ? value : null,
      status: printed ? 'published' : 'secondary',
    };
  });

/** A piece: the persons with every one of `needs`, a one-cell table as the matrix resolves it. */
function piece(needs: string[], printed: boolean) {
  const spec = QuerySpecSchema.parse({
    cohort: 'offenders',
    measure: 'persons',
    filters: needs.map((field) => ({ kind: 'in', field, in: ['Yes'] })),
    rows: needs.slice(0, 1),
    cols: needs.slice(1, 2),
  });
  const label = needs.join(' and ') || 'persons';
  return { spec, label, cells: cells([Object.fromEntries(needs.map((f) => [f, 'Yes']))], printed) };
}

const earlier = {
  spec: QuerySpecSchema.parse({ cohort: 'offenders', measure: 'persons', rows: [FINANCE] }),
  label: EARLIER,
  cells: [...cells([{ [FINANCE]: 'No' }, { [FINANCE]: 'Yes' }], false), ...cells([{}], true)],
};
/** The matrix's tables in the order resolved: the persons, the pairs, then the needs. */
const matrix = [
  piece([], true),
  piece([FINANCE, LIFESTYLE], true),
  piece([FINANCE, THINKING], true),
  piece([LIFESTYLE, THINKING], false),
  piece([FINANCE], true),
  piece([LIFESTYLE], false),
  piece([THINKING], false),
];

describe('settling needs together through the total', () => {
  it('refuses the squares that narrow an earlier count, with a reason that names no output', async () => {
    const withheld: Array<{ index: number; reason: string; refuse: boolean }> = [];
    const session: SettledSession = {
      tablesSoFar: () => [earlier, ...matrix],
      resolvedCount: () => matrix.length,
      withhold: (index, reason, refuse) => withheld.push({ index, reason, refuse }),
    };
    const spec: QuerySpec = QuerySpecSchema.parse({ cohort: 'needs', measure: 'persons' });
    const domains = Object.fromEntries(NEEDS.map((n) => [n.field, ['No', 'Yes']]));
    const settled = await settleNeedsPieces(session, spec, NEEDS, 0, domains);
    // Finance and thinking (the matrix's third table), and finance (its fifth).
    expect(withheld).toEqual([
      { index: 4, reason: WOULD_NARROW_REASON, refuse: true },
      { index: 2, reason: WOULD_NARROW_REASON, refuse: true },
    ]);
    expect([...settled.reasons]).toEqual([
      [2, WOULD_NARROW_REASON],
      [4, WOULD_NARROW_REASON],
    ]);
    expect(WOULD_NARROW_REASON).not.toContain('Finance first');
    expect(settled.givenAwayEarlier).toEqual([]);
  }, 120_000);
});
