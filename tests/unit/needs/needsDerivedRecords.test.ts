// Settling needs together after earlier outputs by the number of needs, through the scope the app
// builds and the engine's answer to which fields differ on a person's records.
//
// Records that differ: fifteen persons, the needs drawn per record (as the sample generator
// draws them), so that one person may have a record with no need and one with a. The engine
// counts a person in every number of needs any record of theirs has; read as the number their
// one answer pattern implies, the earlier outputs (7 with no need, 10 with one) add up to more
// than the 15 persons, and every square was refused. Read as a field of records, nothing is
// refused, and an intruder of the test's own, over persons per set of records, finds no hidden
// small count narrowed once the audit has settled; so too after a table by the number of needs
// (read as sets of numbers), or one of more numbers than the audit reads as sets (left unread).
//
// Needs alike: twenty-three persons (some of two records, the same needs on each), needs a, b,
// c. An earlier table by the number of needs printed 3/8/12/0 for 0/1/2/3+; the matrix prints a
// and c together (5) and b and c (5), so a and b together (2) is 12 − 5 − 5: the table by the
// number of needs, as rows, must be read.
import { describe, expect, it } from 'vitest';
import { NEEDS, NEEDS_COUNT_BANDS, UNKNOWN } from '../../../shared/codebook.ts';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { needShortLabel } from '../../../shared/needsCooccurrence.ts';
import { QuerySpecSchema, type Filter } from '../../../shared/query.ts';
import type { ReleaseTable } from '../../../src-main/app/analysis/needsAuditScope.ts';
import {
  UNMODELLED_REASON,
  settleNeedsPieces,
  type SettledSession,
} from '../../../src-main/app/analysis/needsSettle.ts';
import { auditNeedsPatterns, type PatternAuditInput } from '../../../src-main/disclosure/needsPatternAudit.ts';
import { withDerivedFields } from '../../../src-main/engine/derived/registry.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { personLevelFields } from '../../../src-main/engine/personLevelFields.ts';
import { oneCell } from './oneCell.ts';

const THRESHOLD = 3;
const BANDS: readonly string[] = NEEDS_COUNT_BANDS;

/** Persons alike: the masks of needs (bit k: the k-th need) of each of their records. */
interface Group {
  records: number[];
  persons: number;
}

/** The test's own number of needs of a record: its Yes, 3 and more together. */
const bandOf = (mask: number): string => {
  let bits = 0;
  for (let m = mask; m !== 0; m &= m - 1) bits++;
  return BANDS[Math.min(bits, 3)]!;
};

/** What a table's cell asks of one record: its needs flagged Yes, its number of needs. */
interface Ask {
  yes: number[];
  bands?: readonly string[];
}

/** A person counts where any one record of theirs passes every filter, as the engine counts. */
const counts = (records: readonly number[], ask: Ask): boolean =>
  records.some(
    (mask) => ask.yes.every((k) => mask & (1 << k)) && (ask.bands === undefined || ask.bands.includes(bandOf(mask))),
  );

const total = (groups: readonly Group[], ask: Ask): number =>
  groups.reduce((n, g) => n + (counts(g.records, ask) ? g.persons : 0), 0);

/** A table as the release holds it, and what each of its cells asks of a record. */
interface Table extends ReleaseTable {
  asks: Ask[];
}

