// The query spec and its result: the stable contract that the
// engine, the disclosure control, the exporters, the CLI and the renderer share.
import { z } from 'zod';
import type { DatasetName } from './codebook.ts';
import { AppError } from './errors.ts';
import { ResultIntervalsSchema, YearChangesSchema } from './intervals.ts';
import { fitsTimeToOutcome, ResultOutcomesSchema, TIME_TO_OUTCOME_SHAPE } from './outcomeDays.ts';

const fieldName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'a column name of the codebook');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** A dataset is a cohort or an imported context dataset (`context:NAME`). */
export const DatasetNameSchema = z
  .string()
  .regex(
    /^(victims|suspects|offenders|overlap|journeys|needs|context:[a-z][a-z0-9_]{0,62})$/,
    'victims, suspects, offenders, overlap, journeys, needs or context:NAME',
  );

/** A dataset the engine holds as a snapshot (a cohort or `context:NAME`; not the overlap). */
export const SnapshotNameSchema = z
  .string()
  .regex(/^(victims|suspects|offenders|context:[a-z][a-z0-9_]{0,62})$/, 'victims, suspects, offenders or context:NAME')
  .transform((name) => name as DatasetName);

// A filter is a tagged union: `kind` says which, and every switch over it is exhaustive.
// Specs written before the tag (saved figures and profiles, CLI spec files, older clients)
// still parse: an untagged filter is tagged as it is read (tagLegacyFilter).
const inList = z.array(z.string()).max(10_000);
const hasDateBound = (f: { from?: string | undefined; to?: string | undefined }) =>
  f.from !== undefined || f.to !== undefined;
const hasNumberBound = (f: { min?: number | undefined; max?: number | undefined }) =>
  f.min !== undefined || f.max !== undefined;

export const InFilterSchema = z.object({ kind: z.literal('in'), field: fieldName, in: inList }).strict();
export const NotInFilterSchema = z.object({ kind: z.literal('notIn'), field: fieldName, notIn: inList }).strict();
export const EqualsFilterSchema = z
  .object({ kind: z.literal('equals'), field: fieldName, equals: z.boolean() })
  .strict();
export const DateRangeFilterSchema = z
  .object({ kind: z.literal('dateRange'), field: fieldName, from: isoDate.optional(), to: isoDate.optional() })
  .strict()
  .refine(hasDateBound, 'a date range needs from, to or both');
export const NumberRangeFilterSchema = z
  .object({ kind: z.literal('numberRange'), field: fieldName, min: z.number().optional(), max: z.number().optional() })
  .strict()
  .refine(hasNumberBound, 'a number range needs min, max or both');

const TaggedFilterSchema = z.discriminatedUnion('kind', [
  InFilterSchema,
  NotInFilterSchema,
  EqualsFilterSchema,
  DateRangeFilterSchema,
  NumberRangeFilterSchema,
]);
export type Filter = z.output<typeof TaggedFilterSchema>;
export type FilterKind = Filter['kind'];

/** The filter shapes saved before filters had a `kind`: told apart by their keys. */
export const LegacyFilterSchema = z.union([
  z.object({ field: fieldName, in: inList }).strict(),
  z.object({ field: fieldName, notIn: inList }).strict(),
  z.object({ field: fieldName, equals: z.boolean() }).strict(),
  z
    .object({ field: fieldName, from: isoDate.optional(), to: isoDate.optional() })
    .strict()
    .refine(hasDateBound, 'a date range needs from, to or both'),
  z
    .object({ field: fieldName, min: z.number().optional(), max: z.number().optional() })
    .strict()
    .refine(hasNumberBound, 'a number range needs min, max or both'),
]);
export type LegacyFilter = z.output<typeof LegacyFilterSchema>;

/** An untagged (older) filter with its kind: the migration saved figures and profiles get as they are read. */
export function tagLegacyFilter(filter: LegacyFilter): Filter {
  if ('in' in filter) return { kind: 'in', ...filter };
  if ('notIn' in filter) return { kind: 'notIn', ...filter };
  if ('equals' in filter) return { kind: 'equals', ...filter };
  if ('from' in filter || 'to' in filter) return { kind: 'dateRange', ...filter };
  return { kind: 'numberRange', ...filter };
}

export const FilterSchema = z.union([TaggedFilterSchema, LegacyFilterSchema.transform(tagLegacyFilter)]);

