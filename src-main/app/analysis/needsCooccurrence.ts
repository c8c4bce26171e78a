// The co-occurrence of offender needs, published as the counts it is made of and nothing more:
// per need, the persons with a record that flags it (the diagonal), and per pair, the persons
// with a record that flags both; each one count of offenders (a filter on its needs being Yes,
// no rows or columns), resolved by the caller: a release protects and links them (exports), or
// the engine answers them raw (disclosure off). A cross-tab of each pair would also print its
// No and Unknown cells, whose small counts (unknown answers) dragged the Yes and Yes cell into
// hiding; the matrix prints none of them, so none is published.
import {
  COOCCURRENCE_FIELD_LABELS,
  COOCCURRENCE_FIELDS,
  COOCCURRENCE_NOTE,
  heldNeedFields,
  NEEDS_DATASET,
  YES,
} from '../../../shared/needsCooccurrence.ts';
import { AppError } from '../../../shared/errors.ts';
import type { DatasetColumns } from '../../../shared/contract/engine.ts';
import { datasetLabel } from '../../../shared/figure.ts';
import type { DisclosureReport, Filter, QueryResult, QuerySpec } from '../../../shared/query.ts';

/** Resolves one offenders table as it will be published; `name` names it in notes. */
export type TableResolver = (spec: QuerySpec, name: string) => Promise<QueryResult>;

export interface NeedField {
  field: string;
  label: string;
}

export function isCooccurrence(spec: Pick<QuerySpec, 'cohort'>): boolean {
  return spec.cohort === NEEDS_DATASET;
}

/** A co-occurrence spec counts persons with filters alone: its rows and columns are the needs. */
export function checkCooccurrenceSpec(spec: QuerySpec): void {
  const fixed = [COOCCURRENCE_FIELDS.need, COOCCURRENCE_FIELDS.with] as string[];
  const extra = [...spec.rows, ...spec.cols].filter((f) => !fixed.includes(f));
  const problems = [
    extra.length > 0 ? `its rows and columns are the needs (remove ${extra.join(', ')}; filter instead)` : null,
    spec.measure !== 'persons' ? 'it counts persons (set the measure to persons)' : null,
    spec.rate !== undefined ? 'it has no rates' : null,
    spec.percent !== 'none' ? 'it has no percentages (a person counts in several cells)' : null,
    spec.groups !== undefined ? 'its needs cannot be merged' : null,
  ].filter((p): p is string => p !== null);
  if (problems.length > 0)
    throw new AppError('INVALID_SPEC', `The co-occurrence of needs cannot be drawn this way: ${problems.join('; ')}.`);
}

/** The offenders count of the filter's persons with a record flagging every one of `needs` (none: the persons). */
export function pieceSpec(spec: QuerySpec, ...needs: string[]): QuerySpec {
  const flagged = needs.map((field): Filter => ({ kind: 'in', field, in: [YES] }));
  return {
    cohort: 'offenders',
    filters: [...spec.filters, ...flagged],
    rows: [],
    cols: [],
    measure: 'persons',
    percent: 'none',
    stats: false,
    disclosure: spec.disclosure,
    ...(spec.window ? { window: spec.window } : {}),
  };
}

/** The one count of a published piece, null when hidden. */
function countOf(result: QueryResult): { value: number | null; primary: boolean } {
  const primary = result.disclosure?.primary.some(([r, c]) => r === 0 && c === 0) ?? false;
  return { value: result.counts[0]?.[0] ?? result.total, primary };
}

/** The persons, then per need, then per pair in the codebook's order: every count the matrix is read from. */
export async function cooccurrenceQuery(
  spec: QuerySpec,
  needs: readonly NeedField[],
  resolve: TableResolver,
): Promise<QueryResult> {
  checkCooccurrenceSpec(spec);
  if (needs.length === 0)
    throw new AppError('INVALID_SPEC', 'These offenders have no need columns: import an extract with the needs flags.');
  const started = performance.now();
  const n = needs.length;
  const counts: (number | null)[][] = Array.from({ length: n }, () => Array<number | null>(n).fill(null));
  const primary: Array<[number, number]> = [];
  const secondary: Array<[number, number]> = [];
  const place = (i: number, j: number, cell: { value: number | null; primary: boolean }): void => {
    const cells: Array<[number, number]> =
      i === j
        ? [[i, i]]
        : [
            [i, j],
            [j, i],
          ];
    for (const [r, c] of cells) {
      counts[r]![c] = cell.value;
      if (cell.value === null) (cell.primary ? primary : secondary).push([r, c]);
    }
  };
  const first = await resolve(pieceSpec(spec), 'persons');
  for (const [i, need] of needs.entries())
    place(
      i,
      i,
      countOf(await resolve(pieceSpec(spec, need.field), `persons with the ${need.label.toLowerCase()} need`)),
    );
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const [a, b] = [needs[i]!, needs[j]!];
      const name = `persons with the ${a.label.toLowerCase()} and ${b.label.toLowerCase()} needs on one record`;
      place(i, j, countOf(await resolve(pieceSpec(spec, a.field, b.field), name)));
    }
  }
  const diagonal = counts.map((row, i) => row[i] ?? null);
  const keys = needs.map((need) => [need.label]);
  const disclosure: DisclosureReport | null =
    first.disclosure == null
      ? null
      : {
          ...first.disclosure,
          primary,
          secondary,
          suppressedRowTotals: diagonal.flatMap((v, i) => (v === null ? [i] : [])),
          suppressedColTotals: diagonal.flatMap((v, i) => (v === null ? [i] : [])),
          totalSuppressed: first.total === null,
          release: [],
        };
  return {
    spec,
    rows: { fields: [COOCCURRENCE_FIELDS.need], keys },
    cols: { fields: [COOCCURRENCE_FIELDS.with], keys: keys.map((k) => [...k]) },
    counts,
    rowTotals: diagonal,
    colTotals: [...diagonal],
    total: first.total,
    stats: null,
    suppressed: [...primary, ...secondary],
    disclosure,
    meta: {
      cohort: NEEDS_DATASET,
      measure: 'persons',
      recordsMatched: first.meta.recordsMatched,
      recordsTotal: first.meta.recordsTotal,
      elapsedMs: performance.now() - started,
      warnings: [COOCCURRENCE_NOTE],
    },
  };
}

/** The columns of needs together: the two fixed axes (the needs held), then the offenders' own, for filters. */
export function cooccurrenceColumns(offenders: DatasetColumns): DatasetColumns {
  const needs = needsOf(offenders.columns).map((n) => n.label);
  const axis = (name: string) => ({
    name,
    label: COOCCURRENCE_FIELD_LABELS[name] ?? name,
    kind: 'category' as const,
    categories: needs,
  });
  return {
    ...offenders,
    name: NEEDS_DATASET,
    label: datasetLabel(NEEDS_DATASET),
    columns: [axis(COOCCURRENCE_FIELDS.need), axis(COOCCURRENCE_FIELDS.with), ...offenders.columns],
  };
}

/** The needs a dataset's columns hold. */
export function needsOf(columns: readonly { name: string }[]): NeedField[] {
  return heldNeedFields(columns.map((c) => c.name));
}
