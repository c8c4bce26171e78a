// Settling needs together after earlier outputs filtered by a field and by one computed from it:
// the financial year of the month (April to March: a person of March 2019 is one of 2018/19), the
// district of the LSOA (an LSOA of Fenland is in Fenland). Read as two fields independent of each
// other, the audit kept worlds with a person of March 2019 in 2019/20, which no intruder needs to
// consider.
//
// Ten persons, needs a and b: in the first month (LSOA) two with both, one with a, three with b;
// in the second four with a. The release printed "b in the second" (0) and "a in the first's year
// (district)" (3); the matrix prints its persons (10), a (7) and b (5), and hides a and b together
// (2). Every person with b is of the first month, so of its year, so a and b together is at most a
// in that year: 3, below 2 plus the protection. An intruder of the test's own, over whole persons
// (each a set of months, the years those months give, and one answer pattern), finds it so; after
// settling, no hidden small count still published is narrowed. Again with one more person whose
// records lie in both months (the fields are then fields of records, crossed as sets).
import { describe, expect, it } from 'vitest';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import {
  UNMODELLED_REASON,
  settleNeedsPieces,
  type SettledSession,
} from '../../../src-main/app/analysis/needsSettle.ts';
import { auditNeedsPatterns, type PatternAuditInput } from '../../../src-main/disclosure/needsPatternAudit.ts';
import { personLevelFields } from '../../../src-main/engine/personLevelFields.ts';
import { recordPairs } from '../../../src-main/engine/recordPairs.ts';
import { oneCell } from './oneCell.ts';
import { recordsSnapshot } from './recordsSnapshot.ts';

const [A, B] = ['need_a', 'need_b'];
const NEEDS = [A, B].map((field) => ({ field, label: field.slice(5) }));
const THRESHOLD = 3;

/** A field, one computed from it by the test's own rule, and two categories of the first. */
interface Case {
  source: string;
  derived: string;
  values: [string, string];
  of: (value: string) => string;
}

/** The test's own financial year of a month: April to March. */
function yearOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = m >= 4 ? y : y - 1;
  return `${start}/${String(start + 1).slice(2)}`;
}

const CASES: Case[] = [
  { source: 'month', derived: 'financial_year', values: ['2019-03', '2019-04'], of: yearOf },
  { source: 'lsoa', derived: 'district', values: ['Fenland 001A', 'Peterborough 001A'], of: (l) => l.split(' ')[0]! },
];

/** Persons alike: their needs (the same on every record) and their records' values of the source. */
interface Group {
  needs: string[];
  values: string[];
  persons: number;
}

/** What a cell asks of a record: needs flagged Yes, and a value of the source or of the derived field. */
interface Ask {
  needs: string[];
  value?: string;
  derived?: string;
}

interface Table {
  spec: QuerySpec;
  label: string;
  ask: Ask;
  cells: PublishedTable['cells'];
}