/** The kind of a filter, for exhaustive switches (`assertNever` in the default branch). */
export function filterKind(filter: Filter): FilterKind {
  return filter.kind;
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

/** Categories of one row or column field counted as one, under a label of their own. */
export const CategoryGroupSchema = z
  .object({
    label: z.string().trim().min(1).max(200),
    members: z.array(z.string().max(200)).min(2).max(10_000),
  })
  .strict();
export type CategoryGroup = z.infer<typeof CategoryGroupSchema>;

/** Per row or column field, its merged categories (e.g. adjacent age bands, small districts). */
export const CategoryGroupsSchema = z.record(fieldName, z.array(CategoryGroupSchema).min(1).max(1000)).refine(
  (groups) =>
    Object.values(groups).every((list) => {
      const members = list.flatMap((g) => g.members);
      const labels = list.map((g) => g.label);
      return new Set(members).size === members.length && new Set(labels).size === labels.length;
    }),
  'a category may be in one group of its field, and a field’s group labels must differ',
);
export type CategoryGroups = z.infer<typeof CategoryGroupsSchema>;

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
    /** Merged categories of row and column fields; absent: every category on its own. */
    groups: CategoryGroupsSchema.optional(),
    /** The rolling window of the repeat victimisation fields; absent: 12 months (365 days). */
    window: z
      .object({ days: z.number().int().min(1).max(3660) })
      .strict()
      .optional(),
    /** 95% confidence intervals of percentages and rates, and year-on-year changes marked when more than noise. */
    intervals: z.boolean().optional(),
    /** The journeys table: first appearances this many days apart or fewer are one episode (default 30). */
    journeyWindowDays: z.number().int().min(0).max(3650).optional(),
    /** Each cell's median and quartiles of the days from offence to outcome, beside its count. */
    timeToOutcome: z.boolean().optional(),
  })
  .strict()
  .refine((s) => s.timeToOutcome !== true || fitsTimeToOutcome(s), TIME_TO_OUTCOME_SHAPE)
  .refine((s) => s.journeyWindowDays === undefined || s.cohort === 'journeys', 'a journey window is for journeys only')
  .refine((s) => s.rows.length + s.cols.length <= 3, 'up to 3 fields in rows and cols together')
  .refine((s) => new Set([...s.rows, ...s.cols]).size === s.rows.length + s.cols.length, 'a field may appear once')
  .refine(
    (s) => Object.keys(s.groups ?? {}).every((field) => s.rows.includes(field) || s.cols.includes(field)),
    'groups may merge categories of row and column fields only',
  );
export type QuerySpec = z.output<typeof QuerySpecSchema>;
export type QuerySpecInput = z.input<typeof QuerySpecSchema>;

/**
 * A spec parsed at an edge the dispatcher does not guard (a CLI spec file, the sample builder,
 * a test): the one parse a spec gets. Everything past the edge takes the typed QuerySpec.
 */
export function parseQuerySpec(input: unknown): QuerySpec {
  const parsed = QuerySpecSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      'INVALID_SPEC',
      `The query spec is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; ')}.`,
    );
  }
  return parsed.data;
}

export const AxisSchema = z.object({ fields: z.array(z.string()), keys: z.array(z.array(z.string())) });
export type Axis = z.infer<typeof AxisSchema>;

const matrix = z.array(z.array(z.number().nullable()));
const cell = z.tuple([z.number().int(), z.number().int()]);

/**
 * How a protected table's statistics are published: in full, coarser (so that the printed value
 * cannot narrow a suppressed cell), or withheld; `printed` is the text every output shows.
 */
export const StatsPublicationSchema = z.object({
  status: z.enum(['full', 'coarsened', 'withheld']),
  printed: z.object({ chi2: z.string().nullable(), p: z.string().nullable(), cramersV: z.string().nullable() }),
  /** Why the statistics are coarser or withheld (a footnote); null when in full. */
  note: z.string().nullable(),
});
export type StatsPublication = z.infer<typeof StatsPublicationSchema>;

export const StatsSchema = z.object({
  /** chi2, p and cramersV are rounded as printed in a protected result, null when not printed. */
  chi2: z.number().nullable(),
  df: z.number().int().nullable(),
  p: z.number().nullable(),
  cramersV: z.number().nullable(),
  n: z.number().nullable(),
  /**
   * Expected counts and adjusted standardised residuals, over the same rows and cols as `counts`:
   * null for empty lines and, in a protected result, wherever they could tell a suppressed number.
   */
  expected: matrix,
  adjustedResiduals: matrix,
  /** Share of cells with an expected count below 5 (SPSS's footnote). */
  lowExpectedShare: z.number().nullable(),
  warning: z.string().nullable(),
  publication: StatsPublicationSchema.optional(),
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
  /**
   * Earlier outputs of the release that already give small counts away. Needs together: an
   * earlier output whose hidden small counts can be narrowed whatever this matrix hides (through
   * the earlier outputs alone, or only with this matrix's numbers). A table (`table`): hidden
   * small counts of this table that the earlier output (or, named as such, the earlier outputs
   * together) already narrowed before it; the table narrows them no further. Each with the
   * output's name and date and how many counts.
   */
  givenAwayEarlier: z
    .array(z.object({ output: z.string(), counts: z.number().int(), through: z.enum(['earlier', 'table']) }))
    .optional(),
});
export type DisclosureReport = z.infer<typeof DisclosureReportSchema>;
export type GivenAwayEarlier = NonNullable<DisclosureReport['givenAwayEarlier']>[number];

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
  /** With spec.intervals: limits of the published percentages and rates. */
  intervals: ResultIntervalsSchema.optional(),
  /** With spec.intervals and a financial year dimension: each year's change, marked when more than noise. */
  changes: YearChangesSchema.optional(),
  stats: StatsSchema.nullable().optional(),
  /** With spec.timeToOutcome: each cell's quartiles of the days from offence to outcome. */
  outcomes: ResultOutcomesSchema.optional(),
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
