// Time to outcome as published. The records behind each cell form an ordinary table of counts
// (with row, column and grand totals), protected like any cross-tab: primary and secondary
// suppression, rounding. A cell's quartiles are printed only where its count is printed and
// at least `threshold` records and `threshold` distinct persons stand behind them.
//
// Why that is enough for the quartiles: a quartile is an order statistic, not a sum, so no
// equation ties a cell's quartiles to its neighbours' and the totals' (unlike counts, where a
// total minus the other cells gives a hidden one): publishing the other cells and the totals
// does not let a hidden cell's quartiles be worked out. What a quartile of a small cell does
// reveal is close to one person's own dates, hence the floor on records and on persons (a
// person with many records in a cell is one person, not many). A cell whose count is hidden
// to protect another (secondary suppression) hides its quartiles too: their fractions (.25,
// .5, .75) tell its count modulo 4, which with the total could give the other cell away.
import {
  outcomeFigureQuery,
  type OutcomeSummary,
  type TimeToOutcomeResult,
  type TimeToOutcomeSpec,
} from '../../../shared/contract/outcomes.ts';
import type { OutcomeDays } from '../../../shared/outcomeDays.ts';
import type { DisclosureRule, QueryResult, QuerySpec } from '../../../shared/query.ts';
import { AppError } from '../../../shared/errors.ts';
import { protectTableOffThread, type RawTable, type WorkOptions } from '../../disclosure/index.ts';
import type { OutcomeCell, TimeToOutcomeTable } from '../../engine/analyses/outcomes.ts';

function published(cell: OutcomeCell, count: number | null, rule: DisclosureRule | null): OutcomeSummary {
  const shown = rule === null || (count !== null && cell.records >= rule.threshold && cell.persons >= rule.threshold);
  const quartiles = shown ? cell.quartiles : null;
  return {
    records: count,
    q1: quartiles?.q1 ?? null,
    median: quartiles?.median ?? null,
    q3: quartiles?.q3 ?? null,
    suppressed: cell.records > 0 && !shown,
  };
}

/** The raw table's counts of records, as disclosure control takes a table. */
export function recordsTable(raw: TimeToOutcomeTable): RawTable {
  return {
    counts: raw.cells.map((row) => row.map((cell) => cell.records)),
    rowTotals: raw.rowTotals.map((cell) => cell.records),
    colTotals: raw.colTotals.map((cell) => cell.records),
    total: raw.total.records,
    rows: raw.rows,
    cols: raw.cols,
    measure: 'records',
  };
}

/** A table's published counts: null where hidden. */
export interface PublishedCounts {
  counts: ReadonlyArray<ReadonlyArray<number | null>>;
  rowTotals: ReadonlyArray<number | null>;
  colTotals: ReadonlyArray<number | null>;
  total: number | null;
  rows: TimeToOutcomeTable['rows'];
  cols: TimeToOutcomeTable['cols'];
}

/**
 * The suspects table whose counts are the records behind a time-to-outcome table: an export
 * resolves it through the release, so it is protected with every table published before.
 */
export function outcomeCountsSpec(spec: TimeToOutcomeSpec): QuerySpec {
  // The saved figure's query without its quartiles: one definition of which records stand behind.
  const counts: QuerySpec = { ...outcomeFigureQuery(spec) };
  delete counts.timeToOutcome;
  return counts;
}

/** The raw table with `counts` as published (the rule's, or a release's, protection of its records). */
export function publishWithCounts(
  raw: TimeToOutcomeTable,
  counts: PublishedCounts,
  rule: DisclosureRule | null,
  elapsedMs: number,
): TimeToOutcomeResult {
  const same = (a: TimeToOutcomeTable['rows'], b: TimeToOutcomeTable['rows']): boolean =>
    JSON.stringify(a.keys) === JSON.stringify(b.keys);
  if (!same(raw.rows, counts.rows) || !same(raw.cols, counts.cols))
    throw new AppError('INTERNAL', 'The time-to-outcome table and its counts have different categories.');
  return {
    rows: raw.rows,
    cols: raw.cols,
    cells: raw.cells.map((row, r) => row.map((cell, c) => published(cell, counts.counts[r]?.[c] ?? null, rule))),
    rowTotals: raw.rowTotals.map((cell, r) => published(cell, counts.rowTotals[r] ?? null, rule)),
    colTotals: raw.colTotals.map((cell, c) => published(cell, counts.colTotals[c] ?? null, rule)),
    total: published(raw.total, counts.total, rule),
    disclosure: rule,
    meta: { recordsMatched: raw.recordsMatched, elapsedMs, warnings: raw.warnings },
  };
}

/** The quartiles of a published summary, as a query result carries them. */
const daysOf = ({ q1, median, q3, suppressed }: OutcomeSummary): OutcomeDays => ({ q1, median, q3, suppressed });

/**
 * A time-to-outcome query's result (spec.timeToOutcome) with each cell's quartiles beside its
 * published count: printed only where the count is printed and enough records and persons stand
 * behind them, as in the time-to-outcome table.
 */
export function withOutcomeDays(
  raw: TimeToOutcomeTable,
  result: QueryResult,
  rule: DisclosureRule | null,
): QueryResult {
  const published = publishWithCounts(raw, result, rule, 0);
  return {
    ...result,
    outcomes: {
      cells: published.cells.map((row) => row.map(daysOf)),
      rowTotals: published.rowTotals.map(daysOf),
      colTotals: published.colTotals.map(daysOf),
      total: daysOf(published.total),
    },
  };
}

/** Protects the raw table under the spec's rule alone (none: Explore with disclosure control off). */
export async function publishTimeToOutcome(
  raw: TimeToOutcomeTable,
  spec: TimeToOutcomeSpec,
  elapsedMs: number,
  work: WorkOptions = {},
): Promise<TimeToOutcomeResult> {
  const rule = spec.disclosure;
  const counts = rule === null ? recordsTable(raw) : (await protectTableOffThread(recordsTable(raw), rule, work)).table;
  return publishWithCounts(raw, { ...counts, rows: raw.rows, cols: raw.cols }, rule, elapsedMs);
}
