// The query spec and result of DESIGN.md section 8: the stable contract that the
// engine, the disclosure control, the exporters, the CLI and the renderer share.
import { z } from 'zod';
import type { DatasetName } from './codebook.ts';

const fieldName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'a column name of the codebook');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** A dataset is a cohort or an imported context dataset (`context:NAME`). */
export const DatasetNameSchema = z
  .string()
  .regex(
    /^(victims|suspects|offenders|overlap|context:[a-z][a-z0-9_]{0,62})$/,
    'victims, suspects, offenders, overlap or context:NAME',
  );

/** A dataset the engine holds as a snapshot (a cohort or `context:NAME`; not the overlap). */
export const SnapshotNameSchema = z
  .string()
  .regex(/^(victims|suspects|offenders|context:[a-z][a-z0-9_]{0,62})$/, 'victims, suspects, offenders or context:NAME')
  .transform((name) => name as DatasetName);

export const InFilterSchema = z.object({ field: fieldName, in: z.array(z.string()).max(10_000) }).strict();
export const NotInFilterSchema = z.object({ field: fieldName, notIn: z.array(z.string()).max(10_000) }).strict();
export const EqualsFilterSchema = z.object({ field: fieldName, equals: z.boolean() }).strict();
export const DateRangeFilterSchema = z
  .object({ field: fieldName, from: isoDate.optional(), to: isoDate.optional() })
  .strict()
  .refine((f) => f.from !== undefined || f.to !== undefined, 'a date range needs from, to or both');
export const NumberRangeFilterSchema = z
  .object({ field: fieldName, min: z.number().optional(), max: z.number().optional() })
  .strict()
  .refine((f) => f.min !== undefined || f.max !== undefined, 'a number range needs min, max or both');

export const FilterSchema = z.union([
  InFilterSchema,
  NotInFilterSchema,
  EqualsFilterSchema,
  DateRangeFilterSchema,
  NumberRangeFilterSchema,
]);
export type Filter = z.infer<typeof FilterSchema>;
export type FilterKind = 'in' | 'notIn' | 'equals' | 'dateRange' | 'numberRange';

/** The kind of a filter, for exhaustive switches (`assertNever` in the default branch). */
export function filterKind(filter: Filter): FilterKind {
  if ('in' in filter) return 'in';
  if ('notIn' in filter) return 'notIn';
  if ('equals' in filter) return 'equals';
  if ('from' in filter || 'to' in filter) return 'dateRange';
  return 'numberRange';
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}

export const DisclosureRuleSchema = z
  .object({
    threshold: z.number().int().min(1).max(100).default(5),
    secondary: z.boolean().default(true),
    round: z.number().int().min(2).max(100).nullable().default(null),
    suppressZeros: z.boolean().default(false),
    /** How far a suppressed small count must stay from being worked out; the threshold when absent. */
    protection: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type DisclosureRule = z.infer<typeof DisclosureRuleSchema>;
export const DEFAULT_DISCLOSURE: DisclosureRule = { threshold: 5, secondary: true, round: null, suppressZeros: false };

export const QuerySpecSchema = z
  .object({
    cohort: DatasetNameSchema,
    filters: z.array(FilterSchema).max(64).default([]),
    rows: z.array(fieldName).max(3).default([]),
    cols: z.array(fieldName).max(3).default([]),
    measure: z.enum(['records', 'persons']).default('records'),
    percent: z.enum(['none', 'row', 'col', 'total']).default('none'),
    stats: z.boolean().default(false),
    disclosure: DisclosureRuleSchema.nullable().default(DEFAULT_DISCLOSURE),
    rate: z
      .object({ per: z.number().positive().default(1000), population: z.string().min(1).max(100) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((s) => s.rows.length + s.cols.length <= 3, 'up to 3 fields in rows and cols together')
  .refine((s) => new Set([...s.rows, ...s.cols]).size === s.rows.length + s.cols.length, 'a field may appear once');
export type QuerySpec = z.output<typeof QuerySpecSchema>;
export type QuerySpecInput = z.input<typeof QuerySpecSchema>;

export const AxisSchema = z.object({ fields: z.array(z.string()), keys: z.array(z.array(z.string())) });
export type Axis = z.infer<typeof AxisSchema>;

const matrix = z.array(z.array(z.number().nullable()));
const cell = z.tuple([z.number().int(), z.number().int()]);

export const StatsSchema = z.object({
  chi2: z.number(),
  df: z.number().int(),
  p: z.number(),
  cramersV: z.number(),
  n: z.number(),
  /** Expected counts and adjusted standardised residuals, over the same rows and cols as `counts` (null for empty lines). */
  expected: matrix,
  adjustedResiduals: matrix,
  /** Share of cells with an expected count below 5 (SPSS's footnote). */
  lowExpectedShare: z.number(),
  warning: z.string().nullable(),
});
export type Stats = z.infer<typeof StatsSchema>;

export const DisclosureReportSchema = z.object({
  rule: DisclosureRuleSchema,
  /** The footnote to print with the table or chart. */
  footnote: z.string(),
  primary: z.array(cell),
  secondary: z.array(cell),
  /** Totals hidden: row index (or col index) of row/col totals; the grand total as `total`. */
  suppressedRowTotals: z.array(z.number().int()),
  suppressedColTotals: z.array(z.number().int()),
  totalSuppressed: z.boolean(),
  rounded: z.boolean(),
  /** Cells hidden only because outputs published earlier in the release would give them away, with why. */
  release: z
    .array(z.object({ row: z.number().int().nullable(), col: z.number().int().nullable(), reason: z.string() }))
    .optional(),
});
export type DisclosureReport = z.infer<typeof DisclosureReportSchema>;

export const QueryResultSchema = z.object({
  spec: z.unknown(),
  rows: AxisSchema,
  /** With no col fields, a single column whose key is empty. */
  cols: AxisSchema,
  counts: matrix,
  rowTotals: z.array(z.number().nullable()),
  colTotals: z.array(z.number().nullable()),
  total: z.number().nullable(),
  percents: matrix.optional(),
  rates: matrix.optional(),
  stats: StatsSchema.nullable().optional(),
  suppressed: z.array(cell),
  disclosure: DisclosureReportSchema.nullable(),
  meta: z.object({
    cohort: z.string(),
    measure: z.enum(['records', 'persons']),
    recordsMatched: z.number(),
    recordsTotal: z.number(),
    elapsedMs: z.number(),
    warnings: z.array(z.string()),
  }),
});
export type QueryResult = z.infer<typeof QueryResultSchema>;
