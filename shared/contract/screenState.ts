// screen.*: what a screen was showing when the analyst left it (Explore's whole builder),
// kept inside the encrypted workspace so that it comes back when the workspace reopens.
// Filter values are category labels of the workspace, so they stay in the workspace file.
import { z } from 'zod';
import { method } from './define.ts';
import { CHART_TYPES } from '../figure.ts';
import { CategoryGroupsSchema, DatasetNameSchema, DisclosureRuleSchema } from '../query.ts';

const fieldName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'a column name of the codebook');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const PeriodSchema = z
  .object({
    kind: z.enum(['all', 'financialYear', 'quarter', 'custom']),
    financialYears: z.array(z.string().max(20)).max(100).optional(),
    quarter: z
      .object({ year: z.string().max(20), q: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]) })
      .strict()
      .optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict();

export const FacetSelectionSchema = z
  .object({ mode: z.enum(['in', 'notIn']), values: z.array(z.string().max(500)).max(10_000) })
  .strict();

export const RateSchema = z.object({ per: z.number().positive(), population: z.string().min(1).max(100) }).strict();

/** Explore as the analyst left it: dataset, period, filters, the builder, the chart and its words. */
export const ExploreViewSchema = z
  .object({
    cohort: DatasetNameSchema,
    period: PeriodSchema,
    selections: z.record(fieldName, FacetSelectionSchema),
    rows: z.array(fieldName).max(3),
    cols: z.array(fieldName).max(3),
    measure: z.enum(['records', 'persons']),
    /** Rates per `per` residents against a population table; null: counts. */
    rate: RateSchema.nullable(),
    percent: z.enum(['none', 'row', 'col', 'total']),
    stats: z.boolean(),
    /** 95% confidence intervals and year-on-year change marks; absent in views saved before they existed. */
    intervals: z.boolean().default(false),
    disclosure: DisclosureRuleSchema.nullable(),
    groups: CategoryGroupsSchema,
    chart: z.enum(CHART_TYPES),
    /** Show categories and series whose total is zero; absent in views saved before it existed. */
    keepEmpty: z.boolean().default(false),
    title: z.string().max(300),
    notes: z.string().max(2000),
    /** The journeys table's window in days; absent: the default. */
    journeyWindowDays: z.number().int().min(0).max(3650).optional(),
    /** The rolling window of the repeat victimisation fields; absent: the default (365 days). */
    window: z
      .object({ days: z.number().int().min(1).max(3650) })
      .strict()
      .optional(),
    /** The saved figure this view was opened from (or saved as), if any. */
    figureName: z.string().max(120).nullable(),
  })
  .strict();
export type ExploreView = z.infer<typeof ExploreViewSchema>;

export const screenStateMethods = {
  'screen.explore.get': method(
    z.object({}).strict(),
    z.object({ view: ExploreViewSchema.nullable() }),
    'Explore as it was last left in this workspace (null: never, or saved by a version that cannot be read)',
  ),
  'screen.explore.set': method(
    z.object({ view: ExploreViewSchema }).strict(),
    z.object({ saved: z.boolean() }),
    'Keep Explore’s current view in the workspace',
  ),
} as const;
