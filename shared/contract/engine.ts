import { z } from 'zod';
import { method } from './define.ts';
import {
  DatasetNameSchema,
  DEFAULT_DISCLOSURE,
  DisclosureRuleSchema,
  FilterSchema,
  QueryResultSchema,
  QuerySpecSchema,
} from '../query.ts';

export const FacetSchema = z.object({
  field: z.string(),
  label: z.string(),
  kind: z.enum(['category', 'ordinal', 'flag']),
  categories: z.array(z.object({ label: z.string(), count: z.number() })),
});
export type Facet = z.infer<typeof FacetSchema>;

export const CodebookColumnSchema = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['category', 'ordinal', 'flag', 'date', 'number', 'person_key']),
  cohorts: z.array(z.string()),
  categories: z.array(z.string()),
  open: z.boolean(),
  role: z.enum(['quasi_identifier', 'sensitive', 'none']),
  custom: z.boolean().optional(),
  description: z.string().optional(),
});

export const DatasetSummarySchema = z.object({
  name: z.string(),
  label: z.string(),
  records: z.number(),
  persons: z.number(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
  financialYears: z.array(z.string()),
  /** Share of non-missing values per column (0..1). */
  completeness: z.record(z.string(), z.number()),
});
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>;

/** A dimension, date or number of one dataset as the engine holds it (context datasets have their own). */
export const DatasetColumnSchema = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['category', 'ordinal', 'flag', 'date', 'number']),
  /** Categories in display order (dimensions only). */
  categories: z.array(z.string()),
});
export type DatasetColumn = z.infer<typeof DatasetColumnSchema>;

export const DatasetColumnsSchema = z.object({
  name: z.string(),
  label: z.string(),
  records: z.number(),
  /** False for a context dataset: it counts records only. */
  hasPersons: z.boolean(),
  columns: z.array(DatasetColumnSchema),
});
export type DatasetColumns = z.infer<typeof DatasetColumnsSchema>;

const fieldName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/);

/** The rolling window of the repeat victimisation fields, as in a query; absent: 365 days. */
const RepeatWindowSchema = z
  .object({ days: z.number().int().min(1).max(3660) })
  .strict()
  .optional();

/** A trend: counts by month or financial year, with an optional series. Parsed once, by the dispatcher (or the CLI). */
export const TrendSpecSchema = z
  .object({
    cohort: DatasetNameSchema,
    filters: z.array(FilterSchema).max(64).default([]),
    by: z.enum(['month', 'financial_year']),
    series: fieldName.nullable().default(null),
    measure: z.enum(['records', 'persons']).default('records'),
    disclosure: DisclosureRuleSchema.nullable().default(DEFAULT_DISCLOSURE),
    window: RepeatWindowSchema,
    /** Each year's change marked when more than noise (by financial year), as in a query. */
    intervals: z.boolean().optional(),
  })
  .strict();
export type TrendSpec = z.output<typeof TrendSpecSchema>;

/** Facet counts: every category of the dataset's dimensions (or of `fields`) under the filters. */
export const FacetSpecSchema = z
  .object({
    cohort: DatasetNameSchema,
    filters: z.array(FilterSchema).max(64).default([]),
    measure: z.enum(['records', 'persons']).default('records'),
    /** The facets to count; all dimensions of the dataset when absent. */
    fields: z.array(fieldName).max(100).optional(),
    window: RepeatWindowSchema,
  })
  .strict();
export type FacetSpec = z.output<typeof FacetSpecSchema>;

/** The records of a dataset under filters (the Arrow export for R or Python). */
export const RecordsSpecSchema = z
  .object({ cohort: DatasetNameSchema, filters: z.array(FilterSchema).max(64).default([]) })
  .strict();
export type RecordsSpec = z.output<typeof RecordsSpecSchema>;

export const engineMethods = {
  'engine.query': method(
    QuerySpecSchema,
    QueryResultSchema,
    'Cross-tabulate a cohort under filters, with statistics and disclosure control',
  ),
  'engine.facets': method(
    FacetSpecSchema,
    z.object({ facets: z.array(FacetSchema), total: z.number(), elapsedMs: z.number() }),
    'Counts of every category of every dimension under the filters (each facet ignoring its own filter)',
  ),
  'engine.trend': method(
    TrendSpecSchema,
    QueryResultSchema,
    'Counts by month or financial year, with an optional series',
  ),
  'codebook.get': method(
    z.object({}).strict(),
    z.object({ version: z.number(), columns: z.array(CodebookColumnSchema) }),
    'The open workspace’s codebook',
  ),
  'data.summary': method(
    z.object({}).strict(),
    z.object({ datasets: z.array(DatasetSummarySchema) }),
    'Records, persons, period and completeness of each cohort and context dataset',
  ),
  'data.datasetColumns': method(
    z.object({ dataset: DatasetNameSchema }).strict(),
    DatasetColumnsSchema,
    'The dimensions, dates and numbers of one loaded dataset (a cohort or context:NAME), as the engine holds them',
  ),
} as const;