function world(c: Case) {
  const derivedValues = [...new Set(c.values.map(c.of))];
  const domains = { [A]: ['No', 'Yes'], [B]: ['No', 'Yes'], [c.source]: c.values, [c.derived]: derivedValues };
  /** A person counts where any one record of theirs passes every filter, as the engine counts. */
  const counts = (g: Group, ask: Ask): boolean =>
    ask.needs.every((n) => g.needs.includes(n)) &&
    g.values.some((v) => (ask.value ?? v) === v && (ask.derived ?? c.of(v)) === c.of(v));

  function table(groups: readonly Group[], label: string, ask: Ask): Table {
    const value = groups.filter((g) => counts(g, ask)).reduce((n, g) => n + g.persons, 0);
    const filters = [
      ...ask.needs.map((field) => ({ kind: 'in', field, in: ['Yes'] })),
      ...(ask.value ? [{ kind: 'in', field: c.source, in: [ask.value] }] : []),
      ...(ask.derived ? [{ kind: 'in', field: c.derived, in: [ask.derived] }] : []),
    ];
    return {
      spec: QuerySpecSchema.parse({
        cohort: 'offenders',
        measure: 'persons',
        filters,
        rows: ask.needs.slice(0, 1),
        cols: ask.needs.slice(1, 2),
        disclosure: { threshold: THRESHOLD, round: null },
      }),
      label,
      ask,
      cells: oneCell(value, !(value > 0 && value < THRESHOLD)),
    };
  }

  /** The records as the engine holds them: one per person and value, the derived field the value's. */
  function snapshot(groups: readonly Group[]) {
    const records = groups.flatMap((g, k) =>
      Array.from({ length: g.persons }, (_x, i) => g.values.map((value) => ({ person: k * 100 + i, g, value }))).flat(),
    );
    return recordsSnapshot(records, [
      ...[A, B].map((name) => ({
        name,
        labels: ['No', 'Yes'],
        of: (r: (typeof records)[number]) => (r.g.needs.includes(name) ? 'Yes' : 'No'),
      })),
      { name: c.source, labels: c.values, of: (r) => r.value },
      { name: c.derived, labels: derivedValues, of: (r) => c.of(r.value) },
    ]);
  }

  /**
   * The intruder: every world of whole persons, each of one type (a set of values among `sets`,
   * the derived values those give, one answer pattern), that prints what is published; per hidden
   * small count still published (a refused piece is not), the most it can be. Pruned where a
   * partial sum passes a printed one.
   */
  function intruderMost(
    sets: readonly string[][],
    persons: number,
    tables: readonly Table[],
    gone: ReadonlyMap<number, { refuse: boolean }>,
  ): Map<string, number> {
    const types = sets.flatMap((values) => [[], [A], [B], [A, B]].map((needs) => ({ needs, values, persons: 1 })));
    const printed: Array<{ member: boolean[]; shown: number }> = [];
    const targets: Array<{ label: string; member: boolean[] }> = [];
    tables.forEach((t, at) => {
      const member = types.map((type) => counts(type, t.ask));
      const cell = t.cells[0]!;
      const out = gone.get(at);
      if (cell.shown !== null && out === undefined) printed.push({ member, shown: cell.shown });
      else if (cell.value > 0 && cell.value < THRESHOLD && out?.refuse !== true)
        targets.push({ label: t.label, member });
    });
    const most = new Map(targets.map((t) => [t.label, -1]));
    const x = new Array<number>(types.length).fill(0);
    const sums = new Array<number>(printed.length).fill(0);
    const visit = (k: number, left: number): void => {
      if (k === types.length - 1) {
        x[k] = left;
        if (printed.every((p, i) => sums[i]! + (p.member[k] ? left : 0) === p.shown))
          for (const t of targets) {
            const value = t.member.reduce((n, m, j) => n + (m ? x[j]! : 0), 0);
            most.set(t.label, Math.max(most.get(t.label)!, value));
          }
        return;
      }
      for (let n = 0; n <= left; n++) {
        x[k] = n;
        if (printed.some((p, i) => sums[i]! + (p.member[k] ? n : 0) > p.shown)) break;
        printed.forEach((p, i) => (sums[i]! += p.member[k] ? n : 0));
        visit(k + 1, left - n);
        printed.forEach((p, i) => (sums[i]! -= p.member[k] ? n : 0));
      }
    };
    visit(0, persons);
    return most;
  }

  /** Settles the matrix after `earlier`: per table (earlier ones first) withheld, whether refused. */
  async function settle(groups: readonly Group[], earlier: readonly Table[], matrix: readonly Table[]) {
    const held = snapshot(groups);
    const withheld = new Map<number, { reason: string; refuse: boolean }>();
    const audited: PatternAuditInput[] = [];
    const session: SettledSession = {
      tablesSoFar: () => [...earlier, ...matrix],
      resolvedCount: () => matrix.length,
      withhold: (index, reason, refuse) => withheld.set(earlier.length + index, { reason, refuse }),
      personLevelFields: async (fields) => personLevelFields(held, fields),
      recordPairs: async (source, derived) => recordPairs(held, source, derived),
      auditNeeds: (input) => {
        audited.push(input);
        return auditNeedsPatterns(input);
      },
    };
    const spec = QuerySpecSchema.parse({ cohort: 'needs', measure: 'persons', disclosure: { threshold: THRESHOLD } });
    await settleNeedsPieces(session, spec, NEEDS, 0, domains);
    return { withheld, audited };
  }

  const [first, second] = c.values;
  const groups: Group[] = [
    { needs: [A, B], values: [first], persons: 2 },
    { needs: [A], values: [first], persons: 1 },
    { needs: [B], values: [first], persons: 3 },
    { needs: [A], values: [second], persons: 4 },
  ];

  function release(groups: readonly Group[]) {
    const earlier = [
      table(groups, `‘b in ${second}’`, { needs: [B], value: second }),
      table(groups, `‘a in ${c.of(first)}’`, { needs: [A], derived: c.of(first) }),
    ];
    const matrix = [
      table(groups, 'persons', { needs: [] }),
      table(groups, 'a', { needs: [A] }),
      table(groups, 'b', { needs: [B] }),
      table(groups, 'a and b', { needs: [A, B] }),
    ];
    return { earlier, matrix, tables: [...earlier, ...matrix] };
  }

  return { derivedValues, groups, release, settle, intruderMost };
}

