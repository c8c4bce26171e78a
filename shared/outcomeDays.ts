// Time to outcome as a query: the records of suspects with an offence date and an outcome date
// on or after it (the flag `outcome_timed`), with each cell's median and quartiles of the days
// between, published beside the counts. A spec asks for it with `timeToOutcome`; the counts are
// an ordinary suspects table, so a release protects them with every other output.
import { z } from 'zod';

/** The flag of the records time to outcome counts. */
export const OUTCOME_TIMED = 'outcome_timed';

/** One cell's days as published: null where withheld ([c], `suppressed`) or where there are no records. */
export const OutcomeDaysSchema = z.object({
  q1: z.number().nullable(),
  median: z.number().nullable(),
  q3: z.number().nullable(),
  /** Withheld: too few records or persons stand behind them, or their count is hidden. */
  suppressed: z.boolean(),
});
export type OutcomeDays = z.infer<typeof OutcomeDaysSchema>;

/** The quartiles of every cell, margin and total of a result, in the result's own layout. */
export const ResultOutcomesSchema = z.object({
  cells: z.array(z.array(OutcomeDaysSchema)),
  rowTotals: z.array(OutcomeDaysSchema),
  colTotals: z.array(OutcomeDaysSchema),
  total: OutcomeDaysSchema,
});
export type ResultOutcomes = z.infer<typeof ResultOutcomesSchema>;

interface OutcomeShaped {
  cohort: string;
  measure: string;
  rows: readonly string[];
  cols: readonly string[];
  filters: ReadonlyArray<{ field: string; equals?: boolean; in?: readonly string[] }>;
  groups?: unknown;
  rate?: unknown;
}

/** Whether a spec counts what time to outcome summarises: suspects' timed records, one field a side. */
export function fitsTimeToOutcome(spec: OutcomeShaped): boolean {
  return (
    spec.cohort === 'suspects' &&
    spec.measure === 'records' &&
    spec.rows.length <= 1 &&
    spec.cols.length <= 1 &&
    spec.groups === undefined &&
    spec.rate === undefined &&
    spec.filters.some((f) => f.field === OUTCOME_TIMED && isYes(f))
  );
}

/** The flag's Yes, as a filter says it: `equals: true`, or the category Yes alone (as Explore sends it). */
function isYes(filter: { equals?: boolean; in?: readonly string[] }): boolean {
  return filter.equals === true || (filter.in?.length === 1 && filter.in[0] === 'Yes');
}

export const TIME_TO_OUTCOME_SHAPE =
  'time to outcome counts suspects’ records with an outcome date (outcome_timed = Yes), by one row field and one column field at most, with no merged categories or rates';
