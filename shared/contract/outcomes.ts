// Time to outcome for suspects: the median and quartiles of the days from offence to outcome
// per cell of a table (one row field and one column field at most), published under
// disclosure control like any table, and exported as CSV or XLSX.
import { z } from 'zod';
import { method } from './define.ts';
import { UnlinkedNoteSchema } from './release.ts';
import { OUTCOME_TIMED } from '../outcomeDays.ts';
import { AxisSchema, DEFAULT_DISCLOSURE, DisclosureRuleSchema, FilterSchema, type QuerySpec } from '../query.ts';

const fieldName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'a column name of the codebook');

export const TimeToOutcomeSpecSchema = z
  .object({
    filters: z.array(FilterSchema).max(64).default([]),
    rows: z.array(fieldName).max(1).default([]),
    cols: z.array(fieldName).max(1).default([]),
    disclosure: DisclosureRuleSchema.nullable().default(DEFAULT_DISCLOSURE),
  })
  .strict();
export type TimeToOutcomeSpec = z.output<typeof TimeToOutcomeSpecSchema>;

/** One cell as published: null where a number is withheld ([c]) or, for quartiles, where there are no records. */
export const OutcomeSummarySchema = z.object({
  /** Records with both dates (rounded as the rule says); null when suppressed. */
  records: z.number().nullable(),
  q1: z.number().nullable(),
  median: z.number().nullable(),
  q3: z.number().nullable(),
  /** The quartiles are withheld: too few records or persons stand behind them, or their count is hidden. */
  suppressed: z.boolean(),
});
export type OutcomeSummary = z.infer<typeof OutcomeSummarySchema>;

export const TimeToOutcomeResultSchema = z.object({
  rows: AxisSchema,
  /** With no column field, a single column whose key is empty. */
  cols: AxisSchema,
  cells: z.array(z.array(OutcomeSummarySchema)),
  rowTotals: z.array(OutcomeSummarySchema),
  colTotals: z.array(OutcomeSummarySchema),
  total: OutcomeSummarySchema,
  /** The rule applied; null when disclosure control is off (Explore only). */
  disclosure: DisclosureRuleSchema.nullable(),
  meta: z.object({
    recordsMatched: z.number(),
    elapsedMs: z.number(),
    warnings: z.array(z.string()),
  }),
});
export type TimeToOutcomeResult = z.infer<typeof TimeToOutcomeResultSchema>;

export const TimeToOutcomeExportSchema = z
  .object({
    spec: TimeToOutcomeSpecSchema,
    path: z.string().min(1).max(4096),
    format: z.enum(['csv', 'xlsx']),
    title: z.string().trim().min(1).max(200).default('Days from offence to outcome'),
    overwrite: z.boolean().default(false),
  })
  .strict();

export const outcomeMethods = {
  'engine.timeToOutcome': method(
    TimeToOutcomeSpecSchema,
    TimeToOutcomeResultSchema,
    'Median and quartiles of the days from offence to outcome for suspects, per cell, under disclosure control',
  ),
  'export.timeToOutcome': method(
    TimeToOutcomeExportSchema,
    z.object({
      path: z.string(),
      /** Cells hidden only because of earlier outputs of the release, counted per reason. */
      reasons: z.array(z.object({ reason: z.string(), cells: z.number().int() })),
      /** Earlier outputs the table could not be protected together with, and what to do. */
      unlinked: z.array(UnlinkedNoteSchema),
    }),
    'Write the time-to-outcome table as CSV or XLSX, protected across the open release and recorded in its register; its rule must meet the workspace’s disclosure policy',
  ),
} as const;

/**
 * The query of a saved time-to-outcome figure: the suspects records with an outcome date by the
 * same fields, asking for each cell's quartiles beside its count.
 */
export function outcomeFigureQuery(spec: TimeToOutcomeSpec): QuerySpec {
  return {
    cohort: 'suspects',
    measure: 'records',
    filters: [...spec.filters, { kind: 'equals', field: OUTCOME_TIMED, equals: true }],
    rows: [...spec.rows],
    cols: [...spec.cols],
    percent: 'none',
    stats: false,
    disclosure: spec.disclosure,
    timeToOutcome: true,
  };
}