/** The hidden small counts the intruder holds below their value plus the protection. */
function narrowed(tables: readonly Table[], most: Map<string, number>): string[] {
  const value = new Map(tables.map((t) => [t.label, t.cells[0]!.value]));
  return [...most].filter(([label, m]) => m < value.get(label)! + THRESHOLD).map(([l, m]) => `${l} at most ${m}`);
}

describe.each(CASES)('settling needs after outputs filtered by $source and by $derived', (c) => {
  const w = world(c);
  const [first, second] = c.values;

  it('reads the derived field as its source’s, one value per person', async () => {
    const { earlier, matrix, tables } = w.release(w.groups);
    expect(tables.map((t) => t.cells[0]!.value)).toEqual([0, 3, 10, 7, 5, 2]);
    // The two values give two derived ones: the fields are not one.
    expect(w.derivedValues).toHaveLength(2);
    const sets = [[first], [second]];
    // The premise: as the release left them, the intruder holds a and b together at 3.
    expect(narrowed(tables, w.intruderMost(sets, 10, tables, new Map()))).toEqual(['a and b at most 3']);
    const { withheld, audited } = await w.settle(w.groups, earlier, matrix);
    expect(audited[0]!.needs.find((n) => n.field === c.derived)).toMatchObject({ crossed: true });
    expect([...withheld.values()].map((v) => v.reason)).not.toContain(UNMODELLED_REASON);
    expect(narrowed(tables, w.intruderMost(sets, 10, tables, withheld))).toEqual([]);
    // The earlier outputs alone give it away: its piece is refused, the rest printed.
    expect([...withheld]).toEqual([[5, expect.objectContaining({ refuse: true })]]);
  }, 60_000);

  it('reads the derived values as those of the source’s, a person’s records in both', async () => {
    const groups = [...w.groups, { needs: [], values: [first, second], persons: 1 }];
    const { earlier, matrix, tables } = w.release(groups);
    expect(tables.map((t) => t.cells[0]!.value)).toEqual([0, 3, 11, 7, 5, 2]);
    const sets = [[first], [second], [first, second]];
    expect(narrowed(tables, w.intruderMost(sets, 11, tables, new Map()))).toEqual(['a and b at most 3']);
    const { withheld, audited } = await w.settle(groups, earlier, matrix);
    // The engine tells both are fields of records: crossed as sets.
    for (const field of [c.source, c.derived])
      expect(audited[0]!.needs.find((n) => n.field === field)).toMatchObject({ crossed: true, sets: true });
    expect([...withheld.values()].map((v) => v.reason)).not.toContain(UNMODELLED_REASON);
    expect(narrowed(tables, w.intruderMost(sets, 11, tables, withheld))).toEqual([]);
    expect([...withheld]).toEqual([[5, expect.objectContaining({ refuse: true })]]);
  }, 60_000);
});
