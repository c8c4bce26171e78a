// Specs of the engine's calls besides `query` (whose spec is the contract's QuerySpec):
// facet counts, trends and record exports, validated like every other input. Each names a
// cohort or a context dataset (`context:NAME`), never the overlap.
import { z } from 'zod';
import { FilterSchema, QuerySpecSchema, SnapshotNameSchema } from '../../shared/query.ts';

const fieldName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/);

export const FacetSpecSchema = z
  .object({
    cohort: SnapshotNameSchema,
    filters: z.array(FilterSchema).max(64).default([]),
    measure: z.enum(['records', 'persons']).default('records'),
    /** The facets to count; all dimensions of the cohort when absent. */
    fields: z.array(fieldName).max(100).optional(),
  })
  .strict();
export type FacetSpec = z.output<typeof FacetSpecSchema>;
export type FacetSpecInput = z.input<typeof FacetSpecSchema>;

export interface Facet {
  field: string;
  categories: string[];
  counts: number[];
  /** True when this facet's own filter was ignored in its counts. */
  ownFilterIgnored: boolean;
}
export interface FacetResult {
  cohort: string;
  measure: 'records' | 'persons';
  facets: Facet[];
  /** Records passing every filter. */
  recordsMatched: number;
  recordsTotal: number;
  elapsedMs: number;
}

export const TrendSpecSchema = z
  .object({
    cohort: SnapshotNameSchema,
    filters: z.array(FilterSchema).max(64).default([]),
    by: z.enum(['month', 'financial_year']).default('month'),
    series: fieldName.nullable().default(null),
    measure: z.enum(['records', 'persons']).default('records'),
    disclosure: QuerySpecSchema.shape.disclosure,
  })
  .strict();
export type TrendSpec = z.output<typeof TrendSpecSchema>;
export type TrendSpecInput = z.input<typeof TrendSpecSchema>;

export const ExportSpecSchema = z
  .object({ cohort: SnapshotNameSchema, filters: z.array(FilterSchema).max(64).default([]) })
  .strict();
export type ExportSpecInput = z.input<typeof ExportSpecSchema>;
