// A small world of offenders with two needs and records in categories of record fields (month,
// service, age band; the financial year computed from the month as the importer does), the
// tables a release holds over it counted as the engine counts them (a person counts where one
// record of theirs passes every filter), settled through the real audit on a real snapshot, and
// an intruder of the test's own: every world of whole persons (each an answer pattern and a set
// of records) that gives the printed numbers, tried by brute force.
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { settleNeedsPieces, type SettledSession } from '../../../src-main/app/analysis/needsSettle.ts';
import { auditNeedsPatterns, type PatternAuditInput } from '../../../src-main/disclosure/needsPatternAudit.ts';
import { personLevelFields } from '../../../src-main/engine/personLevelFields.ts';
import { recordPairs } from '../../../src-main/engine/recordPairs.ts';
import { oneCell } from './oneCell.ts';
import { recordsSnapshot } from './recordsSnapshot.ts';

export const [A, B] = ['need_a', 'need_b'] as const;
const NEEDS = [A, B].map((field) => ({ field, label: field.slice(5) }));
export const THRESHOLD = 3;

/** A record: its category per record field (the financial year is computed from `month`). */
export type RecordOf = Readonly<Record<string, string>>;

/** Persons alike: their needs (the same on every record) and their records. */
export interface Group {
  needs: readonly string[];
  records: readonly RecordOf[];
  persons: number;
}

/** What a table asks of one record: needs flagged Yes, and per field the categories it keeps. */
export interface Ask {
  needs: readonly string[];
  filters?: Readonly<Record<string, readonly string[]>>;
}

export interface Table {
  spec: QuerySpec;
  label: string;
  ask: Ask;
  cells: PublishedTable['cells'];
}

/** The test's own financial year of a month: April to March. */
export function yearOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = m >= 4 ? y : y - 1;
  return `${start}/${String(start + 1).slice(2)}`;
}

/** A record with its financial year, where it has a month. */
function full(record: RecordOf): RecordOf {
  return record.month === undefined ? record : { ...record, financial_year: yearOf(record.month) };
}

/** Whether the engine counts a person of `needs` and `records` in a table asking `ask`. */
export function counts(needs: readonly string[], records: readonly RecordOf[], ask: Ask): boolean {
  return (
    ask.needs.every((n) => needs.includes(n)) &&
    records.some((r) => Object.entries(ask.filters ?? {}).every(([f, keep]) => keep.includes(full(r)[f] ?? '')))
  );
}

export function table(groups: readonly Group[], label: string, ask: Ask): Table {
  const value = groups.filter((g) => counts(g.needs, g.records, ask)).reduce((n, g) => n + g.persons, 0);
  const filters = [
    ...ask.needs.map((field) => ({ kind: 'in', field, in: ['Yes'] })),
    ...Object.entries(ask.filters ?? {}).map(([field, keep]) => ({ kind: 'in', field, in: keep })),
  ];
  const spec = QuerySpecSchema.parse({
    cohort: 'offenders',
    measure: 'persons',
    filters,
    rows: ask.needs.slice(0, 1),
    cols: ask.needs.slice(1, 2),
    disclosure: { threshold: THRESHOLD, round: null },
  });
  return { spec, label, ask, cells: oneCell(value, !(value > 0 && value < THRESHOLD)) };
}

/** The matrix of needs a and b: its persons, a, b, and a and b together. */
export function matrixOf(groups: readonly Group[]): Table[] {
  return [
    table(groups, 'persons', { needs: [] }),
    table(groups, 'a', { needs: [A] }),
    table(groups, 'b', { needs: [B] }),
    table(groups, 'a and b', { needs: [A, B] }),
  ];
}

/** Per record field, its categories (with the financial years of the months). */
export type Fields = Readonly<Record<string, readonly string[]>>;

function domainsOf(fields: Fields): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = { [A]: ['No', 'Yes'], [B]: ['No', 'Yes'], ...fields };
  if (fields.month !== undefined) out.financial_year = [...new Set(fields.month.map(yearOf))];
  return out;
}

export interface Settled {
  /** Per index into earlier ++ matrix, what settling withheld. */
  withheld: Map<number, { reason: string; refuse: boolean }>;
  audited: PatternAuditInput[];
}

