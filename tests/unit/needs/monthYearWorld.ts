// A world of persons with two needs and records in months, for the needs audit's tests of months
// and financial years: one-cell tables over it as the engine counts them, the records as a loaded
// snapshot, an intruder of its own (a linear program over every kind of person: any set of the
// months, the years those give, one answer pattern), and the matrix settled as the app does.
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import { settleNeedsPieces, type SettledSession } from '../../../src-main/app/analysis/needsSettle.ts';
import { auditNeedsPatterns, type PatternAuditInput } from '../../../src-main/disclosure/needsPatternAudit.ts';
import { personLevelFields } from '../../../src-main/engine/personLevelFields.ts';
import { mostOverPatterns, patternSum } from '../disclosure/patternIntruder.ts';
import { oneCell } from './oneCell.ts';
import { recordsSnapshot } from './recordsSnapshot.ts';

export const [A, B] = ['need_a', 'need_b'];
export const NEEDS = [A, B].map((field) => ({ field, label: field.slice(5) }));
export const THRESHOLD = 3;
export const MONTHS = ['2019-01', '2019-02', '2019-03', '2019-04', '2019-05'];

/** The test's own financial year of a month: April to March. */
export function yearOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = m >= 4 ? y : y - 1;
  return `${start}/${String(start + 1).slice(2)}`;
}
export const yearsOf = (months: readonly string[]): string[] => [...new Set(months.map(yearOf))];

/** Persons alike: their needs (the same on every record) and the months of their records. */
export interface Group {
  needs: string[];
  months: string[];
  persons: number;
}

/** What a one-cell table asks of a record: needs flagged Yes, one of some months, a year. */
export interface Ask {
  needs: string[];
  months?: string[];
  year?: string;
}

export interface Table {
  spec: QuerySpec;
  label: string;
  ask: Ask;
  cells: PublishedTable['cells'];
}

/** A person counts where one record of theirs passes every filter, as the engine counts. */
export function counts(g: Pick<Group, 'needs' | 'months'>, ask: Ask): boolean {
  return (
    ask.needs.every((n) => g.needs.includes(n)) &&
    g.months.some((m) => (ask.months?.includes(m) ?? true) && (ask.year ?? yearOf(m)) === yearOf(m))
  );
}

export function table(groups: readonly Group[], label: string, ask: Ask): Table {
  const value = groups.filter((g) => counts(g, ask)).reduce((n, g) => n + g.persons, 0);
  const filters = [
    ...ask.needs.map((field) => ({ kind: 'in', field, in: ['Yes'] })),
    ...(ask.months ? [{ kind: 'in', field: 'month', in: ask.months }] : []),
    ...(ask.year ? [{ kind: 'in', field: 'financial_year', in: [ask.year] }] : []),
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

/** The records as the engine holds them: one per person and month, the year the month's. */
export function snapshot(groups: readonly Group[], months: string[]) {
  const records = groups.flatMap((g, k) =>
    Array.from({ length: g.persons }, (_x, i) => g.months.map((month) => ({ person: k * 100 + i, g, month }))).flat(),
  );
  return recordsSnapshot(records, [
    ...[A, B].map((name) => ({
      name,
      labels: ['No', 'Yes'],
      of: (r: (typeof records)[number]) => (r.g.needs.includes(name) ? 'Yes' : 'No'),
    })),
    { name: 'month', labels: months, of: (r) => r.month },
    { name: 'financial_year', labels: yearsOf(months), of: (r) => yearOf(r.month) },
  ]);
}

/**
 * The intruder: over every kind of person (a non-empty set of the months, the years those give,
 * one answer pattern), a linear program whose equations are the printed numbers; per hidden small
 * count still published (a refused piece is not), the most it can be. The relaxation allows at
 * least every world of whole persons, so what it holds below a count's value plus the protection
 * is narrowed in truth.
 */
export async function intruderMost(
  tables: readonly Table[],
  gone: ReadonlyMap<number, { refuse: boolean }>,
  months: readonly string[] = MONTHS,
) {
  const monthSets = Array.from({ length: (1 << months.length) - 1 }, (_v, s) =>
    months.filter((_m, i) => ((s + 1) >> i) & 1),
  );
  const kinds = monthSets.flatMap((months) => [[], [A], [B], [A, B]].map((needs) => ({ needs, months })));
  const terms = (ask: Ask): string[] => kinds.flatMap((kind, j) => (counts(kind, ask) ? [`x${j}`] : []));
  const printed: string[] = [];
  const targets: Table[] = [];
  tables.forEach((t, at) => {
    const cell = t.cells[0]!;
    const out = gone.get(at);
    if (cell.shown !== null && out === undefined) printed.push(`${patternSum(terms(t.ask))} = ${cell.shown}`);
    else if (cell.value > 0 && cell.value < THRESHOLD && out?.refuse !== true) targets.push(t);
  });
  const most = new Map<string, number>();
  for (const t of targets) most.set(t.label, await mostOverPatterns(printed, terms(t.ask), kinds.length));
  return most;
}

/** The hidden small counts the intruder holds below their value plus the protection. */
export function narrowed(tables: readonly Table[], most: Map<string, number>): string[] {
  const value = new Map(tables.map((t) => [t.label, t.cells[0]!.value]));
  return [...most]
    .filter(([label, m]) => m < value.get(label)! + THRESHOLD - 1e-6)
    .map(([l, m]) => `${l} at most ${Math.round(m * 1000) / 1000}`);
}

/** Settles the matrix after `earlier`: per table (earlier ones first) withheld, whether refused. */
export async function settle(
  groups: readonly Group[],
  earlier: readonly Table[],
  matrix: readonly Table[],
  months: string[] = MONTHS,
) {
  const held = snapshot(groups, months);
  const withheld = new Map<number, { reason: string; refuse: boolean }>();
  const audited: PatternAuditInput[] = [];
  const session: SettledSession = {
    tablesSoFar: () => [...earlier, ...matrix],
    resolvedCount: () => matrix.length,
    withhold: (index, reason, refuse) => withheld.set(earlier.length + index, { reason, refuse }),
    personLevelFields: async (fields) => personLevelFields(held, fields),
    auditNeeds: (input) => {
      audited.push(input);
      return auditNeedsPatterns(input);
    },
  };
  const spec = QuerySpecSchema.parse({ cohort: 'needs', measure: 'persons', disclosure: { threshold: THRESHOLD } });
  const domains = { [A]: ['No', 'Yes'], [B]: ['No', 'Yes'], month: months, financial_year: yearsOf(months) };
  await settleNeedsPieces(session, spec, NEEDS, 0, domains);
  return { withheld, audited };
}
