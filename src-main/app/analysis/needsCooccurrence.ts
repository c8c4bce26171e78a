// The co-occurrence of offender needs, published as the counts it is made of and nothing more:
// per need, the persons with a record that flags it (the diagonal), and per pair, the persons
// with a record that flags both; each a table of offenders of one cell (its needs as rows and
// columns, filtered to Yes), resolved by the caller: a release protects and links them (exports), or
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
import type { DisclosureReport, Filter, GivenAwayEarlier, QueryResult, QuerySpec } from '../../../shared/query.ts';

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

/**
 * The offenders table of one cell: the filter's persons with a record flagging every one of
 * `needs` (none: the persons). The needs are its axes too, so that the release places the cell
 * as it places any table's (a count with no axes was not linked with tables after it).
 */
export function pieceSpec(spec: QuerySpec, ...needs: string[]): QuerySpec {
  const flagged = needs.map((field): Filter => ({ kind: 'in', field, in: [YES] }));
  return {
    cohort: 'offenders',
    filters: [...spec.filters, ...flagged],
    rows: needs.slice(0, 1),
    cols: needs.slice(1, 2),
    measure: 'persons',
    percent: 'none',
    stats: false,
    disclosure: spec.disclosure,
    ...(spec.window ? { window: spec.window } : {}),
  };
}

/**
 * A need's count once some of its pairs are hidden: printed, it bounds each of them (a need of 6
 * tells that a hidden pair of 2 is at most 6), and the release links it with only as many pairs
 * as its model holds. So it is held to a threshold under which it could bound a hidden small
 * pair (the largest small count plus the protection); hidden, it is protected as any count is.
 */
export function boundingPiece(piece: QuerySpec, hiddenPairs: number): QuerySpec {
  if (hiddenPairs === 0 || piece.disclosure === null) return piece;
  const rule = piece.disclosure;
  const protection = rule.protection ?? rule.threshold;
  return {
    ...piece,
    disclosure: { ...rule, threshold: Math.max(rule.threshold, rule.threshold - 1 + protection), protection },
  };
}

/** The matrix's cells hidden once its pieces were read together, as footnote sentences (each pair once). */
function heldBack(release: ReadonlyArray<{ row: number; col: number; reason: string }>): string[] {
  const byReason = new Map<string, number>();
  for (const r of release) if (r.row <= r.col) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
  return [...byReason].map(([reason, n]) => `${n} ${n === 1 ? 'count' : 'counts'} ${reason}.`);
}

/** The one count of a published piece, null when hidden. */
function countOf(result: QueryResult): { value: number | null; primary: boolean } {
  const primary = result.disclosure?.primary.some(([r, c]) => r === 0 && c === 0) ?? false;
  return { value: result.counts[0]?.[0] ?? result.total, primary };
}

/** What settling the pieces found; `reasons` per piece, in the order resolved, why it is hidden now. */
export interface Settled {
  reasons: ReadonlyMap<number, string>;
  /** The earlier outputs whose hidden counts were given away before the matrix could mend them. */
  givenAwayEarlier: readonly GivenAwayEarlier[];
}

/** Nothing to settle (no disclosure, or the pieces are not the export's tables). */
export const NOTHING_SETTLED: Settled = { reasons: new Map(), givenAwayEarlier: [] };

/**
 * Once every piece is chosen, those to hide now, with why: pieces read together can give away
 * what each alone did not.
 */
export type PieceSettler = (pieces: number) => Promise<Settled>;

/** The persons, then per pair, then per need in the codebook's order: every count the matrix is read from. */
export async function cooccurrenceQuery(
  spec: QuerySpec,
  needs: readonly NeedField[],
  resolve: TableResolver,
  settle?: PieceSettler,
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
  // Where each piece sits in the matrix, in the order resolved (the persons first, nowhere).
  const places: Array<[number, number] | null> = [null];
  const first = await resolve(pieceSpec(spec), 'persons');
  // Pairs before needs: a need's count is then protected knowing which of its pairs were hidden
  // (published first, a need of 6 would bound a hidden pair of 2 to at most 6).
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const [a, b] = [needs[i]!, needs[j]!];
      const name = `persons with the ${a.label.toLowerCase()} and ${b.label.toLowerCase()} needs on one record`;
      place(i, j, countOf(await resolve(pieceSpec(spec, a.field, b.field), name)));
      places.push([i, j]);
    }
  }
  for (const [i, need] of needs.entries()) {
    const name = `persons with the ${need.label.toLowerCase()} need`;
    const hiddenPairs = counts[i]!.filter((v, j) => j !== i && v === null).length;
    place(i, i, countOf(await resolve(boundingPiece(pieceSpec(spec, need.field), hiddenPairs), name)));
    places.push([i, i]);
  }
  const release: Array<{ row: number; col: number; reason: string }> = [];
  const settled = await settle?.(places.length);
  for (const [k, reason] of settled?.reasons ?? []) {
    const at = places[k];
    if (!at) continue;
    const [i, j] = at;
    // A cell hidden already (a refused square's small count) keeps its place, and gains the reason.
    if (counts[i]![j] !== null) place(i, j, { value: null, primary: false });
    release.push({ row: i, col: j, reason }, ...(i === j ? [] : [{ row: j, col: i, reason }]));
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
          release,
          footnote: [first.disclosure.footnote, ...heldBack(release)].join(' '),
          ...(settled && settled.givenAwayEarlier.length > 0
            ? { givenAwayEarlier: [...settled.givenAwayEarlier] }
            : {}),
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