/** Settles the matrix after `earlier` through the real code, over a real snapshot of the world. */
export async function settle(fields: Fields, groups: readonly Group[], earlier: Table[], matrix: Table[]) {
  const domains = domainsOf(fields);
  const records = groups.flatMap((g, k) =>
    Array.from({ length: g.persons }, (_x, i) => g.records.map((r) => ({ person: k * 100 + i, g, r: full(r) }))).flat(),
  );
  const held = recordsSnapshot(
    records,
    Object.entries(domains).map(([field, labels]) => ({
      name: field,
      labels,
      of: (r: (typeof records)[number]) =>
        field === A || field === B ? (r.g.needs.includes(field) ? 'Yes' : 'No') : (r.r[field] ?? ''),
    })),
  );
  const withheld: Settled['withheld'] = new Map();
  const audited: PatternAuditInput[] = [];
  const session: SettledSession = {
    tablesSoFar: () => [...earlier, ...matrix],
    resolvedCount: () => matrix.length,
    withhold: (index, reason, refuse) => withheld.set(earlier.length + index, { reason, refuse }),
    personLevelFields: (f) => Promise.resolve(personLevelFields(held, f)),
    recordPairs: (s, d) => Promise.resolve(recordPairs(held, s, d)),
    auditNeeds: (input) => {
      audited.push(input);
      return auditNeedsPatterns(input);
    },
  };
  const spec = QuerySpecSchema.parse({ cohort: 'needs', measure: 'persons', disclosure: { threshold: THRESHOLD } });
  await settleNeedsPieces(session, spec, NEEDS, 0, domains);
  return { withheld, audited };
}

/**
 * Every non-empty set of the records a person may have: one per combination of the fields'
 * categories that `may` allows (the district an LSOA lies in).
 */
function recordSets(fields: Fields, may: (r: RecordOf) => boolean): RecordOf[][] {
  const kinds = Object.entries(fields)
    .reduce<RecordOf[]>(
      (out, [field, categories]) => out.flatMap((r) => categories.map((c) => ({ ...r, [field]: c }))),
      [{}],
    )
    .filter(may);
  const sets: RecordOf[][] = [];
  for (let m = 1; m < 1 << kinds.length; m++) sets.push(kinds.filter((_x, i) => (m >> i) & 1));
  return sets;
}

/**
 * The most persons any world of `persons` whole persons allows in each hidden small count still
 * to be published, given every number printed (what settling withheld is not printed; a refused
 * table not published at all). Persons alike in every table are one kind: the brute force runs
 * over kinds, as many persons of each as the printed numbers leave room for.
 */
export function intruderMost(
  fields: Fields,
  persons: number,
  tables: readonly Table[],
  gone: Settled['withheld'],
  may: (r: RecordOf) => boolean = () => true,
) {
  const types = recordSets(fields, may).flatMap((records) =>
    [[], [A], [B], [A, B]].map((needs) => tables.map((t) => counts(needs, records, t.ask))),
  );
  const kinds = [...new Map(types.map((member) => [member.join(), member])).values()];
  const printed: Array<{ member: boolean[]; shown: number }> = [];
  const targets: Array<{ label: string; member: boolean[]; value: number }> = [];
  tables.forEach((t, at) => {
    const member = kinds.map((k) => k[at]!);
    const cell = t.cells[0]!;
    const out = gone.get(at);
    if (cell.shown !== null && out === undefined) printed.push({ member, shown: cell.shown });
    else if (cell.value > 0 && cell.value < THRESHOLD && out?.refuse !== true)
      targets.push({ label: t.label, member, value: cell.value });
  });
  const most = new Map(targets.map((t) => [t.label, -1]));
  const x = new Array<number>(kinds.length).fill(0);
  const sums = new Array<number>(printed.length).fill(0);
  const visit = (k: number, left: number): void => {
    if (k === kinds.length) {
      if (left > 0 || printed.some((p, i) => sums[i] !== p.shown)) return;
      for (const t of targets) {
        const v = t.member.reduce((n, m, j) => n + (m ? x[j]! : 0), 0);
        most.set(t.label, Math.max(most.get(t.label)!, v));
      }
      return;
    }
    for (let n = 0; n <= left; n++) {
      if (printed.some((p, i) => sums[i]! + (p.member[k] ? n : 0) > p.shown)) break;
      x[k] = n;
      printed.forEach((p, i) => (sums[i]! += p.member[k] ? n : 0));
      visit(k + 1, left - n);
      printed.forEach((p, i) => (sums[i]! -= p.member[k] ? n : 0));
    }
    x[k] = 0;
  };
  visit(0, persons);
  return targets.map((t) => ({ label: t.label, value: t.value, most: most.get(t.label)! }));
}

/**
 * The hidden small counts still published that the intruder holds below their value plus the
 * protection where the earlier outputs (the first `earlier` tables), with the matrix's persons,
 * alone leave them free: the audit answers for those, and for the matrix's own.
 */
export function narrowed(
  fields: Fields,
  groups: readonly Group[],
  tables: readonly Table[],
  gone: Settled['withheld'],
  earlier: number,
  may: (r: RecordOf) => boolean = () => true,
) {
  const persons = groups.reduce((n, g) => n + g.persons, 0);
  const free = (r: { value: number; most: number }): boolean => r.most >= r.value + THRESHOLD;
  const withoutPieces = new Map(gone);
  for (let at = earlier + 1; at < tables.length; at++) withoutPieces.set(at, { reason: 'piece', refuse: true });
  const alone = new Map(intruderMost(fields, persons, tables, withoutPieces, may).map((r) => [r.label, r]));
  return intruderMost(fields, persons, tables, gone, may).filter((r) => {
    const before = alone.get(r.label);
    return !free(r) && (before === undefined || free(before));
  });
}