function world(needCount: number) {
  const needs = NEEDS.slice(0, needCount).map(([field, label]) => ({ field, label: needShortLabel(label) }));
  const domains: Record<string, string[]> = { needs_count: [...BANDS] };
  for (const { field } of needs) domains[field] = ['Yes', 'No'];
  const spec = (filters: Filter[], rows: string[] = [], cols: string[] = []) =>
    QuerySpecSchema.parse({
      cohort: 'offenders',
      measure: 'persons',
      filters,
      rows,
      cols,
      disclosure: { threshold: THRESHOLD },
    });
  const yesFilters = (ks: number[]): Filter[] => ks.map((k) => ({ kind: 'in', field: needs[k]!.field, in: ['Yes'] }));
  return {
    needs,
    domains,
    /** A one-cell table: the persons with these needs (a piece of the matrix), or of these numbers. */
    oneCell(groups: readonly Group[], label: string, ask: Ask): Table {
      const value = total(groups, ask);
      const filters = [
        ...yesFilters(ask.yes),
        ...(ask.bands ? [{ kind: 'in' as const, field: 'needs_count', in: [...ask.bands] }] : []),
      ];
      const axes = ask.yes.map((k) => needs[k]!.field);
      return {
        spec: spec(filters, axes.slice(0, 1), axes.slice(1, 2)),
        label,
        cells: oneCell(value, !(value > 0 && value < THRESHOLD)),
        asks: [ask],
      };
    },
    /** Offenders by the number of needs, one row per band. */
    byNumber(groups: readonly Group[], label: string, bands: readonly string[] = BANDS): Table {
      const asks = bands.map((band) => ({ yes: [], bands: [band] }));
      const cells: PublishedTable['cells'] = asks.map((ask, i) => {
        const value = total(groups, ask);
        const printed = !(value > 0 && value < THRESHOLD);
        return {
          key: { needs_count: bands[i]! },
          row: i,
          col: null,
          value,
          shown: printed ? value : null,
          status: printed ? 'published' : 'primary',
        };
      });
      return { spec: spec([], ['needs_count']), label, cells, asks };
    },
    /** The matrix: its persons, each need, each pair. */
    matrix(groups: readonly Group[]): Table[] {
      const ks = needs.map((_, k) => k);
      const pairs = ks.flatMap((k) => ks.filter((j) => j > k).map((j) => [k, j]));
      return [
        this.oneCell(groups, 'persons', { yes: [] }),
        ...ks.map((k) => this.oneCell(groups, needs[k]!.label, { yes: [k] })),
        ...pairs.map((p) => this.oneCell(groups, p.map((k) => needs[k]!.label).join(' and '), { yes: p })),
      ];
    },
    /** The engine's snapshot of these records, with the fields it computes from the needs. */
    snapshot(groups: readonly Group[]) {
      const records = groups.flatMap((g, at) =>
        Array.from({ length: g.persons }, (_x, i) => g.records.map((mask) => ({ person: at * 100 + i, mask }))).flat(),
      );
      return withDerivedFields(
        packSnapshot({
          cohort: 'offenders',
          rowCount: records.length,
          personIds: Int32Array.from(records, (r) => r.person),
          dimensions: needs.map(({ field }, k) => ({
            name: field,
            kind: 'flag' as const,
            open: false,
            labels: ['Yes', 'No'],
            codes: Uint8Array.from(records, (r) => (r.mask & (1 << k) ? 0 : 1)),
          })),
          dates: [],
          numbers: [],
          warnings: [],
        }),
      );
    },
  };
}

/** Settles the matrix after `earlier`; per matrix table withheld, whether refused, and the reason. */
async function settle(w: ReturnType<typeof world>, groups: readonly Group[], earlier: Table[], matrix: Table[]) {
  const held = w.snapshot(groups);
  const withheld = new Map<number, { reason: string; refuse: boolean }>();
  const audited: PatternAuditInput[] = [];
  const session: SettledSession = {
    tablesSoFar: () => [...earlier, ...matrix],
    resolvedCount: () => matrix.length,
    withhold: (index, reason, refuse) => withheld.set(index, { reason, refuse }),
    personLevelFields: async (fields) => personLevelFields(held, fields),
    auditNeeds: (input) => {
      audited.push(input);
      return auditNeedsPatterns(input);
    },
  };
  const spec = QuerySpecSchema.parse({ cohort: 'needs', measure: 'persons', disclosure: { threshold: THRESHOLD } });
  await settleNeedsPieces(session, spec, w.needs, 0, w.domains);
  return { withheld, audited };
}

/**
 * The intruder: every world of whole persons, each of one type (the masks of their records,
 * among `types`), that prints what is published; per hidden small count still published, the
 * most it can be. Every printed number is a sum of types, so a partial sum above it is pruned.
 */
function intruderMost(
  types: readonly number[][],
  persons: number,
  tables: readonly Table[],
  withheld: ReadonlyMap<number, { refuse: boolean }>,
  matrixFrom: number,
): Map<string, number> {
  const gone = (t: number): boolean => t >= matrixFrom && withheld.has(t - matrixFrom);
  const printed: Array<{ member: boolean[]; shown: number }> = [];
  const targets: Array<{ id: string; member: boolean[] }> = [];
  tables.forEach((table, t) =>
    table.cells.forEach((cell, c) => {
      const member = types.map((records) => counts(records, table.asks[c]!));
      if (cell.shown !== null && !gone(t)) printed.push({ member, shown: cell.shown });
      else if (cell.value > 0 && cell.value < THRESHOLD && !(gone(t) && withheld.get(t - matrixFrom)!.refuse))
        targets.push({ id: `${table.label} ${Object.values(cell.key).join('')}`.trim(), member });
    }),
  );
  const most = new Map(targets.map((t) => [t.id, -1]));
  const x = new Array<number>(types.length).fill(0);
  const sums = new Array<number>(printed.length).fill(0);
  const visit = (k: number, left: number): void => {
    if (k === types.length - 1) {
      x[k] = left;
      if (printed.every((p, i) => sums[i]! + (p.member[k] ? left : 0) === p.shown))
        for (const t of targets) {
          const value = t.member.reduce((n, m, j) => n + (m ? x[j]! : 0), 0);
          most.set(t.id, Math.max(most.get(t.id)!, value));
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

const narrowed = (most: Map<string, number>, values: Map<string, number>): string[] =>
  [...most].filter(([id, m]) => m < values.get(id)! + THRESHOLD).map(([id, m]) => `${id} at most ${m}`);

function valuesOf(tables: readonly Table[]): Map<string, number> {
  return new Map(
    tables.flatMap((t) => t.cells.map((c) => [`${t.label} ${Object.values(c.key).join('')}`.trim(), c.value] as const)),
  );
}

describe('settling needs after earlier outputs by the number of needs, records differing', () => {
  const w = world(2);
  // Bit 0: the first need (a), bit 1: the second (b).
  const GROUPS: Group[] = [
    { records: [0], persons: 3 },
    { records: [0, 1], persons: 2 },
    { records: [1], persons: 2 },
    { records: [2], persons: 2 },
    { records: [1, 2], persons: 2 },
    { records: [3], persons: 2 },
    { records: [0, 2], persons: 2 },
  ];
  const persons = GROUPS.reduce((n, g) => n + g.persons, 0);
  // The intruder's worlds: persons of one to two kinds of record (a restriction of all worlds,
  // so a count it leaves free is free).
  const masks = [0, 1, 2, 3];
  const types = [...masks.map((m) => [m]), ...masks.flatMap((m) => masks.filter((n) => n > m).map((n) => [m, n]))];
  const matrix = w.matrix(GROUPS);

  it('refuses nothing after outputs filtered on the number of needs', async () => {
    const earlier = [
      w.oneCell(GROUPS, 'no need', { yes: [], bands: ['0'] }),
      w.oneCell(GROUPS, 'one need', { yes: [], bands: ['1'] }),
    ];
    expect([...earlier, ...matrix].map((t) => t.cells[0]!.value)).toEqual([7, 10, 15, 8, 8, 2]);
    const { withheld, audited } = await settle(w, GROUPS, earlier, matrix);
    expect([...withheld.values()].map((v) => v.reason)).not.toContain(UNMODELLED_REASON);
    expect([...withheld.values()].filter((v) => v.refuse)).toEqual([]);
    // The engine tells the needs differ on a person's records: the number is read as a field of records.
    expect(audited[0]!.needs.find((n) => n.field === 'needs_count')).toMatchObject({ crossed: true, sets: true });
    expect(audited[0]!.needs.find((n) => n.field === 'needs_count')!.derived).toBeUndefined();
    const tables = [...earlier, ...matrix];
    expect(narrowed(intruderMost(types, persons, tables, withheld, earlier.length), valuesOf(tables))).toEqual([]);
  }, 60_000);

  it('refuses nothing after a table by the number of needs, and leaves its hidden count free', async () => {
    const earlier = [w.byNumber(GROUPS, 'by number of needs')];
    expect(earlier[0]!.cells.map((c) => c.value)).toEqual([7, 10, 2, 0]);
    const { withheld, audited } = await settle(w, GROUPS, earlier, matrix);
    expect([...withheld.values()].map((v) => v.reason)).not.toContain(UNMODELLED_REASON);
    expect([...withheld.values()].filter((v) => v.refuse)).toEqual([]);
    expect(audited[0]!.tables.map((t) => t.label)).toContain('by number of needs');
    const tables = [...earlier, ...matrix];
    expect(narrowed(intruderMost(types, persons, tables, withheld, earlier.length), valuesOf(tables))).toEqual([]);
  }, 60_000);

  it('leaves unread a table by more numbers of needs than it can read as sets', async () => {
    // Unknown among the numbers (some record elsewhere has every need unknown): five rows, more
    // than the audit reads as sets; as one row per person, the rows (19) exceed the persons (15).
    const bands = [...BANDS, UNKNOWN];
    const wide = { ...w, domains: { ...w.domains, needs_count: bands } };
    const earlier = [w.byNumber(GROUPS, 'by number of needs', bands)];
    expect(earlier[0]!.cells.map((c) => c.value)).toEqual([7, 10, 2, 0, 0]);
    const { withheld, audited } = await settle(wide, GROUPS, earlier, matrix);
    expect([...withheld.values()].map((v) => v.reason)).not.toContain(UNMODELLED_REASON);
    expect([...withheld.values()].filter((v) => v.refuse)).toEqual([]);
    expect(audited[0]!.tables.map((t) => t.label)).not.toContain('by number of needs');
  }, 60_000);
});

describe('settling needs after a table by the number of needs, needs alike on every record', () => {
  const w = world(3);
  // Bits: a, b, c. Persons of the first groups have two records, the same needs on each.
  const GROUPS: Group[] = [
    { records: [0, 0], persons: 3 },
    { records: [1, 1], persons: 2 },
    { records: [2], persons: 3 },
    { records: [3], persons: 2 },
    { records: [4], persons: 3 },
    { records: [5], persons: 5 },
    { records: [6], persons: 5 },
  ];
  const persons = GROUPS.reduce((n, g) => n + g.persons, 0);
  const types = [...Array(8).keys()].map((m) => [m]);
  const earlier = [w.byNumber(GROUPS, 'by number of needs')];
  const matrix = w.matrix(GROUPS);
  const tables = [...earlier, ...matrix];

  it('reads the table as rows, and hides what would give the pair away', async () => {
    expect(earlier[0]!.cells.map((c) => c.value)).toEqual([3, 8, 12, 0]);
    expect(matrix.map((t) => t.cells[0]!.value)).toEqual([23, 9, 10, 13, 2, 5, 5]);
    // As the release left them, the intruder knows a and b together exactly: 12 − 5 − 5.
    expect(narrowed(intruderMost(types, persons, tables, new Map(), 1), valuesOf(tables))).toEqual([
      'Accommodation and Education, training and employment at most 2',
    ]);
    const { withheld, audited } = await settle(w, GROUPS, earlier, matrix);
    expect(narrowed(intruderMost(types, persons, tables, withheld, 1), valuesOf(tables))).toEqual([]);
    expect([...withheld.values()].filter((v) => v.refuse)).toEqual([]);
    // Needs alike: the number is the one the answers imply.
    expect(audited[0]!.needs.find((n) => n.field === 'needs_count')?.derived?.rule).toBe('count');
  }, 60_000);
});
